/**
 * The milestone detail page's live updates: the real protocol client over a fake socket, the
 * real editor and server actions (only the data module, session and Next's cache replaced,
 * as in milestone-form.test.tsx). The server's re-render is the test's `rerender`.
 */
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Milestone } from "@/app/lib/api/schemas";
import { ApiError } from "@/app/lib/api/errors";
import { FakeSocket } from "./live-test-socket";
import type * as LiveUpdates from "./live-updates";
import { MilestoneEditor } from "./milestone-editor";
import { MilestoneLive, MilestoneLiveCue } from "./milestone-live";

const router = { push: vi.fn(), replace: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({
  useRouter: () => router,
  usePathname: () => "/milestones/m1",
}));
const api = vi.hoisted(() => ({ updateMilestone: vi.fn(), deleteMilestone: vi.fn() }));
vi.mock("@/app/lib/api", () => ({ api }));
vi.mock("@/app/lib/session", () => ({
  getSession: () =>
    Promise.resolve({
      mode: "local",
      user: { id: "user_bob", name: "Bob Member", email: "bob@test" },
      orgId: "org_acme",
      role: "member",
      getToken: () => Promise.resolve("token"),
    }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
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
            userId: "user_bob",
            expiresAt: null,
          }),
        WebSocketImpl: Socket as unknown as typeof WebSocket,
      }),
  };
});

const v3: Milestone = {
  id: "m1",
  scope: "ORG",
  orgId: "org_acme",
  ownerId: "user_bob",
  owner: { id: "user_bob", name: "Bob Member", imageUrl: null },
  title: "Launch",
  description: "Ship it",
  status: "PLANNED",
  dueDate: null,
  createdAt: "2026-11-01T10:00:00.000Z",
  updatedAt: "2026-11-26T17:00:00.000Z",
  version: 3,
};
/** Ada's edit (elsewhere): a new title, version 4. */
const v4: Milestone = { ...v3, title: "Launch (approved)", version: 4 };

function Page({ milestone }: { milestone: Milestone }) {
  return (
    <MilestoneLive milestoneId="m1" names={{ user_bob: "Bob Member" }}>
      <MilestoneLiveCue />
      <h1>{milestone.title}</h1>
      <MilestoneEditor milestone={milestone} />
    </MilestoneLive>
  );
}

async function renderLive() {
  const view = render(<Page milestone={v3} />);
  await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
  const socket = FakeSocket.all[0];
  if (!socket) throw new Error("no socket");
  act(() => socket.accept());
  await waitFor(() => expect(view.container.querySelector('[data-live="on"]')).not.toBeNull());
  return { ...view, socket };
}

const form = () => screen.getByRole("region", { name: "Edit milestone" });

beforeEach(() => {
  vi.clearAllMocks();
  FakeSocket.all = [];
  lookup.names.mockResolvedValue({ user_ada: "Ada Admin" });
});

