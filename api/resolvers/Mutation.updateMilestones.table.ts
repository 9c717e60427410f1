/**
 * updateMilestones, second data function (after authorize and check-bulk-update, which
 * refused repeated ids): reads the requested milestones of the caller's scope in one
 * consistent BatchGetItem. The key is built from the caller's scope, so another tenant's id is
 * simply not there; malformed ids are not asked for. Both are reported NotFound by the next
 * function.
 */
import type { Context } from "@aws-appsync/utils";
import type { Caller } from "../../core/portable/caller";
import type { BulkUpdateArgs } from "./functions/check-bulk-update.table";
import { batchGetScopeMilestones, scopeMilestonesFound, wantedIds } from "./lib/milestone";

export function request(ctx: Context<BulkUpdateArgs>) {
  const caller = ctx.stash.caller as Caller;
  const ids: string[] = [];
  ctx.args.items.forEach((item) => {
    ids.push(item.id);
  });
  return batchGetScopeMilestones(ctx.env.TABLE_NAME ?? "", caller.scope, wantedIds(ids));
}

export function response(ctx: Context) {
  return scopeMilestonesFound(ctx);
}
