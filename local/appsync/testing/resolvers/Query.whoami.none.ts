import { util, type Context } from "@aws-appsync/utils";

export function request(ctx: Context) {
  const caller = ctx.identity as { resolverContext: { userId: string; orgId: string } };
  return {
    payload: {
      userId: caller.resolverContext.userId,
      orgId: caller.resolverContext.orgId,
      authType: util.authType(),
    },
  };
}

export function response(ctx: Context) {
  return ctx.result as unknown;
}
