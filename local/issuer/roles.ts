/**
 * The local issuer's roles and permissions: what a Clerk instance's "Roles & Permissions"
 * settings hold. It only shapes tokens and payloads; Waypoint's authorization rules live in
 * core/portable/, not here.
 *
 * The defaults below are the two system roles as a fresh Clerk instance with Waypoint's
 * custom permissions has them, Clerk's own system permissions included (a member "Reads
 * members" by default in Clerk): Waypoint holds `org:admin` and `org:member` to its own
 * defaults whatever is listed, which this lets the tests show. Roles are configured at
 * run time through the Directory (`PUT /admin/roles/:key`); these are its starting point.
 */
import { isSystemPermission } from "../../core/portable/permissions";

/** Org-scoped features of custom permissions, in the order v2 tokens list them in `fea`. */
export const ORG_FEATURES = ["milestones"] as const;

/** Clerk's system permissions of an admin (never in tokens; always in payloads). */
const ADMIN_SYSTEM_PERMISSIONS = [
  "org:sys_profile:manage",
  "org:sys_profile:delete",
  "org:sys_memberships:read",
  "org:sys_memberships:manage",
  "org:sys_domains:read",
  "org:sys_domains:manage",
];

/** The starting roles and their permissions (every key, system ones included). */
export const ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  "org:admin": [
    "org:milestones:read",
    "org:milestones:create",
    "org:milestones:manage",
    ...ADMIN_SYSTEM_PERMISSIONS,
  ],
  "org:member": ["org:milestones:read", "org:milestones:create", "org:sys_memberships:read"],
};

/** A configured role, as the directory keeps (and persists) it. */
export interface RoleRecord {
  id: string;
  /** `org:<name>`. */
  key: string;
  name: string;
  description: string;
  permissions: string[];
  createdAt: number;
  updatedAt: number;
}

/** The starting roles as records (fixed ids and times: a persistent stack stays stable). */
export function defaultRoles(): RoleRecord[] {
  return Object.entries(ROLE_PERMISSIONS).map(([key, permissions]) => ({
    id: `role_${key.replace(/^org:/, "")}`,
    key,
    name: roleName(key),
    description: "",
    permissions: [...permissions],
    createdAt: 0,
    updatedAt: 0,
  }));
}

/** The permissions a session token carries: Clerk leaves system permissions out. */
export function tokenPermissions(permissions: readonly string[]): string[] {
  return permissions.filter((key) => !isSystemPermission(key));
}

/** Clerk's display name for a role key: `org:billing_manager` → `Billing Manager`. */
export function roleName(role: string): string {
  return role
    .replace(/^org:/, "")
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
