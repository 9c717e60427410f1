/**
 * deleteMilestones, second data function: deletes the found milestones in one transaction,
 * each conditional on the version just read and with its audit entry, and answers one
 * result per requested id (in the order given).
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../../core/portable/caller";
import { milestoneKey } from "../../../core/portable/keys";
import { auditPut } from "../lib/audit";
import { must } from "../lib/auth";
import { summary } from "../lib/milestone";
import { failIfTransactionConflict, statsUpdates } from "../lib/stats";

type Item = Record<string, unknown>;

const NOT_FOUND = { deleted: false, errorType: "NotFound", message: "Milestone not found" };
const DELETED = { deleted: true, errorType: null, message: null };

export function request(ctx: Context<{ ids: string[] }>) {
  const caller = ctx.stash.caller as Caller;
  const found = (ctx.prev as { result: Item[] }).result;
  ctx.stash.found = found;
  if (found.length === 0)
    return runtime.earlyReturn(ctx.args.ids.map((id) => ({ id, ...NOT_FOUND })));
  const table = ctx.env.TABLE_NAME ?? "";
  const at = util.time.nowISO8601();
  const writes: Parameters<typeof transactWrite>[0]["items"] = [];
  found.forEach((item) => {
    writes.push({
      deleteItem: {
        table,
        key: must(milestoneKey(caller.scope, item.id as string), "Milestone not found", "NotFound"),
        condition: { version: { eq: item.version } },
      },
    });
  });
  found.forEach((item) => {
    writes.push(
      auditPut(table, caller, {
        action: "milestone.delete",
        targetId: item.id as string,
        at,
        before: summary(item),
        after: null,
      }),
    );
  });
  // The counters last, so a cancellation's reasons still index the deletes first.
  statsUpdates(
    table,
    caller.scope,
    found.map((item) => ({ id: item.id as string, before: item.status as string, after: null })),
  ).forEach((write) => writes.push(write));
  return transactWrite({ items: writes });
}

export function response(ctx: Context<{ ids: string[] }>) {
  const found = ctx.stash.found as Item[];
  const foundIds = found.map((item) => item.id as string);
  if (ctx.error) {
    if (ctx.error.type !== "DynamoDB:TransactionCanceledException")
      util.error(ctx.error.message, ctx.error.type);
    // Cancelled by a concurrent transaction, not by a changed milestone: nothing was
    // deleted, the whole call may be sent again.
    failIfTransactionConflict(ctx.result);
    // All or nothing: a milestone changed since it was read cancels the batch; report which.
    const result = ctx.result as { cancellationReasons?: { type: string }[] | null } | null;
    const reasons = (result && result.cancellationReasons) || [];
    return ctx.args.ids.map((id) => {
      const at = foundIds.indexOf(id);
      if (at < 0) return { id, ...NOT_FOUND };
      const reason = reasons[at];
      return reason && reason.type === "ConditionalCheckFailed"
        ? { id, deleted: false, errorType: "ConflictError", message: "The milestone has changed" }
        : {
            id,
            deleted: false,
            errorType: "Aborted",
            message: "Not deleted: another milestone of the batch changed",
          };
    });
  }
  return ctx.args.ids.map((id) =>
    foundIds.indexOf(id) < 0 ? { id, ...NOT_FOUND } : { id, ...DELETED },
  );
}
