/**
 * milestones (after authorize): one page of the caller's scope, from the index that fits the
 * sort and status filter (GSI1 by updatedAt, GSI2 by due date, GSI3 by status), never a Scan.
 * The other filters are filter expressions on that one partition.
 * nextTokens are bound to the scope, the sort and the filter (lib/next-token.ts).
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "./lib/auth";
import { milestoneListPartition } from "./lib/keys";
import { isPlainDate, LIMITS, searchKey, STATUSES } from "./lib/milestone";
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
  const filter: Filter = ctx.args.filter ?? {};
  const sort = ctx.args.sort ?? "UPDATED_AT";
  const limit = checkLimit(ctx.args.limit, DEFAULT_LIMIT, MAX_LIMIT);
  if (filter.status && STATUSES.indexOf(filter.status) < 0)
    util.error("Unknown status", "ValidationError");
  if (filter.dueBefore && !isPlainDate(filter.dueBefore))
    util.error("dueBefore must be a valid date (YYYY-MM-DD)", "ValidationError");
  if (filter.titleContains && filter.titleContains.length > LIMITS.titleMax)
    util.error(`titleContains must be at most ${LIMITS.titleMax} characters`, "ValidationError");
  if (filter.ownerId && filter.ownerId.length > 256)
    util.error("ownerId is too long", "ValidationError");

  const binding = bindingOf([
    milestoneListPartition(caller.scope),
    sort,
    filter.status ?? "",
    filter.ownerId ?? "",
    filter.titleContains ?? "",
    filter.dueBefore ?? "",
  ]);
  ctx.stash.binding = binding;
  const inner = unwrapNextToken(binding, ctx.args.nextToken);

  const list = milestoneListPartition(caller.scope);
  const conditions: Record<string, unknown>[] = [];
  if (filter.ownerId) conditions.push({ ownerId: { eq: filter.ownerId } });
  if (filter.titleContains)
    conditions.push({ titleSearch: { contains: searchKey(filter.titleContains) } });
  // Undated milestones are not "due before" anything.
  if (filter.dueBefore)
    conditions.push({ dueDate: { attributeExists: true, lt: filter.dueBefore } });

  let index = "GSI1";
  let key: Record<string, unknown> = { GSI1PK: { eq: list } };
  let forward = false;
  if (sort === "DUE_DATE") {
    index = "GSI2";
    key = { GSI2PK: { eq: list } };
    forward = true;
    if (filter.status) conditions.push({ status: { eq: filter.status } });
  } else if (filter.status) {
    index = "GSI3";
    key = { GSI3PK: { eq: `${list}#STATUS#${filter.status}` } };
  }
  return query({
    index,
    query: key,
    scanIndexForward: forward,
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
