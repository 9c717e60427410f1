/**
 * Pipeline function: the saved view `id` the caller can reach in its scope, read
 * consistently in one BatchGetItem of its two possible places: the caller's own prefix and
 * the org's shared one. Another user's private view, another scope's, a malformed or unknown
 * id: none of them is at those keys, and all answer NotFound alike (no existence leak).
 */
import { util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { canSaveViews } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";
import { sharedViewKey, userViewKey } from "../../../core/portable/keys";

type Item = Record<string, unknown>;

export function request(ctx: Context<{ id: string }>) {
  const caller = ctx.stash.caller as Caller;
  if (!canSaveViews(caller)) util.error("Not authorized", "Unauthorized");
  const own = userViewKey(caller.scope, caller.userId, ctx.args.id);
  if (own === null) util.error("View not found", "NotFound");
  const keys = [own];
  const shared = sharedViewKey(caller.scope, ctx.args.id);
  if (shared !== null) keys.push(shared);
  const table = ctx.env.TABLE_NAME ?? "";
  return batchGet({ tables: { [table]: { keys, consistentRead: true } } });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Item | null)[]> };
  const found = (result.data[ctx.env.TABLE_NAME ?? ""] ?? []).filter((item) => item !== null);
  const view = found[0];
  if (!view) util.error("View not found", "NotFound");
  ctx.stash.view = view;
  return view;
}
