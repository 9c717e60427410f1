/**
 * Who may do what (docs/authorization.md's table), the one home of the rule. The resolvers
 * enforce it; the dashboard asks the same functions which controls to show.
 *
 * Every rule takes the {@link Caller} after the membership check and answers a boolean, so a
 * later rule on permissions (issue 20: `org:milestones:manage`…) is a change here only: the
 * caller gains its permissions, each function one more clause.
 *
 * The key already confines every read and write to the caller's scope; these rules decide
 * within it.
 */
import { RANK_MEMBER, roleRank, type Caller } from "./caller";

/** The part of a milestone the rules look at. */
export interface MilestoneRef {
  ownerId?: unknown;
}

/** Actions only an org admin may take, each on the active org only. */
export const ADMIN_ACTIONS = [
  "milestones.bulkDelete",
  "org.members",
  "org.auditLog",
  "org.syncEvents",
  /** Read the active org's pending invitations (Clerk's `org:sys_memberships:manage`). */
  "org.invitations",
  /** Invite, revoke an invitation, change a role, remove a member; and record each in the audit log. */
  "org.manageMembers",
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

/** An org admin of the active org (never in personal scope). */
export function isOrgAdmin(caller: Caller): boolean {
  return caller.isAdmin && caller.scope.kind === "org";
}

/** Whether the caller belongs to its scope: its own personal scope, or a member of the org. */
function inScope(caller: Caller): boolean {
  if (caller.scope.kind === "personal") return caller.scope.userId === caller.userId;
  return caller.isAdmin || roleRank(caller.role) >= RANK_MEMBER;
}

/** Read: every milestone of the caller's scope (the caller's own in personal scope). */
export function canRead(caller: Caller, milestone: MilestoneRef): boolean {
  if (!inScope(caller)) return false;
  return caller.scope.kind === "org" || milestone.ownerId === caller.userId;
}

/** Create: in the caller's scope, owned by the caller (no input names another owner). */
export function canCreate(caller: Caller): boolean {
  return inScope(caller);
}

/** Edit: org admins any milestone of the org, everyone else their own. */
export function canEdit(caller: Caller, milestone: MilestoneRef): boolean {
  if (!inScope(caller)) return false;
  return isOrgAdmin(caller) || milestone.ownerId === caller.userId;
}

/** Delete: the same rule as edit. */
export function canDelete(caller: Caller, milestone: MilestoneRef): boolean {
  return canEdit(caller, milestone);
}

/** An admin action ({@link ADMIN_ACTIONS}): org admins of the active org, nobody else. */
export function canAdmin(caller: Caller, _action: AdminAction): boolean {
  return isOrgAdmin(caller);
}

/** Bulk delete (deleteMilestones), the admin action the milestones page offers. */
export function canBulkDelete(caller: Caller): boolean {
  return canAdmin(caller, "milestones.bulkDelete");
}
