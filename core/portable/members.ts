/**
 * Member management (issue 20): the rules the dashboard's server actions apply before every
 * call to Clerk's Backend API, and the audit actions that record each change. The one home
 * of these rules; plain functions and constants, so the audit resolver (APPSYNC_JS), the
 * server actions (Node) and the Members page (browser) import the same ones.
 */
import { ADMIN_ROLE } from "./caller";

/** The audit actions of member management, as the audit log stores them. */
export const MEMBER_AUDIT_ACTIONS = [
  "member.invite",
  "member.revokeInvitation",
  "member.changeRole",
  "member.remove",
] as const;
export type MemberAuditAction = (typeof MEMBER_AUDIT_ACTIONS)[number];

export function isMemberAuditAction(value: unknown): value is MemberAuditAction {
  return typeof value === "string" && MEMBER_AUDIT_ACTIONS.indexOf(value as MemberAuditAction) >= 0;
}

/**
 * How many admins the last-admin rule needs to see: one more than the target. The count is
 * read with this limit (Clerk's membership list filtered by role), so it never pages through
 * an org's members: 2 means "someone else is an admin too".
 */
export const ADMIN_COUNT_LIMIT = 2;

/** A change to one membership, as the last-admin rule sees it. */
export type MembershipChange =
  | { kind: "changeRole"; currentRole: string; newRole: string }
  | { kind: "remove"; currentRole: string };

export const LAST_ADMIN_MESSAGE =
  "This is the organization's last admin: make someone else an admin first.";

/**
 * The last-admin rule: an org keeps at least one admin. Refuses demoting or removing an
 * admin when `adminCount` (read with {@link ADMIN_COUNT_LIMIT}, the target included) is below
 * 2. Anything else — a member's change, a promotion, an admin staying admin — is allowed.
 * Returns the message to show, or null when the change is allowed.
 */
export function lastAdminRefusal(change: MembershipChange, adminCount: number): string | null {
  if (change.currentRole !== ADMIN_ROLE) return null;
  if (change.kind === "changeRole" && change.newRole === ADMIN_ROLE) return null;
  return adminCount < ADMIN_COUNT_LIMIT ? LAST_ADMIN_MESSAGE : null;
}

/** Limits of an audit record's fields (ids and role keys as Clerk spells them; emails per RFC 5321). */
export const MEMBER_AUDIT_LIMITS = { id: 256, email: 254, role: 64 } as const;

const ROLE_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_:-";

/**
 * A role key as Clerk spells it: `org:` and a lower-case key (`org:admin`,
 * `org:billing_manager`). No regular expression: the APPSYNC_JS runtime has none.
 */
export function isRoleKey(value: unknown): value is string {
  if (typeof value !== "string") return false;
  if (value.length < 5 || value.length > MEMBER_AUDIT_LIMITS.role) return false;
  if (value.slice(0, 4) !== "org:") return false;
  return value
    .slice(4)
    .split("")
    .every((c) => ROLE_KEY_CHARS.indexOf(c) >= 0);
}

export const SELF_CHANGE_MESSAGE =
  "You cannot change your own role or remove yourself here: ask another admin.";

/**
 * No self-service demotion or removal from the dashboard: the change would take the caller's
 * right away before its audit entry is written (the mirror follows within a second, and the
 * audit mutation needs the right), leaving a change without its entry. Another admin can.
 */
export function selfChangeRefusal(callerId: string, targetUserId: string): string | null {
  return callerId === targetUserId ? SELF_CHANGE_MESSAGE : null;
}