describe("milestone detail: live updates", () => {
  it("another user's edit refreshes the page, says who, and a clean form shows the new version", async () => {
    const { socket, rerender } = await renderLive();
    act(() => socket.deliver({ milestoneId: "m1", actorId: "user_ada", version: 4 }));
    await waitFor(() => expect(screen.getByText("Updated by Ada Admin")).toBeTruthy());
    expect(router.refresh).toHaveBeenCalledTimes(1);
    rerender(<Page milestone={v4} />);
    expect(within(form()).getByLabelText("Title")).toHaveProperty("value", "Launch (approved)");
    expect(screen.queryByText(/while you were editing/)).toBeNull();
  });

  it("keeps unsaved input, says the milestone changed, and the save gets the usual conflict", async () => {
    const user = userEvent.setup();
    const { socket, rerender } = await renderLive();
    const description = within(form()).getByLabelText("Description");
    await user.clear(description);
    await user.type(description, "My unsaved words");

    act(() => socket.deliver({ milestoneId: "m1", actorId: "user_ada", version: 4 }));
    await waitFor(() => expect(router.refresh).toHaveBeenCalledTimes(1));
    rerender(<Page milestone={v4} />);
    expect((await screen.findByText(/while you were editing/)).textContent).toContain(
      "Updated by Ada Admin while you were editing",
    );
    expect(within(form()).getByLabelText("Description")).toHaveProperty(
      "value",
      "My unsaved words",
    );
    // Nothing moved silently: the title is still the one the input was typed against.
    expect(within(form()).getByLabelText("Title")).toHaveProperty("value", "Launch");

    api.updateMilestone.mockRejectedValue(
      new ApiError("ConflictError", "The milestone has changed since it was read", {
        currentVersion: 4,
      }),
    );
    await user.click(within(form()).getByRole("button", { name: "Save changes" }));
    const alert = await within(form()).findByRole("alert");
    expect(alert.textContent).toContain("changed by someone else");
    // Saved with the version the input was typed against, not the newer one.
    expect(api.updateMilestone).toHaveBeenCalledWith("m1", 3, { description: "My unsaved words" });

    // Reload moves the input onto version 4 knowingly: Ada's title, the user's description.
    await user.click(within(alert).getByRole("button", { name: "Reload" }));
    expect(within(form()).getByLabelText("Title")).toHaveProperty("value", "Launch (approved)");
    expect(within(form()).getByLabelText("Description")).toHaveProperty(
      "value",
      "My unsaved words",
    );
    api.updateMilestone.mockReset();
    api.updateMilestone.mockResolvedValue({ ...v4, description: "My unsaved words", version: 5 });
    await user.click(within(form()).getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(api.updateMilestone).toHaveBeenCalledWith("m1", 4, {
        description: "My unsaved words",
      }),
    );
  });

  it("the user's own save is not taken for someone else's change", async () => {
    const user = userEvent.setup();
    const { rerender } = await renderLive();
    const title = within(form()).getByLabelText("Title");
    await user.clear(title);
    await user.type(title, "Launch soon");
    api.updateMilestone.mockResolvedValue({ ...v3, title: "Launch soon", version: 4 });
    await user.click(within(form()).getByRole("button", { name: "Save changes" }));
    await waitFor(() =>
      expect(api.updateMilestone).toHaveBeenCalledWith("m1", 3, { title: "Launch soon" }),
    );
    // The server's re-render after the action: version 4, ours.
    rerender(<Page milestone={{ ...v3, title: "Launch soon", version: 4 }} />);
    expect(screen.queryByText(/while you were editing/)).toBeNull();
    expect(router.refresh).not.toHaveBeenCalled();
  });

  it("a deletion by someone else says so and turns the form read-only instead of failing later", async () => {
    const { socket } = await renderLive();
    act(() =>
      socket.deliver({ kind: "DELETED", milestoneId: "m1", actorId: "user_ada", version: null }),
    );
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Deleted by Ada Admin");
    expect(within(form()).getByRole("button", { name: "Save changes" })).toHaveProperty(
      "disabled",
      true,
    );
    expect(within(form()).getByRole("button", { name: /Delete/ })).toHaveProperty("disabled", true);
    expect(within(form()).getByLabelText("Title")).toHaveProperty("disabled", true);
    // The page is not refreshed into "not found": what the user typed stays readable.
    expect(router.refresh).not.toHaveBeenCalled();
  });

  it("ignores changes of other milestones", async () => {
    const { socket } = await renderLive();
    act(() => {
      socket.deliver({ milestoneId: "m2", actorId: "user_ada", version: 9 });
      socket.deliver({ kind: "DELETED", milestoneId: "m3", actorId: "user_ada", version: null });
      socket.deliver({ milestoneId: "m1", actorId: "user_ada", version: 4 });
    });
    await waitFor(() => expect(screen.getByText("Updated by Ada Admin")).toBeTruthy());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(router.refresh).toHaveBeenCalledTimes(1);
  });
});
