/**
 * The one caller type and the role rules. A caller is who makes a request, in which scope,
 * with which effective role and permissions: the resolvers settle it in the authorize
 * function (token and mirror, core/portable/permissions.ts), the dashboard from its viewer
 * (the API's `me`).
 */
import type { Scope } from "./scope";

export const ADMIN_ROLE = "org:admin";
export const MEMBER_ROLE = "org:member";

/** Role ranks: no membership, any member role, admin. */
export const RANK_NONE = 0;
export const RANK_MEMBER = 1;
export const RANK_ADMIN = 2;

export interface Caller {
  userId: string;
  scope: Scope;
  /**
   * The effective org role: the token's and the mirror's when they agree (`org:lead`…),
   * else the lower of the two as `org:admin`/`org:member`; "" in personal scope.
   */
  role: string;
  /** Whether the effective role is `org:admin` of the active org. */
  isAdmin: boolean;
  /**
   * The effective org permissions (token ∩ mirror, `effectivePermissions`); what the rules
   * of core/portable/authorization.ts decide by. Empty in personal scope.
   */
  permissions: string[];
  /** The real actor of an impersonated session (Clerk's `act.sub`); "" for the user's own. */
  impersonatorId: string;
}

/**
 * Rank of an org role: admin above member. Any other role the org defines (`org:viewer`…)
 * is still a membership, so it ranks as a member; an empty or unprefixed role is none.
 */
export function roleRank(role: unknown): number {
  if (role === ADMIN_ROLE) return RANK_ADMIN;
  if (typeof role === "string" && role.length > 4 && role.slice(0, 4) === "org:")
    return RANK_MEMBER;
  return RANK_NONE;
}

/**
 * The effective role of a token's role and the mirror's: the role itself when both say the
 * same, else the lower wins, so a demotion or removal delivered by webhook applies before
 * the token expires. null: no membership. (What the caller may do is its permissions';
 * the role is what the audit log records.)
 */
export function effectiveRole(tokenRole: unknown, mirrorRole: unknown): string | null {
  const token = roleRank(tokenRole);
  const mirror = roleRank(mirrorRole);
  const rank = token < mirror ? token : mirror;
  if (rank === RANK_NONE) return null;
  if (tokenRole === mirrorRole) return tokenRole as string;
  return rank === RANK_ADMIN ? ADMIN_ROLE : MEMBER_ROLE;
}

/**
 * The caller of an org scope with an effective role (see {@link effectiveRole}) and
 * permissions (core/portable/permissions.ts's `effectivePermissions`).
 */
export function orgCaller(
  userId: string,
  orgId: string,
  role: string,
  impersonatorId: string,
  permissions: readonly string[],
): Caller {
  return {
    userId,
    scope: { kind: "org", orgId },
    role,
    isAdmin: role === ADMIN_ROLE,
    impersonatorId,
    permissions: permissions.slice(),
  };
}

/** The caller of a personal scope (no active org): no role, no permissions, never an admin. */
export function personalCaller(userId: string, impersonatorId: string): Caller {
  return {
    userId,
    scope: { kind: "personal", userId },
    role: "",
    isAdmin: false,
    impersonatorId,
    permissions: [],
  };
}
