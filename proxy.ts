/**
 * Next 16's proxy (formerly middleware). Clerk mode: `clerkMiddleware` authenticates every
 * request — networklessly when CLERK_JWT_KEY is set, because we pass it as `jwtKey` (the
 * middleware does not read that variable itself) — and sends signed-out visitors of
 * dashboard pages to /sign-in. Local mode: nothing to do here; pages check the signed cookie.
 */
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import {
  NextResponse,
  type NextFetchEvent,
  type NextMiddleware,
  type NextRequest,
} from "next/server";
import { getEnv } from "@/app/lib/env";
import { clerkAuthOptions } from "@/app/lib/session/clerk-options";

const isPublic = createRouteMatcher(["/sign-in(.*)", "/api/local/(.*)"]);

let clerkProxy: NextMiddleware | undefined;

export function proxy(request: NextRequest, event: NextFetchEvent) {
  const env = getEnv();
  if (env.mode !== "clerk") return NextResponse.next();
  clerkProxy ??= clerkMiddleware(async (auth, req) => {
    if (!isPublic(req)) await auth.protect();
  }, clerkAuthOptions(env));
  return clerkProxy(request, event);
}

export const config = {
  matcher: [
    // Everything but Next internals and static files.
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    "/(api|trpc)(.*)",
  ],
};
