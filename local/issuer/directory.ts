/**
 * The issuer's users, organizations, memberships and roles, and the Clerk events each change
 * produces. Input arrives through zod schemas; every change calls `emit` with the event
 * type and its Clerk-shaped `data`, as Clerk's webhooks would deliver it.
 *
 * Invitations follow Clerk's life cycle: `pending` until revoked or accepted, and final
 * then; at most one pending invitation per org and email address (case-insensitive).
 */
import { z } from "zod";
import {
  deletedOrganizationJson,
  deletedUserJson,
  invitationJson,
  membershipJson,
  membershipPermissions,
  organizationJson,
  userJson,
  type InvitationRecord,
  type MembershipRecord,
  type OrgRecord,
  type UserRecord,
} from "./clerk-json";
import type { MirroredEventType } from "../../core/clerk-events";
import { newId } from "./ids";
import { defaultRoles, roleName, type RoleRecord } from "./roles";

/** The Clerk events the directory emits: exactly the ones the mirror applies (core's list). */
export type ClerkEventType = MirroredEventType;

export type Emit = (type: ClerkEventType, data: Record<string, unknown>) => void;

/**
 * A change the directory refuses. `code` is the kind (our admin API answers 404, 409, 422);
 * `clerkCode` is the code Clerk's Backend API answers the same refusal with, when it has
 * its own (routes/backend-api.ts), and `param` the request parameter it concerns.
 */
export class DirectoryError extends Error {
  constructor(
    readonly code: "not_found" | "conflict" | "invalid",
    message: string,
    readonly clerkCode?: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = "DirectoryError";
  }
}

const name = z.string().trim().min(1).max(100);
const userId = z.string().regex(/^user_[A-Za-z0-9_]{1,64}$/, "expected a user id (user_…)");
const orgId = z.string().regex(/^org_[A-Za-z0-9_]{1,64}$/, "expected an organization id (org_…)");
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes")
  .max(64);
const role = z.string().regex(/^org:[a-z0-9_]{1,64}$/, "expected a role key (org:…)");
const permissions = z.array(z.string().regex(/^org:[a-z0-9_]+:[a-z0-9_]+$/)).max(100);
/** Clerk's role settings: a display name, a description, the role's permission keys. */
export const putRoleSchema = z.strictObject({
  name: name.optional(),
  description: z.string().trim().max(500).optional(),
  permissions: permissions.refine(
    (keys) => new Set(keys).size === keys.length,
    "each permission at most once",
  ),
});
export const roleKeySchema = role;
const atLeastOne = (input: Record<string, unknown>) =>
  Object.values(input).some((value) => value !== undefined);

export const createUserSchema = z.strictObject({
  id: userId.optional(),
  firstName: name,
  lastName: z.string().trim().max(100).default(""),
  email: z.email().max(254),
});
export const updateUserSchema = z
  .strictObject({
    firstName: name.optional(),
    lastName: z.string().trim().max(100).optional(),
    email: z.email().max(254).optional(),
  })
  .refine(atLeastOne, "nothing to update");
export const createOrgSchema = z.strictObject({ id: orgId.optional(), name, slug });
export const updateOrgSchema = z
  .strictObject({ name: name.optional(), slug: slug.optional() })
  .refine(atLeastOne, "nothing to update");
export const createMembershipSchema = z.strictObject({
  orgId,
  userId,
  role,
  permissions: permissions.optional(),
});
export const updateMembershipSchema = z.strictObject({ role, permissions: permissions.optional() });
export const email = z.email().max(254);
export const createInvitationSchema = z.strictObject({
  orgId,
  email,
  role,
  /** Clerk's default is 30 days. */
  expiresInDays: z.number().int().min(1).max(365).default(30),
});
/** Accept as an existing user (by id) or as a new one (by name; the invited address is theirs). */
export const acceptInvitationSchema = z.union([
  z.strictObject({ userId }),
  z.strictObject({ firstName: name, lastName: z.string().trim().max(100).default("") }),
]);

export interface DirectorySnapshot {
  users: UserRecord[];
  orgs: OrgRecord[];
  memberships: MembershipRecord[];
  /** Absent in snapshots saved before roles were configurable: the defaults then. */
  roles?: RoleRecord[];
  /** Absent in snapshots written before invitations existed. */
  invitations?: InvitationRecord[];
}

