"use client";

/**
 * The Milestones table's mutations: inline status changes, deletes and bulk deletes through
 * the server actions, shown at once (optimistic rows) and rolled back when the action fails
 * (the optimistic state ends with the transition; the server's rows come back). Which rows
 * have a change in flight, the last failure (`notice`) and the last bulk delete's per-id
 * results are state the table shows.
 */
import { useOptimistic, useState, useTransition } from "react";
import { toast } from "@/app/components/ui/toast";
import type {
  BulkUpdateMilestonesInput,
  DeleteMilestoneResult,
  Milestone,
  UpdateMilestoneResult,
} from "@/app/lib/api/schemas";
import {
  deleteMilestoneAction,
  deleteMilestonesAction,
  updateMilestoneAction,
  updateMilestonesAction,
} from "@/app/lib/milestones/actions";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import type { MilestoneStatus } from "@/core/portable/milestone";
import type { ActionError } from "@/app/lib/milestones/results";
// deleteMilestones takes 1–BULK_DELETE_MAX ids (the found ones deleted together, or none).
import { BULK_DELETE_MAX as MAX_BULK_DELETE } from "@/core/portable/milestone";
// updateMilestones takes 1–BULK_UPDATE_MAX items (each row decided on its own).
import { BULK_UPDATE_MAX as MAX_BULK_UPDATE } from "@/core/portable/milestone";

export type Notice = { kind: "conflict" | "error"; message: string };
export type BulkResult = DeleteMilestoneResult & { title: string };
export type BulkEditResult = UpdateMilestoneResult & { title: string };

type Optimistic =
  { type: "status"; id: string; status: MilestoneStatus } | { type: "remove"; ids: string[] };

function applyOptimistic(rows: Milestone[], action: Optimistic): Milestone[] {
  if (action.type === "status") {
    return rows.map((row) => (row.id === action.id ? { ...row, status: action.status } : row));
  }
  const removed = new Set(action.ids);
  return rows.filter((row) => !removed.has(row.id));
}

function noticeOf(error: ActionError): Notice {
  return { kind: error.type === "ConflictError" ? "conflict" : "error", message: error.message };
}

export interface MilestoneMutations {
  /** The server's rows with the changes in flight applied. */
  rows: Milestone[];
  /** A mutation's transition is running. */
  mutating: boolean;
  /** Rows with a change in flight: their version is about to move, so no second change yet. */
  inFlight: ReadonlySet<string>;
  notice: Notice | null;
  dismissNotice: () => void;
  bulkResults: BulkResult[] | null;
  dismissBulkResults: () => void;
  changeStatus: (milestone: Milestone, status: MilestoneStatus) => void;
  deleteOne: (milestone: Milestone) => void;
  /** Deletes these rows together (at most 25); `onBulkDeleted` runs once the server answered. */
  deleteMany: (targets: readonly Milestone[]) => void;
  bulkEditResults: BulkEditResult[] | null;
  dismissBulkEditResults: () => void;
  /**
   * Bulk edit of these rows (at most 25), each at its version; `onBulkEdited` gets the ids
   * the server applied (the refused ones stay selected, their reasons in `bulkEditResults`).
   */
  editMany: (targets: readonly Milestone[], input: BulkUpdateMilestonesInput) => void;
}

