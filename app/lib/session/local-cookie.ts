/** Writing and reading the local-mode session cookie (route handlers, server actions, pages). */
import "server-only";
import type { ResponseCookies } from "next/dist/server/web/spec-extension/cookies";
import { headers } from "next/headers";
import { getEnv } from "../env";
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieIsSecure,
  sessionCookieName,
  sessionCookieOptions,
  signSessionCookie,
  type CookieContext,
} from "./cookie";

type CookieJar = Pick<ResponseCookies, "set" | "delete">;

/** The cookie context of the request being served (server components and actions). */
export async function currentCookieContext(): Promise<CookieContext> {
  return { production: getEnv().production, headers: await headers() };
}

/** Sets the signed session cookie for `userId` with `orgId` active (null: personal). */
export function setSessionCookie(
  jar: CookieJar,
  context: CookieContext,
  userId: string,
  orgId: string | null,
): void {
  const value = signSessionCookie(
    { v: 1, userId, orgId, iat: Math.floor(Date.now() / 1000) },
    getEnv().WAYPOINT_SESSION_SECRET,
  );
  const secure = sessionCookieIsSecure(context);
  jar.set(sessionCookieName(secure), value, sessionCookieOptions(secure));
}

/** Removes the session cookie under either name. */
export function clearSessionCookie(jar: CookieJar): void {
  jar.delete({ name: SESSION_COOKIE, path: "/" });
  // A __Host- cookie is only overwritten by a Secure one: expire it with its own flags.
  jar.set(SECURE_SESSION_COOKIE, "", { ...sessionCookieOptions(true), maxAge: 0 });
}

/** The session cookie's value for this request: only under the name its flags imply. */
export function sessionCookieValue(
  jar: { get(name: string): { value: string } | undefined },
  context: CookieContext,
): string | undefined {
  return jar.get(sessionCookieName(sessionCookieIsSecure(context)))?.value;
}
