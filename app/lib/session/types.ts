/** The one session shape every page and the data module see, whichever auth mode is active. */
export type Role = "admin" | "member";

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  imageUrl?: string;
}

export interface Session {
  mode: "local" | "clerk";
  user: SessionUser;
  /** The active organization; null in personal scope. */
  orgId: string | null;
  orgSlug?: string;
  orgName?: string;
  /** The role in the active org as the token says it; null in personal scope. */
  role: Role | null;
  /**
   * A session token for the API, valid for at least a few more seconds. Never cached past
   * its expiry; `skipCache` mints a new one (after a role or org change).
   */
  getToken(opts?: { skipCache?: boolean }): Promise<string>;
}

/** Maps a Clerk org role key to the dashboard's two roles (custom roles count as members). */
export function roleFromOrgRole(orgRole: string | null | undefined): Role | null {
  if (!orgRole) return null;
  return orgRole === "org:admin" || orgRole === "admin" ? "admin" : "member";
}
