/** Local mode's sign-out: clears the session cookie, then 303 to /sign-in. 404 in Clerk mode. */
import { NextResponse } from "next/server";
import { getEnv } from "@/app/lib/env";
import { clearSessionCookie } from "@/app/lib/session/local-cookie";

export function POST(): NextResponse {
  if (getEnv().mode !== "local") return new NextResponse(null, { status: 404 });
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
