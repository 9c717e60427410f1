/**
 * orgMembers (after authorize; admins only): one page of the active org's mirrored
 * memberships, from the org's partition (`MEMBER#` keys; tombstones live elsewhere).
 */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { requireAdmin, type Caller } from "./lib/auth";
import { bindingOf, checkLimit, unwrapNextToken, wrapNextToken } from "./lib/next-token";

export function request(ctx: Context<{ limit?: number | null; nextToken?: string | null }>) {
  const caller = ctx.stash.caller as Caller;
  requireAdmin(caller);
  const limit = checkLimit(ctx.args.limit, 50, 100);
  const binding = bindingOf([`ORG#${caller.scope.id}`, "orgMembers"]);
  ctx.stash.binding = binding;
  return query({
    query: { PK: { eq: `ORG#${caller.scope.id}` }, SK: { beginsWith: "MEMBER#" } },
    limit,
    nextToken: unwrapNextToken(binding, ctx.args.nextToken),
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[]; nextToken: string | null };
  return {
    items: page.items.map((item) => ({
      userId: item.userId,
      role: item.role,
      updatedAt: util.time.epochMilliSecondsToISO8601(item.updatedAt as number),
    })),
    nextToken: wrapNextToken(ctx.stash.binding as string, page.nextToken),
  };
}
