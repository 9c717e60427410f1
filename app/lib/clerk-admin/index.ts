/**
 * The dashboard's one data module for Clerk's Backend API (the second outside system, beside
 * the GraphQL API): member management with `@clerk/backend`. The Backend API key can do
 * anything in any org, so every function here settles who asks before its first call:
 *
 * 1. the org is the session's active org, and nothing else: no function takes an org id, and
 *    every id a form sends (a user, an invitation) is only ever used under that org's path;
 * 2. the caller may `org.manageMembers` per the mirror: the API's `me` (which applies the
 *    mirrored membership, so a demotion delivered by webhook counts at once) through core's
 *    `canAdmin`;
 * 3. a membership named by a form is read first, in the session's org (one bounded list
 *    request filtered by user id): its current role, or NotFound for anyone else's;
 * 4. the last-admin rule (core/portable/members.ts) with the admins counted by one bounded
 *    request (the org's memberships filtered by role `org:admin`, limit 2).
 *
 * Locally the Backend API is the issuer's (ISSUER_SECRET_KEY, WAYPOINT_ISSUER_URL); in Clerk
 * mode Clerk's (CLERK_SECRET_KEY), never the issuer (app/lib/env.ts). Clerk's shapes are
 * converted to ours here; errors become MemberAdminError with our sentences.
 */
import "server-only";
import { createClerkClient, type ClerkClient } from "@clerk/backend";
import { canAdmin } from "../../../core/portable/authorization";
import { ADMIN_ROLE } from "../../../core/portable/caller";
import {
  ADMIN_COUNT_LIMIT,
  lastAdminRefusal,
  selfChangeRefusal,
  type MembershipChange,
} from "../../../core/portable/members";
import { getEnv } from "../env";
import { callerOf, getViewer } from "../session/viewer";
import { MemberAdminError, MESSAGES, toMemberAdminError, type BackendOperation } from "./errors";

export { MemberAdminError, MESSAGES } from "./errors";
export type { MemberAdminErrorType } from "./errors";

/** A role of the instance, as the invite form and the role selects offer it. */
export interface OrgRole {
  key: string;
  name: string;
}

export interface InvitationResult {
  id: string;
  emailAddress: string;
  role: string;
}

export interface MembershipResult {
  userId: string;
  /** The role before the change. */
  roleBefore: string;
  /** The role after it; null for a removal. */
  roleAfter: string | null;
}

/** Who manages, established before any Backend API call. */
interface Manager {
  orgId: string;
  userId: string;
}

let client: ClerkClient | undefined;

function backend(): ClerkClient {
  const { secretKey, apiUrl } = getEnv().backendApi;
  if (!secretKey) {
    // Clerk mode on a server without its key: env.ts refuses to start that way; a build
    // serving requests would end here. Logged, never shown.
    throw toMemberAdminError("listRoles", new Error("CLERK_SECRET_KEY is not set"));
  }
  client ??= createClerkClient(apiUrl ? { secretKey, apiUrl } : { secretKey });
  return client;
}

/** One Backend API call, its failure mapped for people. */
async function clerk<T>(
  operation: BackendOperation,
  run: (c: ClerkClient) => Promise<T>,
): Promise<T> {
  try {
    return await run(backend());
  } catch (error) {
    throw toMemberAdminError(operation, error);
  }
}

/**
 * The session's org and user, if the caller may manage its members per the mirror; else
 * Unauthorized. The API's `me` decides (a removed member is refused there, a demoted admin
 * comes back as a member), and the org it answers for must be the session's.
 */
async function manager(): Promise<Manager> {
  const viewer = await getViewer();
  const orgId = viewer.session.orgId;
  if (viewer.status !== "ok" || !orgId || viewer.me.orgId !== orgId)
    throw new MemberAdminError("Unauthorized", MESSAGES.notAllowed);
  if (!canAdmin(callerOf(viewer), "org.manageMembers"))
    throw new MemberAdminError("Unauthorized", MESSAGES.notAllowed);
  return { orgId, userId: viewer.session.user.id };
}

/**
 * Refuses (Unauthorized) unless the caller may manage the session's org's members: for
 * callers that want to say no before they even parse their input. Every function below
 * checks it again itself (the API's `me` is read once per request).
 */
export async function assertMemberManager(): Promise<void> {
  await manager();
}

/** The instance's roles (Clerk's "Roles & Permissions"), for the forms' selects. */
export async function listRoles(): Promise<OrgRole[]> {
  await manager();
  return rolesOf();
}

