/** The authorizer's configuration: environment only, validated once per cold start. */
// zod/mini: part of the authorizer bundle, where size is cold start.
import * as z from "zod/mini";
import { parseEnv, type EnvSource } from "../../core/env";
import { isLoopbackHostname } from "../../core/loopback";

const optionalText = z.optional(
  z.pipe(
    z.string(),
    z.transform((value) => value.trim()),
  ),
);

export const authorizerEnvSchema = z
  .object({
    /** PEM public key (Clerk dashboard → API keys → JWT public key): networkless. */
    CLERK_JWT_KEY: optionalText,
    /**
     * e.g. https://<your-app>.clerk.accounts.dev/.well-known/jwks.json. `https:` only: keys
     * fetched over plain HTTP could be swapped on the way. `http:` is accepted for loopback
     * hosts alone (the local stack's issuer), where there is no network to tamper with.
     */
    CLERK_JWKS_URL: z.optional(
      z.url({ protocol: /^https?$/ }).check(
        z.refine(
          (value) => {
            // zod runs refinements even after the url check failed: never throw here (a throw
            // turns zod's validate asynchronous, and the parse into an unhandled rejection).
            const url = URL.parse(value);
            return url !== null && (url.protocol === "https:" || isLoopbackHostname(url.hostname));
          },
          { error: "must be https: (http: only for localhost, 127.0.0.0/8 or [::1])" },
        ),
      ),
    ),
    /** Expected `iss`: your Clerk Frontend API URL. */
    CLERK_ISSUER: optionalText,
    /** Allowed `azp` origins, comma separated. */
    CLERK_AUTHORIZED_PARTIES: z.pipe(
      z._default(z.string(), ""),
      z.transform((value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean),
      ),
    ),
    /**
     * `1`/`true`: impersonated sessions (Clerk's `act` claim) may call the API, the actor
     * carried into resolverContext and the audit log. Anything else, or unset: denied.
     */
    WAYPOINT_ALLOW_IMPERSONATION: z.optional(z.enum(["1", "0", "true", "false"])),
    AUTH_CACHE_TTL_SECONDS: z._default(
      z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3600)),
      300,
    ),
  })
  .check(
    z.refine((env) => Boolean(env.CLERK_JWT_KEY || env.CLERK_JWKS_URL), {
      error: "set CLERK_JWT_KEY (PEM) or CLERK_JWKS_URL",
    }),
  );

export interface AuthorizerConfig {
  /** SPKI PEM; preferred over the JWKS when both are set (no network). */
  jwtKeyPem: string | undefined;
  jwksUrl: string | undefined;
  issuer: string | undefined;
  authorizedParties: string[];
  allowImpersonation: boolean;
  cacheTtlSeconds: number;
}

/** Blank variables are unset (CDK and shells often pass ""); the error never holds a value. */
export function parseAuthorizerConfig(env: EnvSource): AuthorizerConfig {
  const data = parseEnv("authorizer", authorizerEnvSchema, env);
  return {
    jwtKeyPem: data.CLERK_JWT_KEY ? toPem(data.CLERK_JWT_KEY) : undefined,
    jwksUrl: data.CLERK_JWKS_URL,
    issuer: data.CLERK_ISSUER,
    authorizedParties: data.CLERK_AUTHORIZED_PARTIES,
    allowImpersonation:
      data.WAYPOINT_ALLOW_IMPERSONATION === "1" || data.WAYPOINT_ALLOW_IMPERSONATION === "true",
    cacheTtlSeconds: data.AUTH_CACHE_TTL_SECONDS,
  };
}

/**
 * Accepts the key as Clerk shows it (PEM), with `\n` escaped as env files often have it,
 * or as the bare base64 body.
 */
function toPem(value: string): string {
  const unescaped = value.replace(/\\n/g, "\n").trim();
  if (unescaped.startsWith("-----BEGIN")) return unescaped;
  const body =
    unescaped
      .replace(/\s+/g, "")
      .match(/.{1,64}/g)
      ?.join("\n") ?? "";
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`;
}
