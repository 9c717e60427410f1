/**
 * The local-mode session cookie: `<base64url JSON>.<base64url HMAC-SHA256>`, httpOnly. It
 * holds only who signed in and the active org; names and roles come from the issuer on each
 * request, and API tokens are minted per request (60 s), never stored in the cookie.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const SESSION_COOKIE = "waypoint_session";
/** A week, like a remembered browser session. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

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
