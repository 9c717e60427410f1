/**
 * Next 16's proxy (formerly middleware), on every request:
 *
 * - Security headers (app/lib/security-headers.ts): a Content-Security-Policy with a fresh
 *   nonce per request, Next's documented pattern — the nonce goes into the request's own CSP
 *   header (Next reads it there and puts it on the scripts it renders) and into `x-nonce`
 *   (the root layout hands it to next-themes' script, Clerk's provider reads it) — plus
 *   nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options and, in production, HSTS.
 *   Static files get the headers that need no nonce.
 * - Clerk mode: `clerkMiddleware` authenticates every request — networklessly when
 *   CLERK_JWT_KEY is set, because we pass it as `jwtKey` (the middleware does not read that
 *   variable itself) — and sends signed-out visitors of dashboard pages to /sign-in. Local
 *   mode: pages check the signed cookie themselves.
 */
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import {
  NextResponse,
  type NextFetchEvent,
  type NextMiddleware,
  type NextRequest,
} from "next/server";
import { getEnv, type DashboardEnv } from "@/app/lib/env";
import { clerkAuthOptions } from "@/app/lib/session/clerk-options";
import { requestIsHttps } from "@/app/lib/session/cookie";
import { newNonce, securityHeaders, staticSecurityHeaders } from "@/app/lib/security-headers";

const isPublic = createRouteMatcher(["/sign-in(.*)", "/api/local/(.*)"]);
/** Next's build output and files with an extension: no HTML, no scripts to allow. */
const STATIC_FILE =
  /^\/_next\/static\/|\.(?:css|js|map|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|txt|webmanifest)$/;

/** The request headers each Clerk-mode request continues with (the handler looks them up). */
const continueWith = new WeakMap<NextRequest, Headers>();
let clerkProxy: NextMiddleware | undefined;

function withHeaders<T extends Response>(response: T, headers: Record<string, string>): T {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function pageHeaders(request: NextRequest, env: DashboardEnv) {
  const nonce = newNonce();
  const headers: Record<string, string> & { "Content-Security-Policy": string } = securityHeaders({
    nonce,
    mode: env.mode,
    development: process.env.NODE_ENV === "development",
    production: env.production,
    https: requestIsHttps({ headers: request.headers, url: request.url }),
    issuerOrigin: new URL(env.WAYPOINT_ISSUER_URL).origin,
    clerkFrontendApi: env.clerkFrontendApi,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  return { headers, requestHeaders };
}

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const env = getEnv();
  if (STATIC_FILE.test(request.nextUrl.pathname)) {
    return withHeaders(NextResponse.next(), staticSecurityHeaders(env));
  }
  const { headers, requestHeaders } = pageHeaders(request, env);
  if (env.mode !== "clerk") {
    return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
  }
  clerkProxy ??= clerkMiddleware(async (auth, req) => {
    if (!isPublic(req)) await auth.protect();
    const continued = continueWith.get(req);
    return continued ? NextResponse.next({ request: { headers: continued } }) : undefined;
  }, clerkAuthOptions(env));
  continueWith.set(request, requestHeaders);
  // Redirects (sign-in, handshake) get the headers too.
  const response = (await clerkProxy(request, event)) ?? NextResponse.next();
  return withHeaders(response, headers);
}

export const config = {
  // Everything but the image optimizer (unused: images are unoptimized). Static files pass
  // through quickly with the nonce-free headers.
  matcher: ["/((?!_next/image).*)"],
};
