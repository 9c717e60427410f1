/**
 * GET /milestones/export?<table state>: the rows of the milestones table's current filter and
 * sort, all pages, as a CSV download. Who may call it: a signed-in viewer who may read
 * milestones in the active scope (core's canReadMilestones on the API's `me`); the rows are
 * the API's, fetched with the viewer's own token, so the export sees exactly what the table
 * sees. 401 signed out; 403 without access to the active org (removed by webhook, or no
 * org:milestones:read); 503 when the API does not answer the first check. The query string
 * is parsed by the table's own parser (app/lib/milestones/table-state.ts): anything invalid
 * takes its default, as in the table. The body streams (app/lib/milestones/export.ts).
 */
import { api, ApiError, milestonesOf } from "@/app/lib/api";
import { exportFileName, milestoneCsvStream } from "@/app/lib/milestones/export";
import { parseTableState } from "@/app/lib/milestones/table-state";
import { getSession } from "@/app/lib/session";
import { orgCaller, personalCaller } from "@/core/portable/caller";
import { canReadMilestones } from "@/core/portable/authorization";

export const dynamic = "force-dynamic";

function plain(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

export async function GET(request: Request): Promise<Response> {
  const session = await getSession();
  if (!session) return plain(401, "Sign in to export milestones.");
  let me;
  try {
    me = await api.me();
  } catch (error) {
    if (error instanceof ApiError && error.type === "Unauthorized")
      return plain(403, "You no longer have access to this organization.");
    console.error("milestones export: the API did not answer", error);
    return plain(503, "The API is unavailable. Try again in a moment.");
  }
  const caller =
    me.orgId && me.role
      ? orgCaller(session.user.id, me.orgId, me.role, "", me.permissions)
      : personalCaller(session.user.id, "");
  if ((session.orgId ?? null) !== (me.orgId ?? null) || !canReadMilestones(caller))
    return plain(403, "Your role does not allow reading these milestones.");
  const state = parseTableState(new URL(request.url).searchParams);
  const body = milestoneCsvStream(milestonesOf(session), state, {
    onError: (error) => console.error("milestones export stopped", error),
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(me.orgSlug ?? session.orgSlug, new Date())}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
