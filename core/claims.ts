/**
 * The claims model: turns a *verified* Clerk session-token payload, in either of Clerk's
 * claim formats, into the one shape the rest of Waypoint uses.
 *
 * - v1 carries `org_id`, `org_role` (`org:admin`), `org_slug`, `org_permissions` (full keys).
 * - v2 (`v: 2`) carries `o: { id, rol, slg, per, fpm }` and `fea`; `rol` has no `org:`
 *   prefix, and full permission keys (`org:<feature>:<action>`) exist only as the
 *   combination of the org features in `fea`, the action names in `o.per` and one decimal
 *   bitmask per feature in `o.fpm` (bit i, least significant first, grants `per[i]`).
 *
 * The decoding reproduces `@clerk/shared`'s jwtPayloadParser exactly (a test compares the
 * two on generated payloads), including its edge cases: a mask that is not a plain decimal
 * grants nothing, bits beyond the action list are ignored, masks of any size are exact,
 * extra masks are ignored, missing masks grant nothing. Where Clerk's parser throws (an
 * `fea` element without a scope colon) we return an error instead: callers deny.
 */
// zod/mini: this module runs in the authorizer Lambda, where bundle size is cold start.
import * as z from "zod/mini";

/** What every part of Waypoint knows about the caller of a request. */
export interface SessionClaims {
  userId: string;
  sessionId: string | undefined;
  /** `active`, `pending`, … as Clerk sends it in `sts`; undefined when absent (v1). */
  sessionStatus: string | undefined;
  orgId: string | undefined;
  /** Always in `org:<role>` form. */
  orgRole: string | undefined;
  orgSlug: string | undefined;
  orgPermissions: string[];
  /**
   * Who is really at the keyboard when the session is an impersonation (Clerk's `act.sub`,
   * e.g. a support engineer acting as `userId`); undefined for the user's own session.
   */
  impersonatorId: string | undefined;
  /** The claim format the token used. */
  format: "v1" | "v2";
}

/** Flat strings only: AppSync's `resolverContext` accepts no nested values. */
export interface ResolverContext {
  userId: string;
  orgId: string;
  orgRole: string;
  orgSlug: string;
  /** Comma-joined `org:<feature>:<action>` keys. */
  orgPermissions: string;
  /** `act.sub` of an impersonated session (the real actor); `''` for the user's own. */
  impersonatorId: string;
}

export type ClaimsError = "invalid_payload" | "missing_subject" | "malformed_features";

export type ClaimsResult = { ok: true; claims: SessionClaims } | { ok: false; error: ClaimsError };

const optionalString = z.optional(z.string());
// Clerk's actor claim on impersonated sessions: `{ sub: <the impersonator's user id>, … }`.
// Other members (`iss`, `sid`) pass through unread.
const actor = z.optional(z.object({ sub: z.string() }));

// Only the claims we read are checked; everything else in the payload passes through.
const v1Schema = z.object({
  sub: z.string(),
  sid: optionalString,
  sts: optionalString,
  act: actor,
  org_id: optionalString,
  org_role: optionalString,
  org_slug: optionalString,
  org_permissions: z.optional(z.array(z.string())),
});

const v2Schema = z.object({
  sub: z.string(),
  sid: optionalString,
  sts: optionalString,
  act: actor,
  v: z.literal(2),
  fea: optionalString,
  o: z.optional(
    z.object({
      id: optionalString,
      rol: optionalString,
      slg: optionalString,
      per: optionalString,
      fpm: optionalString,
    }),
  ),
});

/**
 * Normalizes a verified session payload. Never throws.
 *
 * @param payload the JWT payload after signature and time checks
 */
export function normalizeClaims(payload: unknown): ClaimsResult {
  const isV2 =
    typeof payload === "object" && payload !== null && (payload as { v?: unknown }).v === 2;
  const parsed = (isV2 ? v2Schema : v1Schema).safeParse(payload);
  if (!parsed.success) return { ok: false, error: "invalid_payload" };
  const claims = parsed.data;
  if (claims.sub === "") return { ok: false, error: "missing_subject" };
  // An actor claim that names nobody cannot be attributed: refused, never read as "none".
  if (claims.act && claims.act.sub === "") return { ok: false, error: "invalid_payload" };
  // Fields written out rather than spread from a shared base: this runs on every request,
  // and the spread measured several times slower here.
  if (!("v" in claims)) {
    return {
      ok: true,
      claims: {
        userId: claims.sub,
        sessionId: claims.sid,
        sessionStatus: claims.sts,
        format: "v1",
        orgId: claims.org_id,
        orgRole: claims.org_role,
        orgSlug: claims.org_slug,
        orgPermissions: claims.org_permissions ?? [],
        impersonatorId: claims.act?.sub,
      },
    };
  }
  const org = claims.o;
  const features = org ? orgFeatures(claims.fea) : [];
  if (features === undefined) return { ok: false, error: "malformed_features" };
  return {
    ok: true,
    claims: {
      userId: claims.sub,
      sessionId: claims.sid,
      sessionStatus: claims.sts,
      format: "v2",
      orgId: org?.id,
      // Clerk prefixes only a non-empty role.
      orgRole: org?.rol ? `org:${org.rol}` : undefined,
      orgSlug: org?.slg,
      orgPermissions: org ? decodeOrgPermissions(features, org.per, org.fpm) : [],
      impersonatorId: claims.act?.sub,
    },
  };
}

