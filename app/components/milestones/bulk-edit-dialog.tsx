"use client";

/**
 * "Edit selected": what a bulk edit changes — status, due date (set or cleared), and the
 * owner for viewers who may give rows away (core's canChangeOwner). Loaded only when asked
 * for (next/dynamic), so the table's first paint ships none of it. Each field starts at
 * "keep"; the API decides each row and the table shows its per-row results.
 */
import { useState } from "react";
import { Button } from "@/app/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/app/components/ui/dialog";
import { Input } from "@/app/components/ui/input";
import { Label } from "@/app/components/ui/label";
import type { BulkUpdateMilestonesInput } from "@/app/lib/api/schemas";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import type { OwnerOption } from "@/app/lib/milestones/owners";
import { MILESTONE_STATUSES, type MilestoneStatus } from "@/core/portable/milestone";

const SELECT =
  "h-9 w-full rounded-md border border-input bg-transparent px-3 text-sm shadow-xs focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50";

type DueMode = "keep" | "set" | "clear";

export default function BulkEditDialog({
  count,
  owners,
  onSubmit,
  onCancel,
}: {
  count: number;
  /** Owners one may give the rows to; null: the viewer may not change owners (no field). */
  owners: OwnerOption[] | null;
  onSubmit: (input: BulkUpdateMilestonesInput) => void;
  onCancel: () => void;
}) {
  const [status, setStatus] = useState<MilestoneStatus | "">("");
  const [dueMode, setDueMode] = useState<DueMode>("keep");
  const [dueDate, setDueDate] = useState("");
  const [ownerId, setOwnerId] = useState("");

  const input: BulkUpdateMilestonesInput = {
    ...(status ? { status } : {}),
    ...(dueMode === "clear" ? { dueDate: null } : {}),
    ...(dueMode === "set" && dueDate ? { dueDate } : {}),
    ...(ownerId ? { ownerId } : {}),
  };
  const nothing = Object.keys(input).length === 0 || (dueMode === "set" && !dueDate);

  return (
    <Dialog open onOpenChange={(open) => !open && onCancel()}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!nothing) onSubmit(input);
          }}
        >
          <DialogHeader>
            <DialogTitle>
              Edit {count} milestone{count === 1 ? "" : "s"}
            </DialogTitle>
            <DialogDescription>
              Only the fields you change are written. Rows you may not edit, or that changed
              meanwhile, are left as they are and listed with the reason.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="bulk-status">Status</Label>
            <select
              id="bulk-status"
              className={SELECT}
              value={status}
              onChange={(event) => setStatus(event.target.value as MilestoneStatus | "")}
            >
              <option value="">Keep as is</option>
              {MILESTONE_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {STATUS_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="bulk-due-mode">Due date</Label>
            <select
              id="bulk-due-mode"
              className={SELECT}
              value={dueMode}
              onChange={(event) => setDueMode(event.target.value as DueMode)}
            >
              <option value="keep">Keep as is</option>
              <option value="set">Set to…</option>
              <option value="clear">Clear</option>
            </select>
            {dueMode === "set" ? (
              <Input
                type="date"
                aria-label="New due date"
                value={dueDate}
                required
                onChange={(event) => setDueDate(event.target.value)}
              />
            ) : null}
          </div>
          {owners ? (
            <div className="grid gap-2">
              <Label htmlFor="bulk-owner">Owner</Label>
              <select
                id="bulk-owner"
                className={SELECT}
                value={ownerId}
                onChange={(event) => setOwnerId(event.target.value)}
              >
                <option value="">Keep as is</option>
                {owners.map((owner) => (
                  <option key={owner.id} value={owner.id}>
                    {owner.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" disabled={nothing}>
              Apply to {count}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
