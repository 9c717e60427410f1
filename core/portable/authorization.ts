/**
 * Who may do what (docs/authorization.md's tables), the one home of the rule. The resolvers
 * enforce it; the dashboard asks the same functions which controls to show.
 *
 * In an org every rule decides by the caller's effective permissions (token ∩ mirror,
 * core/portable/permissions.ts), never by the role's name: `org:admin` and `org:member`
 * decide through their default permissions, a custom role (`org:lead`…) through exactly
 * what Clerk grants it. In personal scope the caller owns everything it may touch.
 *
 * The key already confines every read and write to the caller's scope; these rules decide
 * within it.
 */
import type { Caller } from "./caller";
import {
  holds,
  MEMBERSHIPS_MANAGE,
  MEMBERSHIPS_READ,
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
  MILESTONES_READ,
} from "./permissions";

/** The part of a milestone the rules look at. */
export interface MilestoneRef {
  ownerId?: unknown;
}

/** Actions taken on the active org as a whole, each on the active org only. */
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

/**
 * The permission each admin action needs. The audit log and the sync log go with managing
 * members: they show invitees' addresses, role changes and every membership delivery, which
 * is what a member manager needs and a reader of the member list should not see.
 */
export const ADMIN_ACTION_PERMISSION: Readonly<Record<AdminAction, string>> = {
  "milestones.bulkDelete": MILESTONES_MANAGE,
  "org.members": MEMBERSHIPS_READ,
  "org.auditLog": MEMBERSHIPS_MANAGE,
  "org.syncEvents": MEMBERSHIPS_MANAGE,
  "org.invitations": MEMBERSHIPS_MANAGE,
  "org.manageMembers": MEMBERSHIPS_MANAGE,
};

/** An org admin of the active org (never in personal scope). */
export function isOrgAdmin(caller: Caller): boolean {
  return caller.isAdmin && caller.scope.kind === "org";
}

/** Whether an org caller holds `key` (always false in personal scope). */
function orgHolds(caller: Caller, key: string): boolean {
  return caller.scope.kind === "org" && holds(caller.permissions, key);
}

/** The caller's own personal scope (a personal caller of someone else's scope is nobody). */
function ownPersonal(caller: Caller): boolean {
  return caller.scope.kind === "personal" && caller.scope.userId === caller.userId;
}

const ownedBy = (caller: Caller, milestone: MilestoneRef) => milestone.ownerId === caller.userId;

/**
 * Whether the caller may read milestones of its scope at all: in an org only with
 * `org:milestones:read`. Lists, single reads and the read an edit or delete starts with
 * are refused without it.
 */
export function canReadMilestones(caller: Caller): boolean {
  return ownPersonal(caller) || orgHolds(caller, MILESTONES_READ);
}

/** Read: every milestone of the org with `org:milestones:read`; one's own in personal scope. */
export function canRead(caller: Caller, milestone: MilestoneRef): boolean {
  if (ownPersonal(caller)) return ownedBy(caller, milestone);
  return orgHolds(caller, MILESTONES_READ);
}

/** Create: in the caller's scope, owned by the caller; in an org `org:milestones:create`. */
export function canCreate(caller: Caller): boolean {
  return ownPersonal(caller) || orgHolds(caller, MILESTONES_CREATE);
}

/**
 * Edit: in an org, any milestone with `org:milestones:manage`, one's own with
 * `org:milestones:create`, and either only with `org:milestones:read` (an edit reads the
 * milestone first); one's own in personal scope.
 */
export function canEdit(caller: Caller, milestone: MilestoneRef): boolean {
  if (ownPersonal(caller)) return ownedBy(caller, milestone);
  if (!orgHolds(caller, MILESTONES_READ)) return false;
  if (orgHolds(caller, MILESTONES_MANAGE)) return true;
  return ownedBy(caller, milestone) && orgHolds(caller, MILESTONES_CREATE);
}

/**
 * Giving a milestone to another owner (bulk edit's `ownerId`): only in an org, only with
 * `org:milestones:manage` (and read, as for any edit). Members keep their rows; in personal
 * scope there is nobody else to give them to. Who may become the owner (a current member of
 * the org) is checked against the mirror by the resolver.
 */
export function canChangeOwner(caller: Caller): boolean {
  return orgHolds(caller, MILESTONES_MANAGE) && orgHolds(caller, MILESTONES_READ);
}

/**
 * One row of a bulk edit: {@link canEdit}, and {@link canChangeOwner} when the edit gives
 * the row to someone (the same id may be editable for its status but not its owner).
 */
export function canBulkEdit(
  caller: Caller,
  milestone: MilestoneRef,
  change: { ownerChange: boolean },
): boolean {
  return canEdit(caller, milestone) && (!change.ownerChange || canChangeOwner(caller));
}

/**
 * Whether the milestones page offers bulk edit (row selection, "Edit selected"): when some
 * row could be the caller's to edit — its own in personal scope; in an org with read and
 * create (own rows) or manage (any). Each row is still decided by {@link canBulkEdit}.
 */
export function canBulkEditAny(caller: Caller): boolean {
  if (ownPersonal(caller)) return true;
  return (
    orgHolds(caller, MILESTONES_READ) &&
    (orgHolds(caller, MILESTONES_CREATE) || orgHolds(caller, MILESTONES_MANAGE))
  );
}

/** Delete: the same rule as edit. */
export function canDelete(caller: Caller, milestone: MilestoneRef): boolean {
  return canEdit(caller, milestone);
}

/** An admin action ({@link ADMIN_ACTIONS}): holders of its permission in the active org. */
export function canAdmin(caller: Caller, action: AdminAction): boolean {
  const key = ADMIN_ACTION_PERMISSION[action];
  return key !== undefined && orgHolds(caller, key);
}

/**
 * Bulk delete (deleteMilestones), the bulk action the milestones page offers:
 * `org:milestones:manage`, and `org:milestones:read` as for any edit.
 */
export function canBulkDelete(caller: Caller): boolean {
  return canAdmin(caller, "milestones.bulkDelete") && canReadMilestones(caller);
}

/** The part of a saved view the rules look at. */
export interface ViewRef {
  ownerId?: unknown;
  shared?: unknown;
}

/**
 * Saved views (list, save, delete one's own): whoever may read the scope's milestones, since
 * a view is a way of reading them. A view saved in an org stays the org's.
 */
export function canSaveViews(caller: Caller): boolean {
  return canReadMilestones(caller);
}

/**
 * Share a view with the org, or unshare (and delete) a shared one, whoever saved it: holders
 * of `org:milestones:manage` (and read), the permission that already decides over every
 * milestone of the org; org admins hold it. Never in personal scope (nobody to share with).
 */
export function canShareViews(caller: Caller): boolean {
  return orgHolds(caller, MILESTONES_MANAGE) && canReadMilestones(caller);
}

/** Delete a view: its owner; a shared one also whoever may share views. */
export function canDeleteView(caller: Caller, view: ViewRef): boolean {
  if (!canSaveViews(caller)) return false;
  if (view.ownerId === caller.userId) return true;
  return view.shared === true && canShareViews(caller);
}

/**
 * Share or unshare a view: holders of the share rule, for their own views and for any view
 * already shared with the org (another user's private view is not theirs to publish).
 */
export function canShareView(caller: Caller, view: ViewRef): boolean {
  if (!canShareViews(caller)) return false;
  return view.ownerId === caller.userId || view.shared === true;
}
