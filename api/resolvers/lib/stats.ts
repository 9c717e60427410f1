/**
 * The milestone counters in resolver code: the transaction items that keep a scope's counts
 * by status (core/portable/stats.ts) in step with the milestone writes of the same
 * transaction, and the error a transaction cancelled by a concurrent one answers.
 */
import { util } from "@aws-appsync/utils";
import { operations } from "@aws-appsync/utils/dynamodb";
import { milestoneStatsKey } from "../../../core/portable/keys";
import type { Scope } from "../../../core/portable/scope";
import { shardCountChanges, type StatusChange } from "../../../core/portable/stats";
import { must } from "./auth";

/**
 * The `updateItem`s (ADD, one per counter shard touched, at most 8) to append to the
 * transaction that writes these milestones: before null = created, after null = deleted.
 * Empty when the writes change no count (an edit that keeps the status). ADD creates a
 * missing shard item, so a scope's first milestone needs nothing else.
 */
export function statsUpdates(
  table: string,
  scope: Scope,
  changes: (StatusChange & { id: string })[],
) {
  return shardCountChanges(changes).map(({ shard, deltas }) => {
    const update: Record<string, unknown> = { entity: "milestoneStats" };
    Object.keys(deltas).forEach((status) => {
      update[status] = operations.increment(deltas[status] ?? 0);
    });
    return {
      updateItem: {
        table,
        key: must(milestoneStatsKey(scope, shard), "Not authorized", "Unauthorized"),
        update,
      },
    };
  });
}

/** The error type of a write cancelled by a concurrent transaction: nothing was written, retry. */
export const RETRYABLE_CONFLICT = "TransactionConflict";

/**
 * Fails the field with {@link RETRYABLE_CONFLICT} when a cancelled transaction's reasons say
 * another transaction held one of its items (a counter shard shared with a concurrent write,
 * most often): no condition failed, nothing was written, and the same request may simply be
 * sent again. Returns otherwise, for the caller's own mapping.
 */
export function failIfTransactionConflict(result: unknown): void {
  const reasons =
    (result as { cancellationReasons?: { type: string }[] | null } | null)?.cancellationReasons ??
    [];
  const conflict = reasons.some((reason) => reason.type === "TransactionConflict");
  const conditionFailed = reasons.some((reason) => reason.type === "ConditionalCheckFailed");
  if (conflict && !conditionFailed)
    util.error("Another change was being saved at the same moment; try again", RETRYABLE_CONFLICT);
}
