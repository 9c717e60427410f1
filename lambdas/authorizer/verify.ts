/**
 * From an `Authorization` value to an allow or a deny with a reason code. RS256 only, the
 * key chosen by `kid`, `exp`/`nbf` with 5 s of skew, `iss` when configured; then core's
 * session rules (`azp`, `sts`, claims model). Never throws.
 */
import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { cacheTtlSeconds, decideSession, type SessionDenial } from "../../core/session";
import type { ResolverContext } from "../../core/claims";
import type { KeyResolver } from "./key-resolver";

/** Clerk's tokens are around 1–2 kB; anything past this is refused unread. */
export const MAX_TOKEN_BYTES = 8 * 1024;
export const CLOCK_SKEW_SECONDS = 5;

export type DenyReason =
  | "token_missing"
  | "token_too_large"
  | "token_malformed"
  | "alg_not_allowed"
  | "kid_missing"
  | "unknown_kid"
  | "jwks_unavailable"
  | "key_invalid"
  | "signature_invalid"
  | "expired"
  | "not_yet_valid"
  | "issuer_mismatch"
  // core's session rules' reasons (claims, azp, sts, sid, act), named there once.
  | SessionDenial
  | "internal_error";

export type Verdict =
  { ok: true; context: ResolverContext; ttlSeconds: number } | { ok: false; reason: DenyReason };

export interface VerifierOptions {
  keys: KeyResolver;
  issuer?: string | undefined;
  authorizedParties: readonly string[];
  /** Impersonated sessions (`act`): allowed, with the actor carried, or denied. */
  allowImpersonation: boolean;
  cacheTtlSeconds: number;
  /** Injected in tests (ms since the epoch). */
  now?: () => number;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `<jwt>` or `Bearer <jwt>`; undefined when there is no token at all. */
export function extractToken(authorization: unknown): string | undefined {
  if (typeof authorization !== "string") return undefined;
  let token = authorization.trim();
  // "Bearer" then whitespace (or nothing) is the scheme; "Bearerx…" is not. String tests
  // rather than a regex over the whole token: this runs on every request.
  if (token.slice(0, 6).toLowerCase() === "bearer" && token.charAt(6).trim() === "") {
    token = token.slice(6).trim();
  }
  return token === "" ? undefined : token;
}

type Header = ReturnType<typeof decodeProtectedHeader>;
/**
 * Every token of a Clerk instance carries the same header (`alg`, `kid`, `typ`), so its
 * decoded form is kept by its encoded text: no base64 or JSON work for it per request.
 * Only `alg` and `kid` are read from it; jose decodes and checks the header again itself.
 */
const HEADER_CACHE_SIZE = 16;

export function createVerifier(
  options: VerifierOptions,
): (authorization: unknown) => Promise<Verdict> {
  const now = options.now ?? Date.now;
  const policy = {
    authorizedParties: options.authorizedParties,
    allowImpersonation: options.allowImpersonation,
  };
  const headers = new Map<string, Header>();
  // Built once: this runs on every request. jose reads its own clock unless one is injected.
  const checks = {
    algorithms: ["RS256"],
    clockTolerance: CLOCK_SKEW_SECONDS,
    requiredClaims: ["exp", "sub"],
    ...(options.issuer ? { issuer: options.issuer } : {}),
  };
  const checksAt = options.now
    ? (nowMs: number) => ({ ...checks, currentDate: new Date(nowMs) })
    : () => checks;
  return async (authorization) => {
    try {
      // Length first: nothing is parsed, not even a regex run, on an oversized value.
      if (typeof authorization === "string" && authorization.length > MAX_TOKEN_BYTES + 16) {
        return { ok: false, reason: "token_too_large" };
      }
      const token = extractToken(authorization);
      if (token === undefined) return { ok: false, reason: "token_missing" };
      if (Buffer.byteLength(token) > MAX_TOKEN_BYTES)
        return { ok: false, reason: "token_too_large" };
      if (!COMPACT_JWS.test(token)) return { ok: false, reason: "token_malformed" };

      const encodedHeader = token.slice(0, token.indexOf("."));
      let header = headers.get(encodedHeader);
      if (!header) {
        try {
          header = decodeProtectedHeader(token);
        } catch {
          return { ok: false, reason: "token_malformed" };
        }
        // Bounded: forged tokens with ever-new headers only ever refill a small map.
        if (headers.size >= HEADER_CACHE_SIZE) headers.clear();
        headers.set(encodedHeader, header);
      }
      if (header.alg !== "RS256") return { ok: false, reason: "alg_not_allowed" };
      const kid = typeof header.kid === "string" ? header.kid : undefined;
      let key = options.keys.cached(kid);
      if (!key) {
        const lookup = await options.keys.getKey(kid);
        if (!lookup.ok) return { ok: false, reason: lookup.reason };
        key = lookup.key;
      }

      const nowMs = now();
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, checksAt(nowMs)));
      } catch (error) {
        return { ok: false, reason: joseReason(error) };
      }

      const decision = decideSession(payload, policy);
      if (!decision.ok) return decision;
      return {
        ok: true,
        context: decision.context,
        ttlSeconds: cacheTtlSeconds(options.cacheTtlSeconds, decision.expiresAt, nowMs / 1000),
      };
    } catch {
      return { ok: false, reason: "internal_error" };
    }
  };
}

function joseReason(error: unknown): DenyReason {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature_invalid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "alg_not_allowed";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf" && error.reason === "check_failed") return "not_yet_valid";
    if (error.claim === "iss") return "issuer_mismatch";
    return "claims_invalid";
  }
  if (error instanceof errors.JWTInvalid) return "claims_invalid";
  return "token_malformed";
}
