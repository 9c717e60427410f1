/**
 * Clerk's permission keys as Waypoint reads them, the system roles' defaults, and how a
 * token's permissions and the mirrored membership's combine into the effective set
 * (docs/authorization.md, "Permissions"). The one home of these rules: the authorize
 * function, `me`, the dashboard and the local issuer all take them from here.
 *
 * Clerk leaves system permissions (`org:sys_*`) out of session tokens to keep them small
 * (clerk.com/docs/organizations/roles-permissions#system-permissions); its
 * `organizationMembership` payloads and Backend API memberships carry every permission of
 * the member's role, system ones included. So:
 * - custom permissions (`org:milestones:*`) must be in the token AND in the mirror;
 * - system permissions come from the mirror only, and only while the token's role is the
 *   mirror's role (a token of another role cannot vouch for them: a promotion waits for the
 *   next token, a demotion applies at once);
 * - the system roles `org:admin` and `org:member` hold Waypoint's defaults whatever the
 *   token or the payload lists, so an instance's settings for them cannot widen or narrow
 *   them; a custom role holds exactly what Clerk lists for it.
 */
import { ADMIN_ROLE, MEMBER_ROLE, roleRank, RANK_NONE } from "./caller";

export const MILESTONES_READ = "org:milestones:read";
export const MILESTONES_CREATE = "org:milestones:create";
export const MILESTONES_MANAGE = "org:milestones:manage";
export const MEMBERSHIPS_READ = "org:sys_memberships:read";
export const MEMBERSHIPS_MANAGE = "org:sys_memberships:manage";

/** Every permission key Waypoint's rules look at, custom ones first. */
export const PERMISSION_KEYS = [
  MILESTONES_READ,
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
  MEMBERSHIPS_READ,
  MEMBERSHIPS_MANAGE,
] as const;
export type PermissionKey = (typeof PERMISSION_KEYS)[number];

/** What the system roles hold, whatever an instance's settings list for them. */
export const SYSTEM_ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  [ADMIN_ROLE]: PERMISSION_KEYS,
  [MEMBER_ROLE]: [MILESTONES_READ, MILESTONES_CREATE],
};

/** Clerk's system permissions (`org:sys_<feature>:<action>`), never in a session token. */
export function isSystemPermission(key: string): boolean {
  return key.slice(0, 8) === "org:sys_";
}

/** Whether `role` is one of the system roles (defaults apply) rather than a custom one. */
export function isSystemRole(role: unknown): boolean {
  return role === ADMIN_ROLE || role === MEMBER_ROLE;
}

/** The permissions a list claims for a role: a system role's defaults, else the list's strings. */
function grantsOf(role: string, listed: unknown): string[] {
  const defaults = SYSTEM_ROLE_PERMISSIONS[role];
  if (defaults) return defaults.slice();
  if (!Array.isArray(listed)) return [];
  return listed.filter((key) => typeof key === "string" && key.length > 0) as string[];
}

/**
 * Comma-joined permissions (the resolverContext's `orgPermissions`) as a list; empty
 * strings dropped.
 */
export function splitPermissions(joined: unknown): string[] {
  if (typeof joined !== "string" || joined === "") return [];
  return joined.split(",").filter((key) => key !== "");
}

/**
 * The effective permission set of a token's role and permissions and the mirrored
 * membership's role and permissions, in the mirror's order; null when either side holds no
 * membership role. A mirror item written before permissions were kept (`permissions`
 * absent) holds its system role's defaults, and nothing for a custom role.
 */
export function effectivePermissions(
  tokenRole: unknown,
  tokenPermissions: unknown,
  mirrorRole: unknown,
  mirrorPermissions: unknown,
): string[] | null {
  if (roleRank(tokenRole) === RANK_NONE || roleRank(mirrorRole) === RANK_NONE) return null;
  const fromMirror = grantsOf(mirrorRole as string, mirrorPermissions);
  const fromToken = grantsOf(tokenRole as string, tokenPermissions);
  const sameRole = tokenRole === mirrorRole;
  const granted: string[] = [];
  fromMirror.forEach((key) => {
    if (granted.indexOf(key) >= 0) return;
    // The token never lists system permissions of a custom role; its role vouches for them.
    const vouched = isSystemPermission(key) && sameRole;
    if (vouched || fromToken.indexOf(key) >= 0) granted.push(key);
  });
  return granted;
}

/** Whether a permission set holds `key`. */
export function holds(permissions: readonly string[], key: string): boolean {
  return permissions.indexOf(key) >= 0;
}