export function useMilestoneMutations(
  serverRows: Milestone[],
  {
    onBulkDeleted,
    onBulkEdited = () => {},
  }: { onBulkDeleted: () => void; onBulkEdited?: (appliedIds: string[]) => void },
): MilestoneMutations {
  const [rows, addOptimistic] = useOptimistic(serverRows, applyOptimistic);
  const [mutating, startMutation] = useTransition();
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(new Set());
  const track = (ids: string[], on: boolean) =>
    setInFlight((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [bulkResults, setBulkResults] = useState<BulkResult[] | null>(null);
  const [bulkEditResults, setBulkEditResults] = useState<BulkEditResult[] | null>(null);

  const changeStatus = (milestone: Milestone, status: MilestoneStatus) => {
    setNotice(null);
    // Outside the transition: React commits a transition's updates only when its action ends,
    // so a row marked in there would never show as in flight.
    track([milestone.id], true);
    startMutation(async () => {
      addOptimistic({ type: "status", id: milestone.id, status });
      let result;
      try {
        result = await updateMilestoneAction(milestone.id, milestone.version, { status });
      } finally {
        track([milestone.id], false);
      }
      if (!result.ok) setNotice(noticeOf(result.error));
      else toast.success(`“${milestone.title}” is now ${STATUS_LABELS[status].toLowerCase()}`);
    });
  };

  const deleteOne = (milestone: Milestone) => {
    setNotice(null);
    startMutation(async () => {
      addOptimistic({ type: "remove", ids: [milestone.id] });
      const result = await deleteMilestoneAction(milestone.id, milestone.version);
      if (!result.ok) setNotice(noticeOf(result.error));
      else toast.success(`Deleted “${milestone.title}”`);
    });
  };

  const deleteMany = (targets: readonly Milestone[]) => {
    if (targets.length === 0) return;
    if (targets.length > MAX_BULK_DELETE) {
      setNotice({
        kind: "error",
        message: `Select at most ${MAX_BULK_DELETE} milestones to delete at once (${targets.length} selected).`,
      });
      return;
    }
    setNotice(null);
    setBulkResults(null);
    const ids = targets.map((row) => row.id);
    startMutation(async () => {
      addOptimistic({ type: "remove", ids });
      const result = await deleteMilestonesAction(ids);
      if (!result.ok) {
        setNotice(noticeOf(result.error));
        return;
      }
      const titles = new Map(targets.map((row) => [row.id, row.title]));
      setBulkResults(
        result.results.map((entry) => ({ ...entry, title: titles.get(entry.id) ?? entry.id })),
      );
      onBulkDeleted();
      const deleted = result.results.filter((entry) => entry.deleted).length;
      if (deleted === result.results.length)
        toast.success(`Deleted ${deleted} milestone${deleted === 1 ? "" : "s"}`);
    });
  };

  const editMany = (targets: readonly Milestone[], input: BulkUpdateMilestonesInput) => {
    if (targets.length === 0) return;
    if (targets.length > MAX_BULK_UPDATE) {
      setNotice({
        kind: "error",
        message: `Select at most ${MAX_BULK_UPDATE} milestones to edit at once (${targets.length} selected).`,
      });
      return;
    }
    setNotice(null);
    setBulkEditResults(null);
    const ids = targets.map((row) => row.id);
    track(ids, true);
    startMutation(async () => {
      let result;
      try {
        result = await updateMilestonesAction(
          targets.map((row) => ({ id: row.id, expectedVersion: row.version })),
          input,
        );
      } finally {
        track(ids, false);
      }
      if (!result.ok) {
        setNotice(noticeOf(result.error));
        return;
      }
      const titles = new Map(targets.map((row) => [row.id, row.title]));
      setBulkEditResults(
        result.results.map((entry) => ({ ...entry, title: titles.get(entry.id) ?? entry.id })),
      );
      const applied = result.results.filter((entry) => entry.updated).map((entry) => entry.id);
      onBulkEdited(applied);
      if (applied.length === result.results.length)
        toast.success(`Updated ${applied.length} milestone${applied.length === 1 ? "" : "s"}`);
    });
  };

  return {
    rows,
    mutating,
    inFlight,
    notice,
    dismissNotice: () => setNotice(null),
    bulkResults,
    dismissBulkResults: () => setBulkResults(null),
    changeStatus,
    deleteOne,
    deleteMany,
    bulkEditResults,
    dismissBulkEditResults: () => setBulkEditResults(null),
    editMany,
  };
}
