/**
 * milestones (after authorize): one page of the caller's scope, from the index
 * core/portable/listing.ts chooses for the sort and status filter (GSI1 by updatedAt, GSI3
 * by status and updatedAt, GSI2 by due date with the status as a filter), never a Scan.
 * The other filters are filter expressions on that one partition.
 * nextTokens are bound to the scope, the sort and the filter (lib/next-token.ts).
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { canReadMilestones } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { milestoneListPartition } from "../../core/portable/keys";
import { milestoneListQuery } from "../../core/portable/listing";
import { isMilestoneStatus, MILESTONE_LIMITS } from "../../core/portable/milestone";
import { must } from "./lib/auth";
import { isPlainDate, searchKey } from "./lib/milestone";
import { bindingOf, checkLimit, unwrapNextToken, wrapNextToken } from "./lib/next-token";

interface Filter {
  status?: string | null;
  ownerId?: string | null;
  titleContains?: string | null;
  dueBefore?: string | null;
}

interface Args {
  filter?: Filter | null;
  sort?: string | null;
  limit?: number | null;
  nextToken?: string | null;
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export function request(ctx: Context<Args>) {
  const caller = ctx.stash.caller as Caller;
  if (!canReadMilestones(caller)) util.error("Not authorized", "Unauthorized");
  const filter: Filter = ctx.args.filter ?? {};
  const sort = ctx.args.sort === "DUE_DATE" ? "DUE_DATE" : "UPDATED_AT";
  const limit = checkLimit(ctx.args.limit, DEFAULT_LIMIT, MAX_LIMIT);
  if (filter.status && !isMilestoneStatus(filter.status))
    util.error("Unknown status", "ValidationError");
  if (filter.dueBefore && !isPlainDate(filter.dueBefore))
    util.error("dueBefore must be a valid date (YYYY-MM-DD)", "ValidationError");
  if (filter.titleContains && filter.titleContains.length > MILESTONE_LIMITS.titleMax)
    util.error(
      `titleContains must be at most ${MILESTONE_LIMITS.titleMax} characters`,
      "ValidationError",
    );
  if (filter.ownerId && filter.ownerId.length > 256)
    util.error("ownerId is too long", "ValidationError");

  const binding = bindingOf([
    must(milestoneListPartition(caller.scope), "Not authorized", "Unauthorized"),
    ctx.args.sort ?? "UPDATED_AT",
    filter.status ?? "",
    filter.ownerId ?? "",
    filter.titleContains ?? "",
    filter.dueBefore ?? "",
  ]);
  ctx.stash.binding = binding;
  const inner = unwrapNextToken(binding, ctx.args.nextToken);

  const spec = must(
    milestoneListQuery(caller.scope, { sort, status: filter.status }),
    "Not authorized",
    "Unauthorized",
  );
  const conditions: Record<string, unknown>[] = [];
  if (filter.ownerId) conditions.push({ ownerId: { eq: filter.ownerId } });
  if (filter.titleContains)
    conditions.push({ titleSearch: { contains: searchKey(filter.titleContains) } });
  // Undated milestones are not "due before" anything.
  if (filter.dueBefore)
    conditions.push({ dueDate: { attributeExists: true, lt: filter.dueBefore } });
  // Due-date order with a status: GSI2 and this filter (listing.ts says why).
  if (spec.statusFilter !== undefined) conditions.push({ status: { eq: spec.statusFilter } });

  const key: Record<string, unknown> = {};
  key[spec.partitionKeyName] = { eq: spec.partitionKey };
  return query({
    index: spec.indexName,
    query: key,
    scanIndexForward: spec.ascending,
    limit,
    nextToken: inner,
    filter: conditions.length === 0 ? null : { and: conditions },
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[]; nextToken: string | null };
  return {
    items: page.items,
    nextToken: wrapNextToken(ctx.stash.binding as string, page.nextToken),
  };
}