/** The claims as AppSync's `resolverContext`: flat strings, `''` where absent. */
export function toResolverContext(claims: SessionClaims): ResolverContext {
  return {
    userId: claims.userId,
    orgId: claims.orgId ?? "",
    orgRole: claims.orgRole ?? "",
    orgSlug: claims.orgSlug ?? "",
    orgPermissions: claims.orgPermissions.join(","),
    impersonatorId: claims.impersonatorId ?? "",
  };
}

/**
 * The org-scoped feature names of a v2 `fea` claim (`o:x`, `ou:x`, `uo:x`; `u:x` is the
 * user's). Undefined when an element has no scope colon, where Clerk's parser throws.
 */
export function orgFeatures(fea: string | undefined): string[] | undefined {
  if (!fea) return [];
  const features: string[] = [];
  for (const raw of fea.split(",")) {
    const part = raw.trim();
    const colon = part.indexOf(":");
    if (colon === -1) return undefined;
    const scope = part.slice(0, colon);
    if (scope === "o" || scope === "ou" || scope === "uo") features.push(part.slice(colon + 1));
  }
  return features;
}

/**
 * Expands v2's compact permissions into full keys: for feature i and action j, the key
 * `org:<feature i>:<action j>` is granted when bit j of mask i is set.
 */
export function decodeOrgPermissions(
  features: readonly string[],
  per: string | undefined,
  fpm: string | undefined,
): string[] {
  if (!per || !fpm) return [];
  const actions = per.split(",").map((action) => action.trim());
  const masks = fpm.split(",").map((mask) => maskBits(mask.trim()));
  const granted: string[] = [];
  features.forEach((feature, featureIndex) => {
    const bits = masks[featureIndex];
    if (!bits) return;
    actions.forEach((action, actionIndex) => {
      if (bits[actionIndex] === 1) granted.push(`org:${feature}:${action}`);
    });
  });
  return granted;
}

/**
 * Encodes full permission keys into v2's `per` + `fpm` for the given org features: the
 * inverse of {@link decodeOrgPermissions}, used by the local issuer.
 */
export function encodeOrgPermissions(
  features: readonly string[],
  permissions: readonly string[],
): { per: string; fpm: string } {
  const actions: string[] = [];
  const grants = new Map<string, Set<string>>();
  for (const key of permissions) {
    const match = /^org:([^:]+):([^:]+)$/.exec(key);
    if (!match) throw new Error(`not an org permission key: ${key}`);
    const [, feature = "", action = ""] = match;
    if (!features.includes(feature)) throw new Error(`permission for an unknown feature: ${key}`);
    if (!actions.includes(action)) actions.push(action);
    grants.set(feature, (grants.get(feature) ?? new Set()).add(action));
  }
  const masks = features.map((feature) => {
    let mask = 0n;
    actions.forEach((action, index) => {
      if (grants.get(feature)?.has(action)) mask |= 1n << BigInt(index);
    });
    return mask.toString();
  });
  return { per: actions.join(","), fpm: masks.join(",") };
}

/** Bits of a decimal mask, least significant first; none for anything but ASCII digits. */
function maskBits(decimal: string): number[] | undefined {
  if (!/^[0-9]+$/.test(decimal)) return undefined;
  const bits: number[] = [];
  if (decimal.length <= 15) {
    // Below 2^53: plain arithmetic is exact, and this runs on every request.
    for (let value = Number(decimal); value > 0; value = Math.floor(value / 2))
      bits.push(value % 2);
    return bits;
  }
  // Wider masks through BigInt, so no high bit is lost.
  for (const bit of BigInt(decimal).toString(2)) bits.unshift(bit === "1" ? 1 : 0);
  return bits;
}
