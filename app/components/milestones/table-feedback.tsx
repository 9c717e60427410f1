/**
 * What the Milestones table says after a bulk mutation: each id's result. Loaded when there is
 * one (milestones-table.tsx imports it dynamically); the failure notice is action-notice.tsx.
 */
import type { DeleteMilestoneResult, UpdateMilestoneResult } from "@/app/lib/api/schemas";
import { cn } from "@/app/lib/utils";
import { DismissButton } from "./action-notice";
import type { BulkEditResult, BulkResult } from "./use-milestone-mutations";

export { ActionNotice } from "./action-notice";

/** "Deleted 2 of 3 milestones". */
export function bulkSummary(results: readonly DeleteMilestoneResult[]): string {
  const deleted = results.filter((entry) => entry.deleted).length;
  if (deleted === 0) return "Nothing was deleted";
  const noun = results.length === 1 ? "milestone" : "milestones";
  return deleted === results.length
    ? `Deleted ${deleted} ${noun}`
    : `Deleted ${deleted} of ${results.length} ${noun}`;
}

export function outcomeLabel(entry: DeleteMilestoneResult): string {
  if (entry.deleted) return "Deleted";
  if (entry.errorType === "NotFound") return "Not found";
  if (entry.errorType === "ConflictError") return "Changed meanwhile";
  return "Not deleted";
}

export function BulkResults({
  results,
  onDismiss,
}: {
  results: readonly BulkResult[];
  onDismiss: () => void;
}) {
  return (
    <section
      aria-label="Bulk delete results"
      role="status"
      className="rounded-md border px-4 py-3 text-sm"
    >
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-medium">{bulkSummary(results)}</h2>
        <DismissButton label="Dismiss results" onClick={onDismiss} />
      </div>
      <ul className="grid gap-1">
        {results.map((entry) => (
          <li key={entry.id} className="flex gap-2">
            <span
              className={cn("font-medium", entry.deleted ? "text-foreground" : "text-destructive")}
            >
              {outcomeLabel(entry)}
            </span>
            <span>{entry.title}</span>
            {!entry.deleted && entry.message ? (
              <span className="text-muted-foreground">— {entry.message}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Updated 2 of 3 milestones". */
export function bulkEditSummary(results: readonly UpdateMilestoneResult[]): string {
  const updated = results.filter((entry) => entry.updated).length;
  if (updated === 0) return "Nothing was updated";
  const noun = results.length === 1 ? "milestone" : "milestones";
  return updated === results.length
    ? `Updated ${updated} ${noun}`
    : `Updated ${updated} of ${results.length} ${noun}`;
}

export function editOutcomeLabel(entry: UpdateMilestoneResult): string {
  if (entry.updated) return "Updated";
  if (entry.errorType === "Unauthorized") return "Not allowed";
  if (entry.errorType === "NotFound") return "Not found";
  if (entry.errorType === "ConflictError") return "Changed meanwhile";
  return "Not updated";
}

/** The last bulk edit's outcome for each selected row: applied, or refused and why. */
export function BulkEditResults({
  results,
  onDismiss,
}: {
  results: readonly BulkEditResult[];
  onDismiss: () => void;
}) {
  return (
    <section
      aria-label="Bulk edit results"
      role="status"
      className="rounded-md border px-4 py-3 text-sm"
    >
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="font-medium">{bulkEditSummary(results)}</h2>
        <DismissButton label="Dismiss results" onClick={onDismiss} />
      </div>
      <ul className="grid gap-1">
        {results.map((entry) => (
          <li
            key={entry.id}
            className="flex flex-wrap gap-2"
            data-outcome={entry.errorType ?? "updated"}
          >
            <span
              className={cn("font-medium", entry.updated ? "text-foreground" : "text-destructive")}
            >
              {editOutcomeLabel(entry)}
            </span>
            <span>{entry.title}</span>
            {!entry.updated && entry.message ? (
              <span className="text-muted-foreground">— {entry.message}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
