/**
 * deleteMilestones, first data function (after authorize; holders of org:milestones:manage
 * and org:milestones:read only): reads the requested milestones of the caller's org in one
 * consistent BatchGetItem. Ids that are malformed or not in the org are reported NotFound by
 * the next function, without a write.
 */
import { util, type Context } from "@aws-appsync/utils";
import { canBulkDelete } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { BULK_DELETE_MAX } from "../../core/portable/milestone";
import { batchGetScopeMilestones, scopeMilestonesFound, wantedIds } from "./lib/milestone";

export function request(ctx: Context<{ ids: string[] }>) {
  const caller = ctx.stash.caller as Caller;
  if (!canBulkDelete(caller))
    util.error("Your role in this organization does not allow this", "Unauthorized");
  const ids = ctx.args.ids;
  if (ids.length < 1 || ids.length > BULK_DELETE_MAX)
    util.error(`ids must hold 1 to ${BULK_DELETE_MAX} ids`, "ValidationError");
  const wanted = wantedIds(ids);
  ctx.stash.wanted = wanted;
  return batchGetScopeMilestones(ctx.env.TABLE_NAME ?? "", caller.scope, wanted);
}

export function response(ctx: Context) {
  return scopeMilestonesFound(ctx);
}
