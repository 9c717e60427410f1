/**
 * What the admin-only lists of the active org (orgMembers, auditLog, syncEvents) share: the
 * caller must be an admin of the active org after the authorize function's mirror check;
 * `limit` is 1–100 (default 50); the one Query reads a designed key built from the caller's
 * scope, never from arguments; the nextToken is bound to that partition and to the field,
 * so a token of another org or another list is a ValidationError.
 *
 * APPSYNC_JS passes no functions around, so each data function maps its own items:
 * `request` → `orgListRequest(ctx, field, xQuery(adminOrgId(ctx)))`, `response` →
 * `orgListPage(ctx)` then `items.map(...)`.
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import type { AdminAction } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";
import type { QuerySpec } from "../../../core/portable/keys";
import { orgIdOf } from "../../../core/portable/scope";
import { must, requireAdmin } from "./auth";
import { bindingOf, checkLimit, unwrapNextToken, wrapNextToken } from "./next-token";

export interface ListArgs {
  limit?: number | null;
  nextToken?: string | null;
}

export const ORG_LIST_DEFAULT_LIMIT = 50;
export const ORG_LIST_MAX_LIMIT = 100;

/** The active org's id, or an Unauthorized error unless the caller is one of its admins. */
export function adminOrgId(ctx: Context, action: AdminAction): string {
  const caller = ctx.stash.caller as Caller;
  requireAdmin(caller, action);
  return orgIdOf(caller.scope) ?? "";
}

/**
 * One page of `built`'s partition (a portable builder's Query, null for a malformed org id),
 * with the client's nextToken checked against its binding.
 */
export function orgListRequest(ctx: Context<ListArgs>, field: string, built: QuerySpec | null) {
  const spec = must(built, "Not authorized", "Unauthorized");
  const limit = checkLimit(ctx.args.limit, ORG_LIST_DEFAULT_LIMIT, ORG_LIST_MAX_LIMIT);
  const binding = bindingOf([spec.partitionKey, field]);
  ctx.stash.binding = binding;
  const key: Record<string, unknown> = {};
  key[spec.partitionKeyName] = { eq: spec.partitionKey };
  if (spec.sortKeyPrefix !== undefined) key[spec.sortKeyName] = { beginsWith: spec.sortKeyPrefix };
  return query({
    index: spec.indexName,
    query: key,
    scanIndexForward: spec.ascending,
    limit,
    nextToken: unwrapNextToken(binding, ctx.args.nextToken),
  });
}

/** The page the Query returned, its nextToken bound again; a data-source error fails the field. */
export function orgListPage(ctx: Context): {
  items: Record<string, unknown>[];
  nextToken: string | null;
} {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[]; nextToken: string | null };
  return {
    items: page.items,
    nextToken: wrapNextToken(ctx.stash.binding as string, page.nextToken),
  };
}
