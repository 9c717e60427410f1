/**
 * The authorizer's decision on a verified session token, as plain rules: which sessions
 * may call the API, and for how long a decision may be cached. Signature, `exp`, `nbf` and
 * `iss` are checked by the verifier before this; everything else about the claims is here.
 */
import { normalizeClaims, toResolverContext, type ResolverContext } from "./claims";

export type SessionDenial =
  | "claims_invalid"
  | "subject_missing"
  | "azp_missing"
  | "azp_not_allowed"
  | "session_pending"
  | "session_status_unknown"
  | "not_a_session_token"
  | "impersonation_not_allowed";

export type SessionDecision =
  { ok: true; context: ResolverContext; expiresAt: number } | { ok: false; reason: SessionDenial };

export interface SessionPolicy {
  /** Origins allowed in `azp`; empty: not checked. */
  authorizedParties: readonly string[];
  /**
   * Whether impersonated sessions (Clerk's `act` claim) may call the API. When they may, the
   * actor travels in `resolverContext.impersonatorId` and into every audit entry; when not,
   * they are denied. Off unless configured (`WAYPOINT_ALLOW_IMPERSONATION`).
   */
  allowImpersonation: boolean;
}

/**
 * Decides on a payload whose signature and times are already verified.
 *
 * - `azp`, when parties are configured, must be present and listed (stricter than Clerk's
 *   own check, which lets a token without `azp` through).
 * - `sts` must be absent (v1) or `active`: `pending` sessions (tasks left, e.g. choosing an
 *   organization) and statuses we do not know are denied.
 * - `sid` must be a non-empty string: every Clerk session token carries its session's id,
 *   and a JWT-template token (same key and issuer, often long-lived, with whatever custom
 *   claims the template adds, `org_role` included) carries none. Those are not sessions.
 * - `act` (impersonation) is allowed only when the policy says so, and must name its actor.
 */
export function decideSession(payload: unknown, policy: SessionPolicy): SessionDecision {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: "claims_invalid" };
  }
  const { exp, azp, sts, sid, act } = payload as {
    exp?: unknown;
    azp?: unknown;
    sts?: unknown;
    sid?: unknown;
    act?: unknown;
  };
  if (typeof exp !== "number" || !Number.isFinite(exp))
    return { ok: false, reason: "claims_invalid" };
  if (typeof sid !== "string" || sid === "") return { ok: false, reason: "not_a_session_token" };

  if (policy.authorizedParties.length > 0) {
    if (typeof azp !== "string" || azp === "") return { ok: false, reason: "azp_missing" };
    if (!policy.authorizedParties.includes(azp)) return { ok: false, reason: "azp_not_allowed" };
  }
  if (sts === "pending") return { ok: false, reason: "session_pending" };
  if (sts !== undefined && sts !== "active") return { ok: false, reason: "session_status_unknown" };
  if (act !== undefined && !policy.allowImpersonation) {
    return { ok: false, reason: "impersonation_not_allowed" };
  }

  const claims = normalizeClaims(payload);
  if (!claims.ok) {
    return {
      ok: false,
      reason: claims.error === "missing_subject" ? "subject_missing" : "claims_invalid",
    };
  }
  return { ok: true, context: toResolverContext(claims.claims), expiresAt: exp };
}

/** AppSync caches a decision for at most 3,600 s. */
export const MAX_AUTH_CACHE_TTL_SECONDS = 3600;

/**
 * How long AppSync may cache an allow: the configured TTL, never past the token's expiry
 * (so a cached decision never outlives its token), within AppSync's 0–3,600 s.
 */
export function cacheTtlSeconds(configured: number, expiresAt: number, nowSeconds: number): number {
  const untilExpiry = Math.floor(expiresAt - nowSeconds);
  return Math.max(0, Math.min(configured, untilExpiry, MAX_AUTH_CACHE_TTL_SECONDS));
}
