/**
 * Local mode's sign-out: clears the session cookie, then 303 to /sign-in. 404 in Clerk mode;
 * 403 for cross-site requests (another site's page cannot sign a visitor out).
 */
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/app/lib/env";
import { clearSessionCookie } from "@/app/lib/session/local-cookie";
import { crossOriginProblem } from "@/app/lib/session/same-origin";

export function POST(request: NextRequest): NextResponse {
  if (getEnv().mode !== "local") return new NextResponse(null, { status: 404 });
  const crossOrigin = crossOriginProblem(request.headers);
  if (crossOrigin) {
    return NextResponse.json(
      { error: `cross-site sign-out refused (${crossOrigin})` },
      { status: 403 },
    );
  }
  const response = seeOther("/sign-in");
  clearSessionCookie(response.cookies);
  return response;
}

/**
 * A relative 303: the browser stays on the host it used (127.0.0.1 vs localhost), so the
 * cookie just set goes with the next request.
 */
function seeOther(location: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location } });
}
