/**
 * GET /api/live/token: what the milestones pages' live updates subscribe with — the signed-in
 * user's session token (local mode: minted by the issuer, short-lived; Clerk mode: Clerk's own
 * session token, from `auth()`), and AppSync's real-time URL. Same-origin only (403 for another
 * site's page), 401 when signed out, never cached.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/app/lib/env";
import { getSession } from "@/app/lib/session";
import { crossOriginProblem } from "@/app/lib/session/same-origin";

const NO_STORE = { "cache-control": "no-store" };

export async function GET(request: NextRequest): Promise<NextResponse> {
  const crossOrigin = crossOriginProblem(request.headers);
  if (crossOrigin)
    return NextResponse.json(
      { error: "cross-site request refused" },
      { status: 403, headers: NO_STORE },
    );
  const session = await getSession();
  if (!session)
    return NextResponse.json({ error: "signed out" }, { status: 401, headers: NO_STORE });
  const token = await session.getToken();
  return NextResponse.json(
    { token, realtimeUrl: getEnv().realtimeUrl, userId: session.user.id },
    { headers: NO_STORE },
  );
}
