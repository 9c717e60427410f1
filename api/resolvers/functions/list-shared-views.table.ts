/**
 * savedViews, second function: the views shared with the active org (one Query on its
 * `VIEW#ORG#` prefix, at most core's shared limit), after the caller's own. Personal scope
 * has none: no request.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../../core/portable/caller";
import { sharedViewsQuery } from "../../../core/portable/keys";
import { VIEW_LIMITS } from "../../../core/portable/views";
import { toView } from "../lib/view";

type Item = Record<string, unknown>;

export function request(ctx: Context) {
  const caller = ctx.stash.caller as Caller;
  const mine = ctx.stash.mine as Item[];
  const spec = sharedViewsQuery(caller.scope);
  if (spec === null) return runtime.earlyReturn(mine.map(toView));
  const key: Record<string, unknown> = {};
  key[spec.partitionKeyName] = { eq: spec.partitionKey };
  key[spec.sortKeyName] = { beginsWith: spec.sortKeyPrefix };
  return query({ query: key, scanIndexForward: spec.ascending, limit: VIEW_LIMITS.sharedMax });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const mine = ctx.stash.mine as Item[];
  const shared = (ctx.result as { items: Item[] }).items;
  return mine.concat(shared).map(toView);
}
