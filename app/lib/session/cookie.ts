/**
 * The local-mode session cookie: `<base64url JSON>.<base64url HMAC-SHA256>`, HttpOnly,
 * SameSite=Lax. It holds only who signed in and the active org; names and roles come from the
 * issuer on each request, and API tokens are minted per request (60 s), never stored in the
 * cookie.
 *
 * Secure whenever the request came over HTTPS, and always under NODE_ENV=production; a Secure
 * cookie is named with the `__Host-` prefix, so the browser only accepts it from a secure
 * origin, for this exact host and path / (no subdomain or plain-http page can plant one). The
 * e2e stack serves `next start` (production) over plain http on 127.0.0.1: browsers treat
 * loopback addresses as secure contexts and keep Secure cookies there, so "always Secure in
 * production" holds there too. A production host on plain http elsewhere cannot keep the
 * cookie at all, and the sign-in route says so (see secureContextProblem).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** The cookie's name over plain http outside production (`npm run dev`). */
export const SESSION_COOKIE = "waypoint_session";
/** The cookie's name when it is Secure. */
export const SECURE_SESSION_COOKIE = "__Host-waypoint_session";
/** A week, like a remembered browser session. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/** What decides the cookie's flags: the environment and the request it answers. */
export interface CookieContext {
  production: boolean;
  /** The request's headers (x-forwarded-proto behind a TLS-terminating proxy). */
  headers: Pick<Headers, "get">;
  /** The request's URL, when known (route handlers). */
  url?: string;
}

/** Whether the request reached us over HTTPS (directly or through a proxy that says so). */
export function requestIsHttps(context: Pick<CookieContext, "headers" | "url">): boolean {
  const forwarded = context.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded === "https") return true;
  return context.url ? new URL(context.url).protocol === "https:" : false;
}

/** Secure (and `__Host-`): always in production, and on any HTTPS request. */
export function sessionCookieIsSecure(context: CookieContext): boolean {
  return context.production || requestIsHttps(context);
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionCookieOptions(secure: boolean) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    // `__Host-` requires Path=/ and no Domain.
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
    secure,
  };
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * Why a Secure cookie set for this request would be dropped by the browser, or null: plain
 * http on a host that is not loopback (browsers keep Secure cookies only from secure contexts).
 */
export function secureContextProblem(context: CookieContext): string | null {
  if (!sessionCookieIsSecure(context) || requestIsHttps(context)) return null;
  const host = context.headers.get("host") ?? "";
  if (LOOPBACK_HOST.test(host)) return null;
  return "local sign-in under NODE_ENV=production needs https (or a loopback address): the session cookie is Secure";
}

export const sessionPayloadSchema = z.strictObject({
  v: z.literal(1),
  userId: z.string().regex(/^user_[A-Za-z0-9_]{1,64}$/),
  orgId: z
    .string()
    .regex(/^org_[A-Za-z0-9_]{1,64}$/)
    .nullable(),
  /** Issued at, seconds since the epoch. */
  iat: z.number().int().nonnegative(),
});

export type SessionPayload = z.infer<typeof sessionPayloadSchema>;

function mac(secret: string, body: string): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/** Encodes and signs a session payload for the cookie. */
export function signSessionCookie(payload: SessionPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(sessionPayloadSchema.parse(payload))).toString(
    "base64url",
  );
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/**
 * The payload of a cookie value when its signature is valid, its JSON matches the schema and
 * it is not older than the session lifetime; null otherwise (never throws).
 */
export function verifySessionCookie(
  value: string | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): SessionPayload | null {
  if (!value || value.length > 4096) return null;
  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(secret, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = sessionPayloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const age = nowSeconds - parsed.data.iat;
  if (age < -60 || age > SESSION_MAX_AGE_SECONDS) return null;
  return parsed.data;
}
