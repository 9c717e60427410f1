"use server";

/** Server actions of the shell (local mode): switch the active org, sign out. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getEnv } from "../env";
import { getSession } from "./index";
import { listDirectoryUsers } from "./issuer";
import { clearSessionCookie, currentCookieContext, setSessionCookie } from "./local-cookie";

const switchSchema = z.object({
  orgId: z
    .string()
    .regex(/^org_[A-Za-z0-9_]{1,64}$/)
    .nullable(),
});

/**
 * Makes `orgId` the active org (null: personal scope) after checking the user's membership
 * in the issuer's directory, then opens the milestones of the new scope.
 */
export async function switchOrganization(orgId: string | null): Promise<{ error: string } | void> {
  if (getEnv().mode !== "local") return { error: "Use the Clerk organization switcher" };
  const parsed = switchSchema.safeParse({ orgId });
  if (!parsed.success) return { error: "Unknown organization" };
  const session = await getSession();
  if (!session) redirect("/sign-in");
  if (parsed.data.orgId) {
    const user = (await listDirectoryUsers()).find((u) => u.id === session.user.id);
    if (!user?.memberships.some((m) => m.orgId === parsed.data.orgId)) {
      return { error: "You are not a member of that organization" };
    }
  }
  setSessionCookie(
    await cookies(),
    await currentCookieContext(),
    session.user.id,
    parsed.data.orgId,
  );
  redirect("/milestones");
}

export async function signOut(): Promise<void> {
  clearSessionCookie(await cookies());
  redirect("/sign-in");
}
