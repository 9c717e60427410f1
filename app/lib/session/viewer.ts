/**
 * The viewer of a dashboard page: the session plus what the API says about it (`me`), whose
 * role is the effective one (a demotion or removal delivered by webhook shows at once, not
 * when the token expires). One call per request (React `cache()`).
 */
import "server-only";
import { cache } from "react";
import { canAdmin, type AdminAction } from "../../../core/portable/authorization";
import { orgCaller, personalCaller, type Caller } from "../../../core/portable/caller";
import { api, ApiError, internalFailure, type Me } from "../api";
import { requireSession } from "./index";
import type { Role, Session } from "./types";

export type Viewer =
  | { status: "ok"; session: Session; me: Me; role: Role | null }
  /** The API denies the (valid) token: removed from the active org. */
  | { status: "lost-access"; session: Session; role: null }
  | { status: "unavailable"; session: Session; role: Role | null; message: string };

export const getViewer = cache(async (): Promise<Viewer> => {
  const session = await requireSession();
  try {
    const me = await api.me();
    const role: Role | null = me.orgId ? (me.role === "org:admin" ? "admin" : "member") : null;
    return { status: "ok", session, me, role };
  } catch (error) {
    if (error instanceof ApiError && error.type === "Unauthorized" && session.orgId) {
      return { status: "lost-access", session, role: null };
    }
    // ApiError messages are ours (the data module keeps raw text out of them); anything else
    // is logged and replaced.
    const shown =
      error instanceof ApiError ? error : internalFailure("loading the signed-in user", error);
    return { status: "unavailable", session, role: session.role, message: shown.message };
  }
});

/** Whether the viewer is an admin of the active org (after the mirror check). */
export function isAdmin(viewer: Viewer): boolean {
  return viewer.status === "ok" && viewer.role === "admin";
}

/**
 * The viewer as core's {@link Caller}, for the authorization rules (core/portable/
 * authorization.ts) that decide which controls a page shows; the API enforces the same
 * rules. Role and permissions are the API's effective ones (`me`: token ∩ mirror); when
 * the API did not answer, an org caller holds no permissions, so no control shows that
 * the API might refuse. impersonatorId is "": no rule the dashboard asks depends on it.
 */
export function callerOf(viewer: Viewer): Caller {
  const { session } = viewer;
  if (!session.orgId || viewer.role === null) return personalCaller(session.user.id, "");
  if (viewer.status !== "ok" || !viewer.me.orgId || !viewer.me.role)
    return orgCaller(session.user.id, session.orgId, "", "", []);
  return orgCaller(session.user.id, viewer.me.orgId, viewer.me.role, "", viewer.me.permissions);
}

/** Whether the viewer may take an admin action (core's `canAdmin`, from `me`'s permissions). */
export function mayAdmin(viewer: Viewer, action: AdminAction): boolean {
  return viewer.status === "ok" && canAdmin(callerOf(viewer), action);
}
