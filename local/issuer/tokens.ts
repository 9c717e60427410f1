/**
 * Session tokens in both of Clerk's claim formats, signed RS256 with the issuer's current
 * key. Lifetime 60 s by default, like Clerk's.
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { encodeOrgPermissions } from "../../core/claims";
import type { MembershipRecord, OrgRecord } from "./clerk-json";
import type { SigningKey } from "./keys";
import { ORG_FEATURES, tokenPermissions } from "./roles";

export type TokenFormat = "v1" | "v2";

export interface MintOptions {
  key: SigningKey;
  issuer: string;
  /** `azp`: the origin the session belongs to. */
  authorizedParty: string;
  userId: string;
  sessionId: string;
  /**
   * The active organization, with the user's membership in it and the membership's
   * permissions (all of them: the token keeps the custom ones, as Clerk's does).
   */
  org?:
    { org: OrgRecord; membership: MembershipRecord; permissions: readonly string[] } | undefined;
  format: TokenFormat;
  lifetimeSeconds: number;
  /** `pending` sessions have tasks left (e.g. choose an org); authorizers deny them. */
  sessionStatus: "active" | "pending";
  /**
   * An impersonated session: the user id of the real actor, written as Clerk's `act`
   * claim (`{ sub, iss, sid }`), as when a dashboard admin impersonates `userId`.
   */
  impersonatorId?: string | undefined;
  now?: Date;
}

export async function mintSessionToken(
  options: MintOptions,
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const exp = iat + options.lifetimeSeconds;
  const claims: Record<string, unknown> = {
    azp: options.authorizedParty,
    fva: [0, -1],
    sid: options.sessionId,
  };
  if (options.impersonatorId) {
    claims.act = {
      sub: options.impersonatorId,
      iss: "https://dashboard.clerk.com",
      sid: `${options.sessionId}_actor`,
    };
  }
  const active = options.org;
  if (options.format === "v2") {
    claims.v = 2;
    claims.sts = options.sessionStatus;
    if (active) {
      const permissions = tokenPermissions(active.permissions);
      const features = featuresFor(permissions);
      const { per, fpm } = encodeOrgPermissions(features, permissions);
      claims.fea = features.map((feature) => `o:${feature}`).join(",");
      claims.o = {
        id: active.org.id,
        rol: active.membership.role.replace(/^org:/, ""),
        slg: active.org.slug,
        per,
        fpm,
      };
    }
  } else {
    if (options.sessionStatus !== "active") claims.sts = options.sessionStatus;
    if (active) {
      claims.org_id = active.org.id;
      claims.org_role = active.membership.role;
      claims.org_slug = active.org.slug;
      claims.org_permissions = tokenPermissions(active.permissions);
    }
  }
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: options.key.kid, typ: "JWT" })
    .setIssuer(options.issuer)
    .setSubject(options.userId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID().replaceAll("-", ""))
    .sign(options.key.key);
  return { token, expiresAt: exp };
}

/** The configured org features, then any a custom permission names, in a stable order. */
function featuresFor(permissions: readonly string[]): string[] {
  const features: string[] = [...ORG_FEATURES];
  for (const key of permissions) {
    const feature = key.split(":")[1];
    if (feature && !features.includes(feature)) features.push(feature);
  }
  return features;
}