async function rolesOf(): Promise<OrgRole[]> {
  const page = await clerk("listRoles", (c) =>
    c.organizationRoles.getOrganizationRoleList({ limit: 100 }),
  );
  return page.data.map((role) => ({ key: role.key, name: role.name }));
}

async function requireRole(role: string): Promise<void> {
  const roles = await rolesOf();
  if (!roles.some((r) => r.key === role))
    throw new MemberAdminError("ValidationError", MESSAGES.unknownRole, "role");
}

/** The target's current role in the session's org (one bounded read), or NotFound. */
async function currentRole(m: Manager, userId: string): Promise<string> {
  const page = await clerk("readMembership", (c) =>
    c.organizations.getOrganizationMembershipList({
      organizationId: m.orgId,
      userId: [userId],
      limit: 1,
    }),
  );
  const membership = page.data[0];
  // The filter is Clerk's; the check is ours, so a backend ignoring it cannot widen it.
  if (!membership || membership.publicUserData?.userId !== userId)
    throw new MemberAdminError("NotFound", MESSAGES.memberNotFound);
  return membership.role;
}

/** The last-admin rule, with the org's admins counted by one request of at most 2 items. */
async function refuseLastAdmin(m: Manager, change: MembershipChange): Promise<void> {
  // Allowed even with no admin at all: the change does not take an admin away; no read.
  if (lastAdminRefusal(change, 0) === null) return;
  const page = await clerk("countAdmins", (c) =>
    c.organizations.getOrganizationMembershipList({
      organizationId: m.orgId,
      role: [ADMIN_ROLE],
      limit: ADMIN_COUNT_LIMIT,
    }),
  );
  const admins = page.data.filter((membership) => membership.role === ADMIN_ROLE).length;
  const refusal = lastAdminRefusal(change, admins);
  if (refusal !== null) throw new MemberAdminError("ConflictError", refusal);
}

function refuseSelf(m: Manager, userId: string): void {
  const refusal = selfChangeRefusal(m.userId, userId);
  if (refusal !== null) throw new MemberAdminError("ConflictError", refusal);
}

/** Invites `emailAddress` to the session's org with one of the instance's roles. */
export async function inviteMember(emailAddress: string, role: string): Promise<InvitationResult> {
  const m = await manager();
  await requireRole(role);
  const invitation = await clerk("invite", (c) =>
    c.organizations.createOrganizationInvitation({
      organizationId: m.orgId,
      emailAddress,
      role,
      inviterUserId: m.userId,
    }),
  );
  return { id: invitation.id, emailAddress: invitation.emailAddress, role: invitation.role };
}

/**
 * Revokes one of the session's org's pending invitations. The id is only used under the
 * session's org path, so another org's invitation is Clerk's 404 (NotFound), an accepted or
 * revoked one Clerk's 4xx (no longer pending).
 */
export async function revokeInvitation(invitationId: string): Promise<InvitationResult> {
  const m = await manager();
  const invitation = await clerk("revokeInvitation", (c) =>
    c.organizations.revokeOrganizationInvitation({
      organizationId: m.orgId,
      invitationId,
      requestingUserId: m.userId,
    }),
  );
  if (invitation.organizationId && invitation.organizationId !== m.orgId) {
    // Cannot happen with Clerk (the path names the org); if a backend did it, say so loudly.
    throw toMemberAdminError("revokeInvitation", new Error("revoked an invitation of another org"));
  }
  return { id: invitation.id, emailAddress: invitation.emailAddress, role: invitation.role };
}

/** Gives a member of the session's org another of the instance's roles. */
export async function changeMemberRole(userId: string, role: string): Promise<MembershipResult> {
  const m = await manager();
  const roleBefore = await currentRole(m, userId);
  if (roleBefore === role) throw new MemberAdminError("ValidationError", MESSAGES.sameRole, "role");
  await requireRole(role);
  await refuseLastAdmin(m, { kind: "changeRole", currentRole: roleBefore, newRole: role });
  refuseSelf(m, userId);
  const updated = await clerk("changeRole", (c) =>
    c.organizations.updateOrganizationMembership({ organizationId: m.orgId, userId, role }),
  );
  return { userId, roleBefore, roleAfter: updated.role };
}

/** Removes a member from the session's org. */
export async function removeMember(userId: string): Promise<MembershipResult> {
  const m = await manager();
  const roleBefore = await currentRole(m, userId);
  await refuseLastAdmin(m, { kind: "remove", currentRole: roleBefore });
  refuseSelf(m, userId);
  await clerk("remove", (c) =>
    c.organizations.deleteOrganizationMembership({ organizationId: m.orgId, userId }),
  );
  return { userId, roleBefore, roleAfter: null };
}
