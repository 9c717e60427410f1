/**
 * savedViews, first function (after authorize): the caller's own views in the scope, one
 * Query on its `VIEW#USER#<userId>#` prefix (at most core's per-user limit, so one page).
 * The next function adds the org's shared ones.
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { canSaveViews } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { userViewsQuery } from "../../core/portable/keys";
import { VIEW_LIMITS } from "../../core/portable/views";
import { must } from "./lib/auth";

export function request(ctx: Context) {
  const caller = ctx.stash.caller as Caller;
  if (!canSaveViews(caller)) util.error("Not authorized", "Unauthorized");
  const spec = must(userViewsQuery(caller.scope, caller.userId), "Not authorized", "Unauthorized");
  const key: Record<string, unknown> = {};
  key[spec.partitionKeyName] = { eq: spec.partitionKey };
  key[spec.sortKeyName] = { beginsWith: spec.sortKeyPrefix };
  return query({ query: key, scanIndexForward: spec.ascending, limit: VIEW_LIMITS.perUserMax });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[] };
  ctx.stash.mine = page.items;
  return page.items;
}
