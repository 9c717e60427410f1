/** Local mode's sign-out: clears the session cookie, then 303 to /sign-in. 404 in Clerk mode. */
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/app/lib/env";
import { clearSessionCookie } from "@/app/lib/session/local-cookie";

export function POST(request: NextRequest): NextResponse {
  if (getEnv().mode !== "local") return new NextResponse(null, { status: 404 });
  const response = NextResponse.redirect(new URL("/sign-in", request.url), 303);
  clearSessionCookie(response.cookies);
  return response;
}
