/** auditLog (after authorize; admins only): the active org's audit entries, newest first. */
import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { requireAdmin, type Caller } from "./lib/auth";
import { bindingOf, checkLimit, unwrapNextToken, wrapNextToken } from "./lib/next-token";

export function request(ctx: Context<{ limit?: number | null; nextToken?: string | null }>) {
  const caller = ctx.stash.caller as Caller;
  requireAdmin(caller);
  const limit = checkLimit(ctx.args.limit, 50, 100);
  const partition = `AUDIT#ORG#${caller.scope.id}`;
  const binding = bindingOf([partition, "auditLog"]);
  ctx.stash.binding = binding;
  return query({
    query: { PK: { eq: partition } },
    scanIndexForward: false,
    limit,
    nextToken: unwrapNextToken(binding, ctx.args.nextToken),
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[]; nextToken: string | null };
  return {
    items: page.items.map((item) => ({
      id: item.id,
      at: item.at,
      actorId: item.actorId,
      actorRole: item.actorRole ?? null,
      action: item.action,
      targetType: item.targetType,
      targetId: item.targetId,
      // Stored as JSON text; AWSJSON leaves as JSON text.
      before: item.before ?? null,
      after: item.after ?? null,
    })),
    nextToken: wrapNextToken(ctx.stash.binding as string, page.nextToken),
  };
}
