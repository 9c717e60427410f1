import { describe, expect, it, vi } from "vitest";
import type { Milestone, MilestonePage } from "../api/schemas";
import { ApiError } from "../api/errors";
import { loadOverview, MAX_MINE_PAGES, type OverviewApi } from "./load";

const NOW = new Date("2026-12-02T10:00:00Z");

function milestone(id: string, status: Milestone["status"], dueDate: string | null): Milestone {
  return {
    id,
    scope: "ORG",
    orgId: "org_1",
    ownerId: "user_me",
    owner: null,
    title: id,
    description: "",
    status,
    dueDate,
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-11-01T00:00:00Z",
    version: 1,
  };
}

const stats = {
  counts: [
    { status: "PLANNED" as const, count: 2 },
    { status: "IN_PROGRESS" as const, count: 0 },
    { status: "DONE" as const, count: 1 },
    { status: "BLOCKED" as const, count: 0 },
  ],
  total: 3,
};

function fakeApi(
  pages: MilestonePage[],
  recent: Milestone[] = [],
): OverviewApi & {
  milestones: ReturnType<typeof vi.fn>;
  syncEvents: ReturnType<typeof vi.fn>;
} {
  let page = 0;
  return {
    milestones: vi.fn((args: { sort?: string }) =>
      Promise.resolve(
        args.sort === "UPDATED_AT"
          ? { items: recent, nextToken: null }
          : (pages[page++] ?? { items: [], nextToken: null }),
      ),
    ),
    milestoneStats: () => Promise.resolve(stats),
    syncEvents: vi.fn(() =>
      Promise.resolve({
        items: [
          {
            id: "msg_1",
            type: "user.updated",
            objectId: "user_1",
            outcome: "FAILED" as const,
            reason: "x",
            receivedAt: "2026-12-02T09:00:00Z",
          },
        ],
        nextToken: null,
      }),
    ),
  };
}

describe("loadOverview", () => {
  it("asks for the viewer's milestones due before the window's end, by due date, and groups them", async () => {
    const api = fakeApi([
      {
        items: [
          milestone("late", "PLANNED", "2026-11-30"),
          milestone("done", "DONE", "2026-11-29"),
        ],
        nextToken: "t1",
      },
      { items: [milestone("soon", "BLOCKED", "2026-12-10")], nextToken: null },
    ]);
    const overview = await loadOverview(api, { userId: "user_me", seesSyncHealth: false }, NOW);
    expect(api.milestones).toHaveBeenCalledWith({
      filter: { ownerId: "user_me", dueBefore: "2026-12-17" },
      sort: "DUE_DATE",
      limit: 100,
      nextToken: "t1",
    });
    expect(overview.mine).toEqual({
      ok: true,
      value: {
        overdue: [expect.objectContaining({ id: "late" })],
        dueSoon: [expect.objectContaining({ id: "soon" })],
        truncated: false,
      },
    });
    expect(overview.stats).toEqual({ ok: true, value: stats });
    expect(api.milestones).toHaveBeenCalledWith({ sort: "UPDATED_AT", limit: 5 });
    // Not an admin: no sync log read at all.
    expect(overview.sync).toBeNull();
    expect(api.syncEvents).not.toHaveBeenCalled();
  });

  it("stops paging at its bound and says so", async () => {
    const pages = Array.from({ length: MAX_MINE_PAGES + 2 }, (_, i) => ({
      items: [milestone(`m${i}`, "PLANNED", "2026-12-05")],
      nextToken: `t${i}`,
    }));
    const api = fakeApi(pages);
    const overview = await loadOverview(api, { userId: "user_me", seesSyncHealth: false }, NOW);
    expect(overview.mine.ok && overview.mine.value.truncated).toBe(true);
    expect(overview.mine.ok && overview.mine.value.dueSoon).toHaveLength(MAX_MINE_PAGES);
  });

  it("summarises sync health for admins, and keeps a failed section to itself", async () => {
    const api = fakeApi([]);
    api.milestoneStats = () => Promise.reject(new ApiError("Unavailable", "down"));
    const overview = await loadOverview(api, { userId: "user_me", seesSyncHealth: true }, NOW);
    expect(overview.stats.ok).toBe(false);
    expect(overview.mine.ok).toBe(true);
    expect(overview.sync).toMatchObject({ ok: true, value: { status: "failing", total: 1 } });
  });
});
