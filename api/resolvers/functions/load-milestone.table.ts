/**
 * Pipeline function: the milestone `id` of the caller's scope, read consistently (so an
 * update or delete sees the version it conditions on). The key is built from the stash's
 * scope: an id of another tenant is simply not there, and answers NotFound like a missing one.
 */
import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { canRead, canReadMilestones } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";
import { milestoneKey } from "../../../core/portable/keys";
import { must } from "../lib/auth";

export function request(ctx: Context<{ id: string }>) {
  const caller = ctx.stash.caller as Caller;
  // Without org:milestones:read no milestone of the org is read (nor edited: an edit reads
  // first), whatever the id: refused before any request, so nothing about ids leaks.
  if (!canReadMilestones(caller)) util.error("Not authorized", "Unauthorized");
  // A malformed id (`#`, control characters, empty, > 256) is NotFound without a request.
  const key = must(milestoneKey(caller.scope, ctx.args.id), "Milestone not found", "NotFound");
  return get({ key, consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const item = ctx.result as Record<string, unknown> | null;
  // Not there, or not readable by this caller: the same answer (no existence leak).
  if (!item || !canRead(ctx.stash.caller as Caller, item))
    util.error("Milestone not found", "NotFound");
  ctx.stash.current = item;
  return item;
}
