import { runtime, util, type Context } from "@aws-appsync/utils";

/** A list belongs to a user or an org: the caller must be that user or in that org. */
export function request(ctx: Context<{ listId: string; id: string }>) {
  const caller = ctx.identity as { resolverContext: { userId: string; orgId: string } };
  const { userId, orgId } = caller.resolverContext;
  if (ctx.args.listId === "archived") runtime.earlyReturn(null, { skipTo: "END" });
  if (ctx.args.listId !== userId && ctx.args.listId !== orgId) util.unauthorized();
  ctx.stash.owner = ctx.args.listId;
  return { payload: { allowed: true } };
}

export function response(ctx: Context) {
  return ctx.result as unknown;
}
