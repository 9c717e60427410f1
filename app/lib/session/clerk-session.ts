/** The Session built from Clerk's verified auth object (pure: unit-tested with local keys). */
import { roleFromOrgRole, type Session } from "./types";
import { displayName } from "../display-name";

export interface ClerkAuthLike {
  userId: string | null;
  sessionId?: string | null | undefined;
  orgId?: string | null | undefined;
  orgRole?: string | null | undefined;
  orgSlug?: string | null | undefined;
  /** The request's session token (Clerk refreshes it client-side about every 50 s). */
  getToken: () => Promise<string | null>;
}

export interface ClerkUserLike {
  id: string;
  firstName: string | null;
  lastName: string | null;
  imageUrl?: string;
  primaryEmailAddress?: { emailAddress: string } | null;
}

/**
 * Mints a brand-new session token for the session through Clerk's Backend API
 * (`sessions.getToken`): the server-side way to skip the cached token after a role change.
 */
export type FreshTokenMinter = (sessionId: string) => Promise<string>;

export function sessionFromClerkAuth(
  authObject: ClerkAuthLike,
  user: ClerkUserLike | null,
  mintFresh?: FreshTokenMinter,
): Session | null {
  const userId = authObject.userId;
  if (!userId) return null;
  const name = displayName(user, userId);
  const orgId = authObject.orgId ?? null;
  const sessionId = authObject.sessionId ?? null;
  return {
    mode: "clerk",
    user: {
      id: userId,
      name,
      email: user?.primaryEmailAddress?.emailAddress ?? "",
      ...(user?.imageUrl ? { imageUrl: user.imageUrl } : {}),
    },
    orgId,
    ...(orgId && authObject.orgSlug ? { orgSlug: authObject.orgSlug } : {}),
    role: orgId ? roleFromOrgRole(authObject.orgRole) : null,
    async getToken(opts) {
      if (opts?.skipCache && mintFresh && sessionId) return mintFresh(sessionId);
      const token = await authObject.getToken();
      if (!token) throw new Error("Clerk returned no session token");
      return token;
    },
  };
}
