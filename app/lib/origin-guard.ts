/**
 * The dashboard's origin protection on AWS: CloudFront adds a secret header to every request
 * it forwards to the Function URL (a custom origin header whose value comes from Secrets
 * Manager), and the proxy refuses, first thing, any request without it. The Function URL is
 * public by nature (auth NONE, see docs/infra.md for why not AWS_IAM + OAC), so this is what
 * makes it unusable directly: no WAF, cache or security header of the distribution can be
 * skipped by calling the origin.
 *
 * Rotation: the proxy accepts the current value and the previous one, so CloudFront can
 * switch to a new value while warm functions still know the old one.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** The header CloudFront sets (it overwrites a viewer's header of the same name). */
export const ORIGIN_SECRET_HEADER = "x-waypoint-origin-secret";

export interface OriginSecrets {
  current: string | undefined;
  previous: string | undefined;
}

/**
 * Compares in constant time: both sides hashed to the same length first (timingSafeEqual
 * needs equal lengths, and a length check would leak the secret's length).
 */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether a request may proceed: always when no secret is configured (local runs, tests;
 * a deployed function always has one, app/lib/env.ts refuses to run on Lambda without it),
 * otherwise only with the current or the previous value. Both are compared, always.
 */
export function originAllowed(headerValue: string | null, secrets: OriginSecrets): boolean {
  if (!secrets.current) return true;
  if (headerValue === null || headerValue === "") return false;
  const current = sameSecret(headerValue, secrets.current);
  const previous = secrets.previous ? sameSecret(headerValue, secrets.previous) : false;
  return current || previous;
}
