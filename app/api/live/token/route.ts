/**
 * GET /api/live/token: the ticket the milestones pages' live updates subscribe with. Who may
 * call it: the signed-in user, from this dashboard's own pages (403 for another site's page,
 * 401 when signed out); never cached.
 *
 * - Local mode: the user's session token (minted by the local issuer, short-lived) and its
 *   expiry (`expiresAt`, ms), read here from the token's own `exp` so the page renews the
 *   connection before it (live-updates.ts), plus AppSync's real-time URL and the user id.
 * - Clerk mode: the URL and the user id only; the browser takes the token from Clerk's own
 *   session (`window.Clerk.session.getToken()`), which Clerk keeps fresh.
 */
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/app/lib/env";
import { getSession } from "@/app/lib/session";
import { crossOriginProblem } from "@/app/lib/session/same-origin";
import { tokenExpiresAt } from "@/app/lib/session/token-expiry";

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
  const ticket = { realtimeUrl: getEnv().realtimeUrl, userId: session.user.id };
  if (session.mode === "clerk")
    return NextResponse.json({ mode: "clerk", ...ticket }, { headers: NO_STORE });
  let token: string;
  try {
    token = await session.getToken();
  } catch {
    // Removed from the org, or the issuer is down: no live updates (the page says the rest).
    return NextResponse.json({ error: "no token" }, { status: 503, headers: NO_STORE });
  }
  return NextResponse.json(
    { mode: "local", token, expiresAt: tokenExpiresAt(token), ...ticket },
    { headers: NO_STORE },
  );
}