export class Directory {
  private readonly users = new Map<string, UserRecord>();
  private readonly orgs = new Map<string, OrgRecord>();
  /** Keyed `${orgId}/${userId}`. */
  private readonly memberships = new Map<string, MembershipRecord>();
  /** The last `updated_at` of each deleted membership (`orgId/userId`), for a re-creation. */
  private readonly deletedMemberships = new Map<string, number>();
  private readonly roles = new Map<string, RoleRecord>(defaultRoles().map((r) => [r.key, r]));
  private readonly invitations = new Map<string, InvitationRecord>();

  constructor(
    private readonly emit: Emit,
    /** The avatar URL served for an id. */
    private readonly avatarUrl: (id: string) => string,
    /** Called after every change, e.g. to persist. */
    private readonly onChange: () => void = () => {},
  ) {}

  // ---- reads -------------------------------------------------------------------------

  snapshot(): DirectorySnapshot {
    return {
      users: [...this.users.values()],
      orgs: [...this.orgs.values()],
      memberships: [...this.memberships.values()],
      roles: [...this.roles.values()],
      invitations: [...this.invitations.values()],
    };
  }

  restore(snapshot: DirectorySnapshot): void {
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const org of snapshot.orgs) this.orgs.set(org.id, org);
    for (const m of snapshot.memberships) this.memberships.set(`${m.orgId}/${m.userId}`, m);
    for (const r of snapshot.roles ?? []) this.roles.set(r.key, r);
    for (const i of snapshot.invitations ?? []) this.invitations.set(i.id, i);
  }

  isEmpty(): boolean {
    return this.users.size === 0 && this.orgs.size === 0;
  }

  getUser(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  getOrg(id: string): OrgRecord | undefined {
    return this.orgs.get(id);
  }

  getMembership(orgId: string, userId: string): MembershipRecord | undefined {
    return this.memberships.get(`${orgId}/${userId}`);
  }

  /** A configured role (system or custom), or undefined. */
  getRole(key: string): RoleRecord | undefined {
    return this.roles.get(key);
  }

  /** The configured roles, oldest first (the system roles lead). */
  listRoles(): RoleRecord[] {
    return [...this.roles.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Every permission a membership holds (its role's, system ones included), as Clerk lists them. */
  permissionsOf(membership: MembershipRecord): string[] {
    return membershipPermissions(membership, this.roles.get(membership.role)?.permissions);
  }

  /** Users, newest first (Clerk's default `-created_at`). */
  listUsers(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  listOrgs(): OrgRecord[] {
    return [...this.orgs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  orgMemberships(orgId: string): MembershipRecord[] {
    return [...this.memberships.values()]
      .filter((m) => m.orgId === orgId)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  userMemberships(userId: string): MembershipRecord[] {
    return [...this.memberships.values()]
      .filter((m) => m.userId === userId)
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  getInvitation(id: string): InvitationRecord | undefined {
    return this.invitations.get(id);
  }

  /** An org's invitations, newest first, optionally only those of some statuses. */
  orgInvitations(orgId: string, statuses: readonly string[] = []): InvitationRecord[] {
    return [...this.invitations.values()]
      .filter((i) => i.orgId === orgId && (statuses.length === 0 || statuses.includes(i.status)))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  userJson(user: UserRecord) {
    return userJson(user, this.avatarUrl(user.id));
  }

  orgJson(org: OrgRecord) {
    const counts = {
      members: this.orgMemberships(org.id).length,
      pendingInvitations: this.orgInvitations(org.id, ["pending"]).length,
    };
    return organizationJson(org, counts, this.avatarUrl(org.id));
  }

  membershipJson(membership: MembershipRecord) {
    const org = this.requireOrg(membership.orgId);
    const user = this.requireUser(membership.userId);
    return membershipJson(
      membership,
      this.permissionsOf(membership),
      this.orgJson(org),
      user,
      this.avatarUrl(user.id),
    );
  }

  invitationJson(invitation: InvitationRecord) {
    const org = this.requireOrg(invitation.orgId);
    return invitationJson(invitation, org, this.avatarUrl(org.id));
  }

  // ---- writes ------------------------------------------------------------------------

  createUser(input: z.input<typeof createUserSchema>): UserRecord {
    const data = createUserSchema.parse(input);
    const id = data.id ?? newId("user");
    if (this.users.has(id)) throw new DirectoryError("conflict", `user ${id} exists`);
    this.assertEmailFree(data.email);
    const now = Date.now();
    const user: UserRecord = {
      id,
      emailId: newId("idn"),
      email: data.email,
      firstName: data.firstName,
      lastName: data.lastName,
      createdAt: now,
      updatedAt: now,
    };
    this.users.set(id, user);
    this.changed("user.created", this.userJson(user));
    return user;
  }

  updateUser(id: string, input: z.input<typeof updateUserSchema>): UserRecord {
    const data = updateUserSchema.parse(input);
    const user = this.requireUser(id);
    if (data.email !== undefined && data.email !== user.email) this.assertEmailFree(data.email);
    const updated: UserRecord = {
      ...user,
      firstName: data.firstName ?? user.firstName,
      lastName: data.lastName ?? user.lastName,
      email: data.email ?? user.email,
      updatedAt: nextTimestamp(user.updatedAt),
    };
    this.users.set(id, updated);
    this.changed("user.updated", this.userJson(updated));
    return updated;
  }

  /**
   * Deletes the user; each of their memberships goes first, with its own
   * `organizationMembership.deleted` (receivers must not depend on that cascade).
   */
  deleteUser(id: string): void {
    this.requireUser(id);
    for (const membership of this.userMemberships(id)) {
      this.deleteMembership(membership.orgId, membership.userId);
    }
    this.users.delete(id);
    this.changed("user.deleted", deletedUserJson(id));
  }

  createOrg(input: z.input<typeof createOrgSchema>): OrgRecord {
    const data = createOrgSchema.parse(input);
    const id = data.id ?? newId("org");
    if (this.orgs.has(id)) throw new DirectoryError("conflict", `organization ${id} exists`);
    this.assertSlugFree(data.slug);
    const now = Date.now();
    const org: OrgRecord = { id, name: data.name, slug: data.slug, createdAt: now, updatedAt: now };
    this.orgs.set(id, org);
    this.changed("organization.created", this.orgJson(org));
    return org;
  }

  updateOrg(id: string, input: z.input<typeof updateOrgSchema>): OrgRecord {
    const data = updateOrgSchema.parse(input);
    const org = this.requireOrg(id);
    if (data.slug !== undefined && data.slug !== org.slug) this.assertSlugFree(data.slug);
    const updated: OrgRecord = {
      ...org,
      name: data.name ?? org.name,
      slug: data.slug ?? org.slug,
      updatedAt: nextTimestamp(org.updatedAt),
    };
    this.orgs.set(id, updated);
    this.changed("organization.updated", this.orgJson(updated));
    return updated;
  }

  deleteOrg(id: string): void {
    const org = this.requireOrg(id);
    for (const membership of this.orgMemberships(id)) {
      this.deleteMembership(membership.orgId, membership.userId);
    }
    // Gone with the org, without events of their own: the mirror erases them with the org.
    for (const invitation of this.orgInvitations(id)) this.invitations.delete(invitation.id);
    this.orgs.delete(id);
    this.changed("organization.deleted", deletedOrganizationJson(id, org.slug));
  }

  createMembership(input: z.input<typeof createMembershipSchema>): MembershipRecord {
    const data = createMembershipSchema.parse(input);
    this.requireOrg(data.orgId);
    this.requireUser(data.userId);
    if (this.getMembership(data.orgId, data.userId)) {
      throw new DirectoryError(
        "conflict",
        `${data.userId} is already a member of ${data.orgId}`,
        "already_a_member_in_organization",
      );
    }
    // After the same person's earlier membership of this org (deleted), never at or before its
    // last `updated_at`: that is the time its deletion carries, and a receiver lets a deletion
    // win a tie. (A burst of updates can put `updated_at` a few ms ahead of the clock.)
    const now = nextTimestamp(this.deletedMemberships.get(`${data.orgId}/${data.userId}`) ?? 0);
    const membership: MembershipRecord = {
      id: newId("orgmem"),
      orgId: data.orgId,
      userId: data.userId,
      role: data.role,
      permissions: data.permissions,
      createdAt: now,
      updatedAt: now,
    };
    this.memberships.set(`${data.orgId}/${data.userId}`, membership);
    this.changed("organizationMembership.created", this.membershipJson(membership));
    return membership;
  }

  updateMembership(
    orgId: string,
    userId: string,
    input: z.input<typeof updateMembershipSchema>,
  ): MembershipRecord {
    const data = updateMembershipSchema.parse(input);
    const membership = this.requireMembership(orgId, userId);
    const updated: MembershipRecord = {
      ...membership,
      role: data.role,
      permissions: data.permissions,
      updatedAt: nextTimestamp(membership.updatedAt),
    };
    this.memberships.set(`${orgId}/${userId}`, updated);
    this.changed("organizationMembership.updated", this.membershipJson(updated));
    return updated;
  }

  /**
   * Creates or updates a role. When its permissions change, every membership holding the
   * role (without a list of its own) changes with it and leaves as
   * `organizationMembership.updated` with a new `updated_at`, so receivers order it after
   * whatever they had.
   */
  putRole(key: string, input: z.input<typeof putRoleSchema>): RoleRecord {
    const roleKey = roleKeySchema.parse(key);
    const data = putRoleSchema.parse(input);
    const existing = this.roles.get(roleKey);
    const now = Date.now();
    const record: RoleRecord = {
      id: existing?.id ?? newId("role"),
      key: roleKey,
      name: data.name ?? existing?.name ?? roleName(roleKey),
      description: data.description ?? existing?.description ?? "",
      permissions: [...data.permissions],
      createdAt: existing?.createdAt ?? now,
      updatedAt: existing ? nextTimestamp(existing.updatedAt) : now,
    };
    this.roles.set(roleKey, record);
    const before = existing?.permissions ?? [];
    const changed =
      before.length !== record.permissions.length ||
      before.some((p) => !record.permissions.includes(p));
    if (!changed) {
      this.onChange();
      return record;
    }
    const holders = [...this.memberships.values()].filter(
      (m) => m.role === roleKey && m.permissions === undefined,
    );
    if (holders.length === 0) this.onChange();
    for (const membership of holders) {
      const updated = { ...membership, updatedAt: nextTimestamp(membership.updatedAt) };
      this.memberships.set(`${updated.orgId}/${updated.userId}`, updated);
      this.changed("organizationMembership.updated", this.membershipJson(updated));
    }
    return record;
  }

  deleteMembership(orgId: string, userId: string): void {
    const membership = this.requireMembership(orgId, userId);
    // The payload carries the whole membership as it was (its last `updated_at`), as
    // Clerk's does: receivers must let a deletion win over an update of equal time.
    const data = this.membershipJson(membership);
    this.memberships.delete(`${orgId}/${userId}`);
    this.deletedMemberships.set(`${orgId}/${userId}`, membership.updatedAt);
    this.changed("organizationMembership.deleted", data);
  }

  /**
   * A pending invitation. Refused: an unknown org or role, an address that already has a
   * pending invitation to the org, or belongs to one of its members.
   */
  createInvitation(input: z.input<typeof createInvitationSchema>): InvitationRecord {
    const data = createInvitationSchema.parse(input);
    this.requireOrg(data.orgId);
    if (!this.getRole(data.role)) {
      throw new DirectoryError(
        "invalid",
        `no role ${data.role}`,
        "form_param_value_invalid",
        "role",
      );
    }
    const address = data.email.toLowerCase();
    if (
      this.orgInvitations(data.orgId, ["pending"]).some((i) => i.email.toLowerCase() === address)
    ) {
      throw new DirectoryError(
        "conflict",
        `${data.email} already has a pending invitation to ${data.orgId}`,
        "duplicate_record",
        "email_address",
      );
    }
    const member = this.orgMemberships(data.orgId).some(
      (m) => this.users.get(m.userId)?.email.toLowerCase() === address,
    );
    if (member) {
      throw new DirectoryError(
        "conflict",
        `${data.email} is already a member of ${data.orgId}`,
        "already_a_member_in_organization",
        "email_address",
      );
    }
    const now = Date.now();
    const invitation: InvitationRecord = {
      id: newId("orginv"),
      orgId: data.orgId,
      email: data.email,
      role: data.role,
      status: "pending",
      createdAt: now,
      updatedAt: now,
      expiresAt: now + data.expiresInDays * 24 * 3600 * 1000,
    };
    this.invitations.set(invitation.id, invitation);
    this.changed("organizationInvitation.created", this.invitationJson(invitation));
    return invitation;
  }

  /** Revokes a pending invitation of `orgId`; an accepted or revoked one stays as it is. */
  revokeInvitation(orgId: string, invitationId: string): InvitationRecord {
    const invitation = this.requirePendingInvitation(orgId, invitationId);
    const revoked: InvitationRecord = {
      ...invitation,
      status: "revoked",
      updatedAt: nextTimestamp(invitation.updatedAt),
    };
    this.invitations.set(invitationId, revoked);
    this.changed("organizationInvitation.revoked", this.invitationJson(revoked));
    return revoked;
  }

  /**
   * Accepts a pending invitation as an existing user or as a new one (created with the
   * invited address), in Clerk's order: `user.created` (if new),
   * `organizationMembership.created`, `organizationInvitation.accepted`.
   */
  acceptInvitation(
    invitationId: string,
    input: z.input<typeof acceptInvitationSchema>,
  ): { invitation: InvitationRecord; membership: MembershipRecord; userCreated: boolean } {
    const data = acceptInvitationSchema.parse(input);
    const found = this.invitations.get(invitationId);
    if (!found) throw new DirectoryError("not_found", `no invitation ${invitationId}`);
    const invitation = this.requirePendingInvitation(found.orgId, invitationId);
    if ("userId" in data) {
      this.requireUser(data.userId);
      if (this.getMembership(invitation.orgId, data.userId)) {
        throw new DirectoryError(
          "conflict",
          `${data.userId} is already a member of ${invitation.orgId}`,
        );
      }
    } else {
      this.assertEmailFree(invitation.email);
    }
    const user =
      "userId" in data
        ? this.requireUser(data.userId)
        : this.createUser({
            firstName: data.firstName,
            lastName: data.lastName,
            email: invitation.email,
          });
    const membership = this.createMembership({
      orgId: invitation.orgId,
      userId: user.id,
      role: invitation.role,
    });
    const accepted: InvitationRecord = {
      ...invitation,
      status: "accepted",
      userId: user.id,
      updatedAt: nextTimestamp(invitation.updatedAt),
    };
    this.invitations.set(invitationId, accepted);
    this.changed("organizationInvitation.accepted", this.invitationJson(accepted));
    return { invitation: accepted, membership, userCreated: !("userId" in data) };
  }

  // ---- helpers -----------------------------------------------------------------------

  private changed(type: ClerkEventType, data: Record<string, unknown>): void {
    this.onChange();
    this.emit(type, data);
  }

  private requireUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw new DirectoryError("not_found", `no user ${id}`);
    return user;
  }

  private requireOrg(id: string): OrgRecord {
    const org = this.orgs.get(id);
    if (!org) throw new DirectoryError("not_found", `no organization ${id}`);
    return org;
  }

  private requireMembership(orgId: string, userId: string): MembershipRecord {
    const membership = this.getMembership(orgId, userId);
    if (!membership) throw new DirectoryError("not_found", `${userId} is not a member of ${orgId}`);
    return membership;
  }

  private requirePendingInvitation(orgId: string, invitationId: string): InvitationRecord {
    const invitation = this.invitations.get(invitationId);
    if (!invitation || invitation.orgId !== orgId) {
      throw new DirectoryError("not_found", `no invitation ${invitationId} in ${orgId}`);
    }
    if (invitation.status !== "pending") {
      throw new DirectoryError(
        "conflict",
        `invitation ${invitationId} is ${invitation.status}, not pending`,
        "organization_invitation_not_pending",
      );
    }
    return invitation;
  }

  private assertEmailFree(email: string): void {
    const taken = [...this.users.values()].some(
      (user) => user.email.toLowerCase() === email.toLowerCase(),
    );
    if (taken) throw new DirectoryError("conflict", `email ${email} is taken`);
  }

  private assertSlugFree(slugValue: string): void {
    if ([...this.orgs.values()].some((org) => org.slug === slugValue)) {
      throw new DirectoryError("conflict", `slug ${slugValue} is taken`);
    }
  }
}

/**
 * `updated_at` strictly increases per record, even for two changes in one millisecond:
 * receivers order events by it.
 */
function nextTimestamp(previous: number): number {
  return Math.max(Date.now(), previous + 1);
}
