/**
 * updateMilestones, last data function: decides each requested row (core's canRead and
 * canBulkEdit, then its version), writes the rows that pass in one transaction — each Put
 * conditional on the version just read, with its audit entry in an org — and answers one
 * result per requested item, in the order given. A row changed between the read and the
 * write cancels the whole transaction: it is reported ConflictError, the others Aborted.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canBulkEdit, canRead } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";
import { milestoneIndexes, milestoneKey } from "../../../core/portable/keys";
import { auditPut } from "../lib/audit";
import { must } from "../lib/auth";
import { summary } from "../lib/milestone";
import { failIfTransactionConflict, statsUpdates } from "../lib/stats";
import type { BulkUpdateArgs, BulkUpdatePlan } from "./check-bulk-update.table";

type Item = Record<string, unknown>;
interface Result {
  id: string;
  updated: boolean;
  version: number | null;
  errorType: string | null;
  message: string | null;
}

const refused = (id: string, errorType: string, message: string, version: number | null) => ({
  id,
  updated: false,
  version,
  errorType,
  message,
});

export function request(ctx: Context<BulkUpdateArgs>) {
  const caller = ctx.stash.caller as Caller;
  const plan = ctx.stash.plan as BulkUpdatePlan;
  const found = (ctx.prev as { result: Item[] }).result;
  const byId: Record<string, Item> = {};
  found.forEach((item) => {
    byId[item.id as string] = item;
  });
  const results: Result[] = [];
  const writing: { current: Item; next: Item }[] = [];
  const now = util.time.nowISO8601();
  ctx.args.items.forEach((ref) => {
    const current = byId[ref.id];
    // Not there, another tenant's, or not readable by the caller: one answer, no leak.
    if (!current || !canRead(caller, current))
      return results.push(refused(ref.id, "NotFound", "Milestone not found", null));
    if (!canBulkEdit(caller, current, { ownerChange: plan.ownerChange }))
      return results.push(
        refused(
          ref.id,
          "Unauthorized",
          plan.ownerChange
            ? "Only a holder of org:milestones:manage may change the owner"
            : "Only the owner or a holder of org:milestones:manage may change this milestone",
          null,
        ),
      );
    if (current.version !== ref.expectedVersion)
      return results.push(
        refused(
          ref.id,
          "ConflictError",
          "The milestone has changed since it was read",
          current.version as number,
        ),
      );
    const next: Item = {
      ...current,
      ...plan.fields,
      updatedAt: now,
      version: current.version + 1,
      // The live update names the bulk editor, not the row's last writer (core/live.ts).
      changedBy: caller.userId,
    };
    writing.push({ current, next });
    return results.push({
      id: ref.id,
      updated: true,
      version: next.version as number,
      errorType: null,
      message: null,
    });
  });
  ctx.stash.results = results;
  ctx.stash.writtenIds = writing.map((write) => write.current.id as string);
  if (writing.length === 0) return runtime.earlyReturn(results);
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [];
  // The Puts first: a cancellation's reasons are indexed like `writtenIds`.
  writing.forEach(({ current, next }) => {
    const id = current.id as string;
    const indexes = must(
      milestoneIndexes(caller.scope, {
        id,
        updatedAt: now,
        dueDate: next.dueDate as string | null,
        status: next.status as string,
      }),
      "Milestone not found",
      "NotFound",
    );
    const { PK: _pk, SK: _sk, ...values }: Item = { ...next, ...indexes };
    writes.push({
      putItem: {
        table,
        key: must(milestoneKey(caller.scope, id), "Milestone not found", "NotFound"),
        item: values,
        condition: { version: { eq: current.version } },
      },
    });
  });
  if (caller.scope.kind === "org")
    writing.forEach(({ current, next }) => {
      writes.push(
        auditPut(table, caller, {
          action: "milestone.update",
          targetId: current.id as string,
          at: now,
          before: summary(current),
          after: summary(next),
        }),
      );
    });
  // The counters last, so a cancellation's reasons still index the Puts first; a status
  // change moves one count per row (net per status), other fields none.
  statsUpdates(
    table,
    caller.scope,
    writing.map(({ current, next }) => ({
      id: current.id as string,
      before: current.status as string,
      after: next.status as string,
    })),
  ).forEach((write) => writes.push(write));
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  const results = ctx.stash.results as Result[];
  if (!ctx.error) return results;
  if (ctx.error.type !== "DynamoDB:TransactionCanceledException")
    util.error(ctx.error.message, ctx.error.type);
  // Cancelled by a concurrent transaction (a shared counter shard), not by a changed row:
  // nothing was written, the whole call may be sent again.
  failIfTransactionConflict(ctx.result);
  // All or nothing: a row changed since it was read cancels the batch; report which.
  const writtenIds = ctx.stash.writtenIds as string[];
  const result = ctx.result as { cancellationReasons?: { type: string }[] | null } | null;
  const reasons = (result && result.cancellationReasons) || [];
  return results.map((one) => {
    if (!one.updated) return one;
    const reason = reasons[writtenIds.indexOf(one.id)];
    return reason && reason.type === "ConditionalCheckFailed"
      ? refused(one.id, "ConflictError", "The milestone has changed since it was read", null)
      : refused(one.id, "Aborted", "Not updated: another milestone of the batch changed", null);
  });
}
