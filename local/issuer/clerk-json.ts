/**
 * Clerk's JSON shapes (Backend API resources and webhook `data`), built from the issuer's
 * records. Field lists follow @clerk/backend's `UserJSON`, `OrganizationJSON`,
 * `OrganizationMembershipJSON`, `OrganizationInvitationJSON` and `RoleJSON`; @clerk/backend
 * must be able to deserialize every one
 * (e.g. `linked_to` is always an array, a membership always has its organization).
 */
import { ROLE_PERMISSIONS, roleName } from "./roles";

export interface UserRecord {
  id: string;
  emailId: string;
  email: string;
  firstName: string;
  lastName: string;
  createdAt: number;
  updatedAt: number;
}

export interface OrgRecord {
  id: string;
  name: string;
  slug: string;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipRecord {
  id: string;
  orgId: string;
  userId: string;
  role: string;
  /** Set for custom roles; otherwise the role's configured permissions apply. */
  permissions?: string[] | undefined;
  createdAt: number;
  updatedAt: number;
}

export type InvitationStatus = "pending" | "accepted" | "revoked";

export interface InvitationRecord {
  id: string;
  orgId: string;
  email: string;
  role: string;
  status: InvitationStatus;
  /** The user who accepted it, once accepted. */
  userId?: string | undefined;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export function membershipPermissions(membership: MembershipRecord): string[] {
  return [...(membership.permissions ?? ROLE_PERMISSIONS[membership.role] ?? [])];
}

export function userJson(user: UserRecord, avatarUrl: string) {
  return {
    id: user.id,
    object: "user" as const,
    username: null,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: avatarUrl,
    profile_image_url: avatarUrl,
    has_image: false,
    primary_email_address_id: user.emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    email_addresses: [
      {
        id: user.emailId,
        object: "email_address" as const,
        email_address: user.email,
        reserved: false,
        verification: {
          object: "verification_admin",
          status: "verified",
          strategy: "admin",
          attempts: null,
          expire_at: null,
        },
        linked_to: [],
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: null,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    external_id: null,
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_active_at: null,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
  };
}

export function organizationJson(
  org: OrgRecord,
  counts: { members: number; pendingInvitations: number },
  avatarUrl: string,
) {
  return {
    id: org.id,
    object: "organization" as const,
    name: org.name,
    slug: org.slug,
    image_url: avatarUrl,
    has_image: false,
    members_count: counts.members,
    pending_invitations_count: counts.pendingInvitations,
    max_allowed_memberships: 0,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

export function membershipJson(
  membership: MembershipRecord,
  org: ReturnType<typeof organizationJson>,
  user: UserRecord,
  userAvatarUrl: string,
) {
  return {
    id: membership.id,
    object: "organization_membership" as const,
    role: membership.role,
    role_name: roleName(membership.role),
    permissions: membershipPermissions(membership),
    public_metadata: {},
    private_metadata: {},
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
    organization: org,
    public_user_data: {
      user_id: user.id,
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: userAvatarUrl,
      profile_image_url: userAvatarUrl,
      has_image: false,
      identifier: user.email,
    },
  };
}

/**
 * `OrganizationInvitationJSON` (an accepted one also carries `user_id`, as Clerk's
 * `organizationInvitation.accepted` payload does).
 */
export function invitationJson(invitation: InvitationRecord, org: OrgRecord, orgAvatarUrl: string) {
  return {
    id: invitation.id,
    object: "organization_invitation" as const,
    email_address: invitation.email,
    role: invitation.role,
    role_name: roleName(invitation.role),
    organization_id: invitation.orgId,
    public_organization_data: {
      id: org.id,
      name: org.name,
      slug: org.slug,
      image_url: orgAvatarUrl,
      has_image: false,
    },
    status: invitation.status,
    public_metadata: {},
    private_metadata: {},
    url: null,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
    expires_at: invitation.expiresAt,
    ...(invitation.userId !== undefined ? { user_id: invitation.userId } : {}),
  };
}

/** `data` of `user.deleted`. */
export const deletedUserJson = (id: string) => ({ object: "user" as const, id, deleted: true });

/** `data` of `organization.deleted`. */
export const deletedOrganizationJson = (id: string, slug: string) => ({
  object: "organization" as const,
  id,
  slug,
  deleted: true,
});

/**
 * The instance's roles as the Backend API lists them (`RoleJSON` with its `PermissionJSON`s),
 * from the issuer's role configuration. Ids are derived from the keys so that they stay the
 * same across restarts; the configuration has no history, so both times are `configuredAt`.
 */
export function rolesJson(configuredAt: number) {
  return Object.entries(ROLE_PERMISSIONS).map(([key, permissions]) => ({
    object: "role" as const,
    id: `role_${key.replace(/^org:/, "")}`,
    key,
    name: roleName(key),
    description: null,
    permissions: permissions.map((permission) => ({
      object: "permission" as const,
      id: `perm_${permission.replace(/^org:/, "").replace(/:/g, "_")}`,
      key: permission,
      name: roleName(permission.replace(/:/g, "_")),
      description: "",
      created_at: configuredAt,
      updated_at: configuredAt,
    })),
    is_creator_eligible: key === "org:admin",
    created_at: configuredAt,
    updated_at: configuredAt,
  }));
}
