/**
 * Pipeline function run first by every resolver: settles the caller's scope and role from
 * the authorizer's resolverContext (never from arguments). In an org, a consistent GetItem
 * of the mirrored membership decides, so a removal or demotion delivered by webhook takes
 * effect at once although the token is still valid; the lower of the token's role and the
 * mirror's wins. The result goes to `ctx.stash.caller`.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { roleRank, type Caller } from "../lib/auth";
import { isKeyPart, membershipKey } from "../lib/keys";

interface ResolverContext {
  userId?: string;
  orgId?: string;
  orgRole?: string;
  impersonatorId?: string;
}

function claims(ctx: Context): ResolverContext {
  const identity = ctx.identity as { resolverContext?: ResolverContext } | null;
  return (identity && identity.resolverContext) || {};
}

/** The actor of an impersonated session: a user id, or "" (the user's own session). */
function impersonator(ctx: Context): string {
  const id = claims(ctx).impersonatorId;
  if (!id) return "";
  if (!isKeyPart(id)) deny();
  return id;
}

function deny(): never {
  return util.error("Not authorized", "Unauthorized");
}

export function request(ctx: Context) {
  const { userId, orgId } = claims(ctx);
  if (!isKeyPart(userId)) deny();
  if (!orgId) {
    const caller: Caller = {
      userId: userId as string,
      scope: { kind: "PERSONAL", id: userId as string },
      role: "",
      isAdmin: false,
      impersonatorId: impersonator(ctx),
    };
    ctx.stash.caller = caller;
    return runtime.earlyReturn(caller);
  }
  if (!isKeyPart(orgId)) deny();
  return get({ key: membershipKey(orgId, userId as string), consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const { userId, orgId, orgRole } = claims(ctx);
  const membership = ctx.result as { role?: string; deleted?: boolean } | null;
  if (!membership || membership.deleted) deny();
  const tokenRank = roleRank(orgRole);
  const mirrorRank = roleRank((membership as { role?: string }).role);
  const rank = tokenRank < mirrorRank ? tokenRank : mirrorRank;
  if (rank === 0) deny();
  const caller: Caller = {
    userId: userId as string,
    scope: { kind: "ORG", id: orgId as string },
    role: rank === 2 ? "org:admin" : "org:member",
    isAdmin: rank === 2,
    impersonatorId: impersonator(ctx),
  };
  ctx.stash.caller = caller;
  return caller;
}
