/**
 * deleteMilestones, first data function (after authorize; holders of org:milestones:manage
 * and org:milestones:read only): reads the requested
 * milestones of the caller's org in one consistent BatchGetItem. Ids that are malformed or
 * not in the org are reported NotFound by the next function, without a write.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { canBulkDelete } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { isKeyPart } from "../../core/portable/key-part";
import { milestoneKey } from "../../core/portable/keys";
import { BULK_DELETE_MAX } from "../../core/portable/milestone";
import { must } from "./lib/auth";

export function request(ctx: Context<{ ids: string[] }>) {
  const caller = ctx.stash.caller as Caller;
  if (!canBulkDelete(caller))
    util.error("Your role in this organization does not allow this", "Unauthorized");
  const ids = ctx.args.ids;
  if (ids.length < 1 || ids.length > BULK_DELETE_MAX)
    util.error(`ids must hold 1 to ${BULK_DELETE_MAX} ids`, "ValidationError");
  const wanted: string[] = [];
  ids.forEach((id) => {
    if (isKeyPart(id) && wanted.indexOf(id) < 0) wanted.push(id);
  });
  ctx.stash.wanted = wanted;
  if (wanted.length === 0) return runtime.earlyReturn([]);
  const table = ctx.env.TABLE_NAME ?? "";
  return batchGet({
    tables: {
      [table]: {
        keys: wanted.map((id) =>
          must(milestoneKey(caller.scope, id), "Milestone not found", "NotFound"),
        ),
        consistentRead: true,
      },
    },
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Record<string, unknown> | null)[]> };
  return (result.data[ctx.env.TABLE_NAME ?? ""] ?? []).filter((item) => item !== null);
}
