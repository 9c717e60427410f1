/**
 * deleteMilestone (after authorize and load-milestone): same rules as an update; the delete
 * is conditional on `expectedVersion`, with its audit entry in the same transaction.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canDelete } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { milestoneKey } from "../../core/portable/keys";
import { auditPut } from "./lib/audit";
import { must } from "./lib/auth";
import { failWrite, summary } from "./lib/milestone";
import { statsUpdates } from "./lib/stats";

export function request(ctx: Context<{ id: string; expectedVersion: number }>) {
  const caller = ctx.stash.caller as Caller;
  const current = ctx.stash.current as Record<string, unknown>;
  if (!canDelete(caller, current))
    util.error(
      "Only the owner or a holder of org:milestones:manage may delete this milestone",
      "Unauthorized",
    );
  if (current.version !== ctx.args.expectedVersion)
    util.error("The milestone has changed since it was read", "ConflictError", {
      currentVersion: current.version,
    });
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [
    {
      deleteItem: {
        table,
        key: must(milestoneKey(caller.scope, ctx.args.id), "Milestone not found", "NotFound"),
        condition: { version: { eq: ctx.args.expectedVersion } },
      },
    },
  ];
  if (caller.scope.kind === "org")
    writes.push(
      auditPut(table, caller, {
        action: "milestone.delete",
        targetId: ctx.args.id,
        at: util.time.nowISO8601(),
        before: summary(current),
        after: null,
      }),
    );
  statsUpdates(table, caller.scope, [
    { id: ctx.args.id, before: current.status as string, after: null },
  ]).forEach((write) => writes.push(write));
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  // Read the same version, lost the race: the other write landed first.
  if (ctx.error) failWrite(ctx.error, ctx.result);
  return ctx.stash.current as Record<string, unknown>;
}
