/**
 * The milestones list's live updates, end to end inside the component: the real protocol
 * client, coalescer and cue (live-updates.ts) over a fake socket; only the transport, the
 * ticket and the name lookup are stand-ins. The server's re-render is the test's `rerender`
 * with the rows the server would answer.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Milestone } from "@/app/lib/api/schemas";
import { DEFAULT_TABLE_STATE } from "@/app/lib/milestones/table-state";
import { orgCaller } from "@/core/portable/caller";
import { PERMISSION_KEYS } from "@/core/portable/permissions";
import { FakeSocket } from "./live-test-socket";
import type * as LiveUpdates from "./live-updates";
import { MilestonesTable, type MilestonesTableProps } from "./milestones-table";
import { milestone } from "./test-fixtures";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/milestones",
}));
vi.mock("@/app/lib/milestones/actions", () => ({
  updateMilestoneAction: vi.fn(),
  deleteMilestoneAction: vi.fn(),
  deleteMilestonesAction: vi.fn(),
  updateMilestonesAction: vi.fn(),
}));
const lookup = vi.hoisted(() => ({ names: vi.fn() }));
vi.mock("@/app/lib/live/actions", () => ({ liveActorNamesAction: lookup.names }));
vi.mock("./live-updates", async (importOriginal) => {
  const real = await importOriginal<typeof LiveUpdates>();
  const { FakeSocket: Socket } = await import("./live-test-socket");
  return {
    ...real,
    startLiveBatches: (options: Parameters<typeof real.startLiveBatches>[0]) =>
      real.startLiveBatches({
        ...options,
        ticket: () =>
          Promise.resolve({
            token: "tok",
            realtimeUrl: "ws://127.0.0.1:4000/graphql/realtime",
            userId: "user_alice",
            expiresAt: null,
          }),
        WebSocketImpl: Socket as unknown as typeof WebSocket,
      }),
  };
});

const rows: Milestone[] = [
  milestone("m1", "Launch website", "user_alice"),
  milestone("m2", "Hire designer", "user_bob"),
];
const admin = orgCaller("user_alice", "org_acme", "org:admin", "", PERMISSION_KEYS);

function props(over: Partial<MilestonesTableProps> = {}): MilestonesTableProps {
  return {
    state: DEFAULT_TABLE_STATE,
    rows,
    nextCursor: null,
    partial: false,
    viewer: admin,
    owners: [
      { id: "user_alice", name: "Alice Admin" },
      { id: "user_bob", name: "Bob Member" },
    ],
    now: "2026-11-26T18:00:00.000Z",
    ...over,
  };
}

/** Renders the table and plays the server's side of the handshake. */
async function renderLive(over: Partial<MilestonesTableProps> = {}) {
  const view = render(<MilestonesTable {...props(over)} />);
  const root = view.container.querySelector("[data-live]");
  expect(root?.getAttribute("data-live")).toBe("off");
  await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
  const socket = FakeSocket.all[0];
  if (!socket) throw new Error("no socket");
  act(() => socket.accept());
  await waitFor(() => expect(root?.getAttribute("data-live")).toBe("on"));
  return { ...view, socket };
}

const status = () =>
  screen.getAllByRole("status").find((element) => element.getAttribute("aria-live") === "polite");

beforeEach(() => {
  vi.clearAllMocks();
  FakeSocket.all = [];
});

describe("MilestonesTable: live updates", () => {
  it("turns data-live on at start_ack; another user's new milestone refreshes the list once, with the cue and the row highlighted", async () => {
    const { socket, rerender } = await renderLive();
    act(() =>
      socket.deliver({ kind: "CREATED", milestoneId: "m3", actorId: "user_bob", version: 1 }),
    );
    await waitFor(() => expect(status()?.textContent).toBe("Milestone created by Bob Member"));
    expect(router.refresh).toHaveBeenCalledTimes(1);
    // The server's answer puts the new row first (most recently updated).
    rerender(
      <MilestonesTable
        {...props({ rows: [milestone("m3", "New from Bob", "user_bob", { version: 1 }), ...rows] })}
      />,
    );
    const table = screen.getByRole("table", { name: "Milestones" });
    const bodyRows = within(table).getAllByRole("row").slice(1);
    expect(bodyRows[0]?.textContent).toContain("New from Bob");
    expect(bodyRows[0]?.hasAttribute("data-live-changed")).toBe(true);
    expect(bodyRows[1]?.hasAttribute("data-live-changed")).toBe(false);
  });

  it("coalesces a colleague's bulk edit of 25 rows into one refresh and one cue", async () => {
    const { socket } = await renderLive();
    act(() => {
      for (let i = 0; i < 25; i++)
        socket.deliver({ kind: "UPDATED", milestoneId: `b${i}`, actorId: "user_bob", version: 4 });
    });
    await waitFor(() => expect(status()?.textContent).toBe("25 milestones updated by Bob Member"));
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });

  it("leaves the viewer's own changes out: no refresh, no cue for them", async () => {
    const { socket } = await renderLive();
    act(() => {
      // The viewer's own status change and bulk delete (already shown optimistically) …
      socket.deliver({ kind: "UPDATED", milestoneId: "m1", actorId: "user_alice", version: 4 });
      socket.deliver({ kind: "DELETED", milestoneId: "m2", actorId: "user_alice", version: null });
      // … and, in the same burst, one deletion by someone else.
      socket.deliver({ kind: "DELETED", milestoneId: "m9", actorId: "user_bob", version: null });
    });
    await waitFor(() => expect(status()?.textContent).toBe("Milestone deleted by Bob Member"));
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });

  it("names an actor the page does not list through the lookup, once", async () => {
    lookup.names.mockResolvedValue({ user_cy: "Cy Colleague" });
    const { socket } = await renderLive();
    act(() =>
      socket.deliver({ kind: "UPDATED", milestoneId: "m2", actorId: "user_cy", version: 4 }),
    );
    await waitFor(() => expect(status()?.textContent).toBe("Milestone updated by Cy Colleague"));
    expect(lookup.names).toHaveBeenCalledWith([{ actorId: "user_cy", milestoneId: "m2" }]);
  });

  it("stays off and quiet when the socket is refused", async () => {
    const view = render(<MilestonesTable {...props()} />);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    act(() => FakeSocket.all[0]?.onmessage?.({ data: '{"type":"connection_error"}' }));
    expect(view.container.querySelector("[data-live]")?.getAttribute("data-live")).toBe("off");
    expect(status()?.textContent).toBe("");
    expect(screen.getByRole("table", { name: "Milestones" })).toBeTruthy();
  });
});
