/**
 * The dashboard's configuration: environment variables only, validated once with zod. The
 * first import (next.config.mjs imports it at build and start) fails with a readable list of
 * problems. Every variable has a local default, so `npm run dev` needs none of them.
 *
 * Clerk mode iff both NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY are set;
 * otherwise local mode against the local issuer.
 */
import { z } from "zod";

const url = z.url({ protocol: /^https?$/ });
const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** The variables (before the mode is derived); `.env.example` lists each one. */
export const dashboardEnvObject = z.object({
  /** The AppSync GraphQL endpoint the data module calls with the user's token. */
  WAYPOINT_API_URL: url.default("http://127.0.0.1:4000/graphql"),
  /** The local issuer (local mode: sign-in list, token minting). */
  WAYPOINT_ISSUER_URL: url.default("http://127.0.0.1:4001"),
  /** HMAC key of the local-mode session cookie (at least 32 characters). */
  WAYPOINT_SESSION_SECRET: z
    .string()
    .min(32, "at least 32 characters")
    .default("waypoint-local-session-secret-not-for-production"),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optional,
  CLERK_SECRET_KEY: optional,
  /** PEM public key for networkless verification of Clerk session tokens. */
  CLERK_JWT_KEY: optional,
  /** Comma-separated origins accepted as `azp` (Clerk mode). */
  CLERK_AUTHORIZED_PARTIES: optional,
});

export const dashboardEnvSchema = dashboardEnvObject.transform((env) => {
  const mode: "clerk" | "local" =
    env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && env.CLERK_SECRET_KEY ? "clerk" : "local";
  return { ...env, mode };
});

export type DashboardEnv = z.output<typeof dashboardEnvSchema>;

/** Parses an environment; throws one error naming every invalid variable. */
export function parseDashboardEnv(source: Record<string, string | undefined>): DashboardEnv {
  const parsed = dashboardEnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
  );
  throw new Error(`invalid dashboard environment:\n${problems.join("\n")}`);
}

let cached: DashboardEnv | undefined;

/** The validated environment of this process (parsed on first use). */
export function getEnv(): DashboardEnv {
  cached ??= parseDashboardEnv(process.env);
  return cached;
}
