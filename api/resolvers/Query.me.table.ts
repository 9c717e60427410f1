/**
 * me (after authorize): who the caller is, in which scope, with the effective role (the
 * lower of token and mirror) and the effective permissions (token ∩ mirror, system ones
 * from the mirror: core/portable/permissions.ts), plus the mirrored profile.
 */
import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../core/portable/caller";
import { userKey } from "../../core/portable/keys";
import { orgIdOf, scopeName } from "../../core/portable/scope";
import { must } from "./lib/auth";
import { DELETED_USER_NAME, isTombstone } from "./lib/deleted-user";

export function request(ctx: Context) {
  const caller = ctx.stash.caller as Caller;
  return get({ key: must(userKey(caller.userId), "Not authorized", "Unauthorized") });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const caller = ctx.stash.caller as Caller;
  const identity = ctx.identity as { resolverContext: Record<string, string | undefined> };
  const claims = identity.resolverContext;
  const profile = ctx.result as Record<string, unknown> | null;
  const live = profile && !profile.deleted ? profile : null;
  const inOrg = caller.scope.kind === "org";
  return {
    userId: caller.userId,
    firstName: live ? (live.firstName ?? null) : isTombstone(profile) ? DELETED_USER_NAME : null,
    lastName: live ? (live.lastName ?? null) : null,
    email: live ? (live.email ?? null) : null,
    imageUrl: live ? (live.imageUrl ?? null) : null,
    scope: scopeName(caller.scope),
    orgId: orgIdOf(caller.scope),
    orgSlug: inOrg && claims.orgSlug ? claims.orgSlug : null,
    role: inOrg ? caller.role : null,
    permissions: caller.permissions,
  };
}
