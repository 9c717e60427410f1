/** Clerk mode: `auth()` from @clerk/nextjs (verified by clerkMiddleware in proxy.ts). */
import "server-only";
import { auth, clerkClient, currentUser } from "@clerk/nextjs/server";
import { sessionFromClerkAuth } from "./clerk-session";
import type { Session } from "./types";

export async function getClerkSession(): Promise<Session | null> {
  const authObject = await auth();
  if (!authObject.userId) return null;
  // The profile comes from Clerk's Backend API; the session works without it.
  const user = await currentUser().catch(() => null);
  return sessionFromClerkAuth(
    { ...authObject, getToken: () => authObject.getToken() },
    user,
    async (sessionId) => (await (await clerkClient()).sessions.getToken(sessionId)).jwt,
  );
}
