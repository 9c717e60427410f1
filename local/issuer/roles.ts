/**
 * The local issuer's role and permission configuration: what a Clerk instance's
 * "Roles & Permissions" settings hold. It only shapes tokens and payloads; Waypoint's
 * authorization rules live in core/, not here.
 */

/** Org-scoped features, in the order v2 tokens list them in `fea`. */
export const ORG_FEATURES = ["milestones", "members", "audit"] as const;

export const ROLE_PERMISSIONS: Readonly<Record<string, readonly string[]>> = {
  "org:admin": [
    "org:milestones:read",
    "org:milestones:create",
    "org:milestones:manage",
    "org:members:read",
    "org:audit:read",
  ],
  "org:member": ["org:milestones:read", "org:milestones:create"],
};

/** A role the instance defines: what invitations and Backend API role changes accept. */
export function isKnownRole(role: string): boolean {
  return Object.hasOwn(ROLE_PERMISSIONS, role);
}

/** Clerk's display name for a role key: `org:billing_manager` → `Billing Manager`. */
export function roleName(role: string): string {
  return role
    .replace(/^org:/, "")
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
