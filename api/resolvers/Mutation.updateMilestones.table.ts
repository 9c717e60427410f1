/**
 * updateMilestones, second data function (after authorize and check-bulk-update): reads the
 * requested milestones of the caller's scope in one consistent BatchGetItem. The key is built
 * from the caller's scope, so another tenant's id is simply not there; malformed ids are not
 * asked for. Both are reported NotFound by the next function.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../core/portable/caller";
import { isKeyPart } from "../../core/portable/key-part";
import { milestoneKey } from "../../core/portable/keys";
import { must } from "./lib/auth";
import type { BulkUpdateArgs } from "./functions/check-bulk-update.table";

export function request(ctx: Context<BulkUpdateArgs>) {
  const caller = ctx.stash.caller as Caller;
  const wanted: string[] = [];
  ctx.args.items.forEach((item) => {
    if (isKeyPart(item.id)) wanted.push(item.id);
  });
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
