/**
 * Pipeline function run first by every resolver: settles the caller's scope, role and
 * permissions from the authorizer's resolverContext (never from arguments). In an org, a
 * consistent GetItem of the mirrored membership decides, so a removal, demotion or revoked
 * permission delivered by webhook takes effect at once although the token is still valid:
 * the lower of the token's role and the mirror's wins, and the permissions are the token's
 * ∩ the mirror's (core/portable/permissions.ts). The result goes to `ctx.stash.caller`.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { effectiveRole, orgCaller, personalCaller } from "../../../core/portable/caller";
import { isKeyPart } from "../../../core/portable/key-part";
import { membershipKey } from "../../../core/portable/keys";
import { effectivePermissions, splitPermissions } from "../../../core/portable/permissions";
import { must } from "../lib/auth";

interface ResolverContext {
  userId?: string;
  orgId?: string;
  orgRole?: string;
  /** Comma-joined, as the authorizer writes it (core/claims.ts). */
  orgPermissions?: string;
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
    const caller = personalCaller(userId, impersonator(ctx));
    ctx.stash.caller = caller;
    return runtime.earlyReturn(caller);
  }
  const key = must(membershipKey(orgId, userId), "Not authorized", "Unauthorized");
  return get({ key, consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const { userId, orgId, orgRole, orgPermissions } = claims(ctx);
  const membership = ctx.result as {
    role?: string;
    permissions?: unknown;
    deleted?: boolean;
  } | null;
  if (!membership || membership.deleted) deny();
  const mirror = membership as { role?: string; permissions?: unknown };
  const role = effectiveRole(orgRole, mirror.role);
  const permissions = effectivePermissions(
    orgRole,
    splitPermissions(orgPermissions),
    mirror.role,
    mirror.permissions,
  );
  if (role === null || permissions === null) deny();
  const caller = orgCaller(userId as string, orgId as string, role, impersonator(ctx), permissions);
  ctx.stash.caller = caller;
  return caller;
}
