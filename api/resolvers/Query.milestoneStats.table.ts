/**
 * milestoneStats (after authorize; whoever may read the scope's milestones): the scope's
 * counts by status, summed from its counter shards (core/portable/stats.ts), read in one
 * strongly consistent Query of at most 8 small items, whatever the scope's size.
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { canReadMilestones } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { milestoneStatsQuery } from "../../core/portable/keys";
import { MILESTONE_STATS_SHARDS, sumMilestoneStats } from "../../core/portable/stats";
import { must } from "./lib/auth";

export function request(ctx: Context) {
  const caller = ctx.stash.caller as Caller;
  if (!canReadMilestones(caller)) util.error("Not authorized", "Unauthorized");
  const spec = must(milestoneStatsQuery(caller.scope), "Not authorized", "Unauthorized");
  const key: Record<string, unknown> = {};
  key[spec.partitionKeyName] = { eq: spec.partitionKey };
  key[spec.sortKeyName] = { beginsWith: spec.sortKeyPrefix };
  return query({
    query: key,
    consistentRead: true,
    limit: MILESTONE_STATS_SHARDS,
    scanIndexForward: spec.ascending,
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[] };
  return sumMilestoneStats(page.items);
}
