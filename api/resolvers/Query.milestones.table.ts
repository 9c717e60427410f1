/**
 * milestones (after authorize): one page of the caller's scope, from the index that fits the
 * sort and status filter (GSI1 by updatedAt, GSI2 by due date, GSI3 by status), never a Scan.
 * The other filters are filter expressions on that one partition.
 *
 * The runtime's nextToken is bound to table and index only; this one is also bound to the
 * scope and the query (sort and filter), so a token cannot be replayed elsewhere.
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "./lib/auth";
import { milestoneListPartition } from "./lib/keys";
import { isPlainDate, LIMITS, STATUSES } from "./lib/milestone";

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
/** Not in base64: splits the binding from the runtime's token. */
const SEPARATOR = "!";

function binding(caller: Caller, sort: string, filter: Filter): string {
  const parts = [
    milestoneListPartition(caller.scope),
    sort,
    filter.status ?? "",
    filter.ownerId ?? "",
    filter.titleContains ?? "",
    filter.dueBefore ?? "",
  ];
  return util.base64Encode(JSON.stringify(parts));
}

export function request(ctx: Context<Args>) {
  const caller = ctx.stash.caller as Caller;
  const filter: Filter = ctx.args.filter ?? {};
  const sort = ctx.args.sort ?? "UPDATED_AT";
  const limit = ctx.args.limit ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT)
    util.error(`limit must be between 1 and ${MAX_LIMIT}`, "ValidationError");
  if (filter.status && STATUSES.indexOf(filter.status) < 0)
    util.error("Unknown status", "ValidationError");
  if (filter.dueBefore && !isPlainDate(filter.dueBefore))
    util.error("dueBefore must be a valid date (YYYY-MM-DD)", "ValidationError");
  if (filter.titleContains && filter.titleContains.length > LIMITS.titleMax)
    util.error(`titleContains must be at most ${LIMITS.titleMax} characters`, "ValidationError");
  if (filter.ownerId && filter.ownerId.length > 256)
    util.error("ownerId is too long", "ValidationError");

  const bound = binding(caller, sort, filter);
  ctx.stash.binding = bound;
  let inner: string | null = null;
  if (ctx.args.nextToken !== undefined && ctx.args.nextToken !== null) {
    const token = ctx.args.nextToken;
    const prefix = bound + SEPARATOR;
    if (token.length <= prefix.length || token.slice(0, prefix.length) !== prefix)
      util.error("Invalid nextToken", "ValidationError");
    inner = token.slice(prefix.length);
  }

  const list = milestoneListPartition(caller.scope);
  const conditions: Record<string, unknown>[] = [];
  if (filter.ownerId) conditions.push({ ownerId: { eq: filter.ownerId } });
  if (filter.titleContains) conditions.push({ title: { contains: filter.titleContains } });
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
    nextToken: page.nextToken ? (ctx.stash.binding as string) + SEPARATOR + page.nextToken : null,
  };
}
