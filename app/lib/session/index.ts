/**
 * `getSession()`: who is signed in, the active org, the role and a fresh API token, in
 * either auth mode; pages never know which one is active. One lookup per request (React
 * `cache()`).
 */
import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getEnv } from "../env";
import type { Session } from "./types";

export type { Role, Session, SessionUser } from "./types";

export const getSession = cache(async (): Promise<Session | null> => {
  if (getEnv().mode === "clerk") {
    const { getClerkSession } = await import("./clerk");
    return getClerkSession();
  }
  const { getLocalSession } = await import("./local");
  return getLocalSession();
});

/** The session, or a redirect to /sign-in when signed out. */
export async function requireSession(): Promise<Session> {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  return session;
}
