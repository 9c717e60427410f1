import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Milestone } from "@/app/lib/api/schemas";
import { CONFLICT_MESSAGE, type ActionResult } from "@/app/lib/milestones/results";
import { milestone } from "./test-fixtures";
import { useMilestoneMutations } from "./use-milestone-mutations";

const actions = vi.hoisted(() => ({
  updateMilestoneAction: vi.fn(),
  deleteMilestoneAction: vi.fn(),
  deleteMilestonesAction: vi.fn(),
}));
vi.mock("@/app/lib/milestones/actions", () => actions);

const rows: Milestone[] = [
  milestone("m1", "Launch website", "user_alice"),
  milestone("m2", "Hire designer", "user_bob"),
  milestone("m3", "Retrospective", "user_bob"),
];

/** A promise the test settles, for an action still in flight. */
function deferred<T>() {
  let settle: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

function renderMutations(serverRows = rows) {
  const onBulkDeleted = vi.fn();
  const hook = renderHook(() => useMilestoneMutations(serverRows, { onBulkDeleted }));
  return { ...hook, onBulkDeleted };
}

const ids = (list: readonly Milestone[]) => list.map((row) => row.id);

beforeEach(() => {
  vi.clearAllMocks();
});

describe("useMilestoneMutations", () => {
  it("shows a status change at once, marks the row in flight, and rolls back on a conflict", async () => {
    const update = deferred<ActionResult>();
    actions.updateMilestoneAction.mockReturnValue(update.promise);
    const { result } = renderMutations();

    act(() => result.current.changeStatus(rows[0] as Milestone, "DONE"));
    expect(actions.updateMilestoneAction).toHaveBeenCalledWith("m1", 3, { status: "DONE" });
    await waitFor(() => expect(result.current.rows[0]?.status).toBe("DONE"));
    expect([...result.current.inFlight]).toEqual(["m1"]);
    expect(result.current.mutating).toBe(true);
    expect(result.current.rows[1]?.status).toBe("PLANNED");

    await act(async () => {
      update.settle({ ok: false, error: { type: "ConflictError", message: CONFLICT_MESSAGE } });
      await update.promise;
    });
    await waitFor(() => expect(result.current.mutating).toBe(false));
    expect(result.current.rows[0]?.status).toBe("PLANNED");
    expect(result.current.inFlight.size).toBe(0);
    expect(result.current.notice).toEqual({ kind: "conflict", message: CONFLICT_MESSAGE });

    act(() => result.current.dismissNotice());
    expect(result.current.notice).toBeNull();
  });

  it("hides a deleted row while the delete runs; any other failure is an error notice", async () => {
    const remove = deferred<ActionResult>();
    actions.deleteMilestoneAction.mockReturnValue(remove.promise);
    const { result } = renderMutations();

    act(() => result.current.deleteOne(rows[1] as Milestone));
    expect(actions.deleteMilestoneAction).toHaveBeenCalledWith("m2", 3);
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["m1", "m3"]));

    await act(async () => {
      remove.settle({ ok: false, error: { type: "Unauthorized", message: "Not yours." } });
      await remove.promise;
    });
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["m1", "m2", "m3"]));
    expect(result.current.notice).toEqual({ kind: "error", message: "Not yours." });
  });

  it("bulk-deletes together and keeps each id's result, with its title", async () => {
    const bulk = deferred<unknown>();
    actions.deleteMilestonesAction.mockReturnValue(bulk.promise);
    const { result, onBulkDeleted } = renderMutations();

    act(() => result.current.deleteMany([rows[0], rows[2]] as Milestone[]));
    expect(actions.deleteMilestonesAction).toHaveBeenCalledWith(["m1", "m3"]);
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["m2"]));
    expect(onBulkDeleted).not.toHaveBeenCalled();

    await act(async () => {
      bulk.settle({
        ok: true,
        results: [
          { id: "m1", deleted: true, errorType: null, message: null },
          { id: "m3", deleted: false, errorType: "NotFound", message: "Not found" },
        ],
      });
      await bulk.promise;
    });
    await waitFor(() => expect(result.current.bulkResults).not.toBeNull());
    expect(
      result.current.bulkResults?.map(({ id, title, deleted }) => [id, title, deleted]),
    ).toEqual([
      ["m1", "Launch website", true],
      ["m3", "Retrospective", false],
    ]);
    expect(onBulkDeleted).toHaveBeenCalledTimes(1);

    act(() => result.current.dismissBulkResults());
    expect(result.current.bulkResults).toBeNull();
  });

  it("refuses more than 25 rows at once without calling the API", () => {
    const many = Array.from({ length: 26 }, (_, index) =>
      milestone(`m${index}`, `Milestone ${index}`, "user_alice"),
    );
    const { result, onBulkDeleted } = renderMutations(many);
    act(() => result.current.deleteMany(many));
    expect(actions.deleteMilestonesAction).not.toHaveBeenCalled();
    expect(result.current.notice).toEqual({
      kind: "error",
      message: "Select at most 25 milestones to delete at once (26 selected).",
    });
    expect(result.current.rows).toHaveLength(26);
    expect(onBulkDeleted).not.toHaveBeenCalled();
  });

  it("a failed bulk delete brings the rows back and says why", async () => {
    actions.deleteMilestonesAction.mockResolvedValue({
      ok: false,
      error: { type: "Unauthorized", message: "Only an org admin may delete in bulk." },
    });
    const { result, onBulkDeleted } = renderMutations();
    act(() => result.current.deleteMany(rows));
    await waitFor(() =>
      expect(result.current.notice?.message).toBe("Only an org admin may delete in bulk."),
    );
    await waitFor(() => expect(ids(result.current.rows)).toEqual(["m1", "m2", "m3"]));
    expect(result.current.bulkResults).toBeNull();
    expect(onBulkDeleted).not.toHaveBeenCalled();
  });
});
