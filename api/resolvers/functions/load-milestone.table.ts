/**
 * Pipeline function: the milestone `id` of the caller's scope, read consistently (so an
 * update or delete sees the version it conditions on). The key is built from the stash's
 * scope: an id of another tenant is simply not there, and answers NotFound like a missing one.
 */
import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../lib/auth";
import { isKeyPart, milestoneKey } from "../lib/keys";

export function request(ctx: Context<{ id: string }>) {
  const caller = ctx.stash.caller as Caller;
  if (!isKeyPart(ctx.args.id)) util.error("Milestone not found", "NotFound");
  return get({ key: milestoneKey(caller.scope, ctx.args.id), consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const item = ctx.result as Record<string, unknown> | null;
  if (!item) util.error("Milestone not found", "NotFound");
  ctx.stash.current = item;
  return item;
}
