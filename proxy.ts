/**
 * Next 16's proxy (formerly middleware), on every request:
 *
 * - Security headers (app/lib/security-headers.ts): a Content-Security-Policy with a fresh
 *   nonce per request, Next's documented pattern — the nonce goes into the request's own CSP
 *   header (Next reads it there and puts it on the scripts it renders) and into `x-nonce`
 *   (the root layout hands it to next-themes' script, Clerk's provider reads it) — plus
 *   nosniff, Referrer-Policy, Permissions-Policy, X-Frame-Options and, in production, HSTS.
 *   Static files get the headers that need no nonce.
 * - On AWS, first of all: a request without CloudFront's secret origin header is refused
 *   (app/lib/origin-guard.ts), so the Function URL cannot be used directly.
 * - Clerk mode: `clerkMiddleware` authenticates every request — networklessly when
 *   CLERK_JWT_KEY is set, because we pass it as `jwtKey` (the middleware does not read that
 *   variable itself) — and sends signed-out visitors of dashboard pages to /sign-in. Local
 *   mode: pages check the signed cookie themselves.
 * - The API's health, for a browser's request of a dashboard page (app/lib/api-health.ts):
 *   when the API does not answer, HTTP 503 with a page saying so, before any page renders
 *   (a page that finds out while rendering can no longer change its 200).
 */
import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
import {
  NextResponse,
  type NextFetchEvent,
  type NextMiddleware,
  type NextRequest,
} from "next/server";
import { getEnv, type DashboardEnv } from "@/app/lib/env";
import { createApiProbe } from "@/app/lib/api-health";
import { ORIGIN_SECRET_HEADER, originAllowed } from "@/app/lib/origin-guard";
import { clerkAuthOptions } from "@/app/lib/session/clerk-options";
import { requestIsHttps } from "@/app/lib/session/cookie";
import { newNonce, securityHeaders, staticSecurityHeaders } from "@/app/lib/security-headers";
import {
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  unavailableCsp,
  unavailableHtml,
} from "@/app/lib/unavailable-page";

const isPublic = createRouteMatcher(["/sign-in(.*)", "/api/local/(.*)"]);
/** Next's build output and files with an extension: no HTML, no scripts to allow. */
const STATIC_FILE =
  /^\/_next\/static\/|\.(?:css|js|map|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|txt|webmanifest)$/;

let clerkProxy: NextMiddleware | undefined;
let apiProbe: { url: string; reachable: () => Promise<boolean> } | undefined;

/**
 * A browser loading a dashboard page as a document: GET or HEAD, not a client navigation's
 * RSC request (the shell shows the API's state there) nor a public route.
 */
function isDashboardDocument(request: NextRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.headers.has("rsc") || request.headers.has("next-router-prefetch")) return false;
  return !isPublic(request);
}

/** HTTP 503 with its page when the API does not answer; undefined when it does. */
async function unavailableAnswer(
  request: NextRequest,
  env: DashboardEnv,
): Promise<NextResponse | undefined> {
  if (!isDashboardDocument(request)) return undefined;
  if (apiProbe?.url !== env.WAYPOINT_API_URL) {
    apiProbe = { url: env.WAYPOINT_API_URL, ...createApiProbe({ url: env.WAYPOINT_API_URL }) };
  }
  if (await apiProbe.reachable()) return undefined;
  const nonce = newNonce();
  const { pathname, search } = request.nextUrl;
  return withHeaders(
    new NextResponse(
      request.method === "HEAD" ? null : unavailableHtml({ nonce, retryPath: pathname + search }),
      {
        status: 503,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS),
          "content-security-policy": unavailableCsp(nonce),
        },
      },
    ),
    staticSecurityHeaders(env),
  );
}

function withHeaders<T extends Response>(response: T, headers: Record<string, string>): T {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** The request goes on to the page with its nonce; the response gets every header. */
function continueWithSecurityHeaders(request: NextRequest, env: DashboardEnv): NextResponse {
  const nonce = newNonce();
  const headers: Record<string, string> & { "Content-Security-Policy": string } = securityHeaders({
    nonce,
    mode: env.mode,
    development: process.env.NODE_ENV === "development",
    production: env.production,
    https: requestIsHttps({ headers: request.headers, url: request.url }),
    issuerOrigin: new URL(env.WAYPOINT_ISSUER_URL).origin,
    clerkFrontendApi: env.clerkFrontendApi,
    realtimeOrigin: new URL(env.realtimeUrl).origin,
  });
  const requestHeaders = new Headers(request.headers);
  // Pages have no use for the origin secret: it goes no further than this check.
  requestHeaders.delete(ORIGIN_SECRET_HEADER);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["Content-Security-Policy"]);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const env = getEnv();
  const secrets = {
    current: env.WAYPOINT_ORIGIN_SECRET,
    previous: env.WAYPOINT_ORIGIN_SECRET_PREVIOUS,
  };
  if (!originAllowed(request.headers.get(ORIGIN_SECRET_HEADER), secrets)) {
    // Plain text and no detail: a direct caller learns nothing about the deployment.
    return new NextResponse("Forbidden", {
      status: 403,
      headers: { "content-type": "text/plain" },
    });
  }
  const plain = staticSecurityHeaders(env);
  if (STATIC_FILE.test(request.nextUrl.pathname)) return withHeaders(NextResponse.next(), plain);
  if (env.mode !== "clerk") {
    return (await unavailableAnswer(request, env)) ?? continueWithSecurityHeaders(request, env);
  }
  if (!clerkProxy) {
    // Not the secret key: clerkMiddleware reads CLERK_SECRET_KEY from the environment itself,
    // and one passed as an option is encrypted into every request, which makes Clerk demand
    // CLERK_ENCRYPTION_KEY and throw without it.
    const { secretKey: _fromEnvironment, ...options } = clerkAuthOptions(env);
    clerkProxy = clerkMiddleware(async (auth, req) => {
      if (!isPublic(req)) await auth.protect();
      return (await unavailableAnswer(req, env)) ?? continueWithSecurityHeaders(req, env);
    }, options);
  }
  // Clerk's own answers (a redirect to sign-in, a handshake) carry no page: the headers
  // that need no nonce are enough there.
  const response = (await clerkProxy(request, event)) ?? NextResponse.next();
  for (const [name, value] of Object.entries(plain)) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Everything but the image optimizer (unused: images are unoptimized). Static files pass
  // through quickly with the nonce-free headers.
  matcher: ["/((?!_next/image).*)"],
};
