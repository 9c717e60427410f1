/** Local mode: the signed cookie names the user and org; the issuer supplies the rest. */
import "server-only";
import { cookies } from "next/headers";
import { ApiError, internalFailure, LOST_ACCESS_MESSAGE } from "../api/errors";
import { getEnv } from "../env";
import { verifySessionCookie } from "./cookie";
import { IssuerError, listDirectoryUsers, mintIssuerToken } from "./issuer";
import { currentCookieContext, sessionCookieValue } from "./local-cookie";
import type { Session } from "./types";

/** Seconds of validity a cached token must still have to be handed out again. */
const TOKEN_MIN_VALIDITY_SECONDS = 10;

export async function getLocalSession(): Promise<Session | null> {
  const payload = verifySessionCookie(
    sessionCookieValue(await cookies(), await currentCookieContext()),
    getEnv().WAYPOINT_SESSION_SECRET,
  );
  if (!payload) return null;
  const user = (await listDirectoryUsers()).find((u) => u.id === payload.userId);
  if (!user) return null; // deleted from the directory: signed out
  const membership = payload.orgId
    ? user.memberships.find((m) => m.orgId === payload.orgId)
    : undefined;

  let cached: { token: string; expiresAt: number } | undefined;
  return {
    mode: "local",
    user: { id: user.id, name: user.name, email: user.email, imageUrl: user.imageUrl },
    orgId: payload.orgId,
    ...(membership ? { orgSlug: membership.orgSlug, orgName: membership.orgName } : {}),
    // Removed from the org since signing in: the org stays active and the API says no.
    role: payload.orgId ? (membership?.role ?? "member") : null,
    async getToken(opts) {
      const now = Date.now() / 1000;
      if (!opts?.skipCache && cached && cached.expiresAt - now > TOKEN_MIN_VALIDITY_SECONDS) {
        return cached.token;
      }
      try {
        cached = await mintIssuerToken(user.id, payload.orgId);
      } catch (error) {
        if (error instanceof IssuerError && error.code === "not_a_member") {
          throw new ApiError("Unauthorized", LOST_ACCESS_MESSAGE);
        }
        throw internalFailure("minting a session token at the local issuer", error);
      }
      return cached.token;
    },
  };
}
