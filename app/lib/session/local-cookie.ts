/** Writing the local-mode session cookie (route handlers and server actions only). */
import "server-only";
import type { ResponseCookies } from "next/dist/server/web/spec-extension/cookies";
import { getEnv } from "../env";
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, signSessionCookie } from "./cookie";

type CookieJar = Pick<ResponseCookies, "set" | "delete">;

/** Sets the signed session cookie for `userId` with `orgId` active (null: personal). */
export function setSessionCookie(jar: CookieJar, userId: string, orgId: string | null): void {
  const value = signSessionCookie(
    { v: 1, userId, orgId, iat: Math.floor(Date.now() / 1000) },
    getEnv().WAYPOINT_SESSION_SECRET,
  );
  jar.set(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
    // Local mode runs on http://127.0.0.1; a production deployment uses Clerk mode.
    secure: false,
  });
}

export function clearSessionCookie(jar: CookieJar): void {
  jar.delete(SESSION_COOKIE);
}
