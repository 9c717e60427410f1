/**
 * The dashboard's configuration: environment variables only, validated once with zod. The
 * first import (next.config.mjs imports it at build and start) fails with a readable list of
 * problems. Every variable has a local default, so `npm run dev` needs none of them.
 *
 * The auth mode is explicit: `WAYPOINT_AUTH_MODE=clerk|local`. Unset means local outside
 * production and is an error under NODE_ENV=production: a production host never guesses its
 * mode from which keys happen to be there (a blank injected secret used to mean "local
 * sign-in for everyone"). Under NODE_ENV=production, local mode also needs
 * `WAYPOINT_ALLOW_LOCAL_AUTH=1`, set on purpose (the e2e stack, demos); every page then shows
 * a "not for production" banner.
 */
import { z } from "zod";
// A relative `.ts` path: next.config.mjs loads this file under Node's type stripping.
import { parseEnv, type EnvSource } from "../../core/env.ts";

const url = z.url({ protocol: /^https?$/ });
// Blank variables never get here (core/env.ts drops them): unset and "" are one case.
const optional = z.string().trim().optional();

/** The public default of WAYPOINT_SESSION_SECRET: fine for a laptop, refused in production. */
export const DEFAULT_SESSION_SECRET = "waypoint-local-session-secret-not-for-production";

/** The one message of a production build or start in local mode without the opt-in. */
export const LOCAL_AUTH_IN_PRODUCTION_MESSAGE =
  "local sign-in is not for production: anyone can sign in as anyone. Set WAYPOINT_AUTH_MODE=clerk " +
  "with the Clerk keys, or set WAYPOINT_ALLOW_LOCAL_AUTH=1 on purpose (tests, demos)";

/** The variables (before the mode is derived); `.env.example` lists each one. */
export const dashboardEnvObject = z.object({
  /** `clerk` or `local`; unset: local outside production, an error in production. */
  WAYPOINT_AUTH_MODE: z
    .string()
    .trim()
    .pipe(z.enum(["clerk", "local"], "expected clerk or local"))
    .optional(),
  /** `1`: local mode may run under NODE_ENV=production (the e2e stack, demos). */
  WAYPOINT_ALLOW_LOCAL_AUTH: z
    .string()
    .trim()
    .pipe(z.literal("1", "expected 1, or unset"))
    .optional(),
  /** The AppSync GraphQL endpoint the data module calls with the user's token. */
  WAYPOINT_API_URL: url.default("http://127.0.0.1:4000/graphql"),
  /**
   * AppSync's real-time endpoint (live updates, docs/live-updates.md); on AWS
   * `wss://<id>.appsync-realtime-api.<region>.amazonaws.com/graphql`. Unset: the API URL's
   * `/realtime` on ws(s) (the local AppSync serves both on one port).
   */
  WAYPOINT_REALTIME_URL: url.optional(),
  /** The local issuer (local mode: sign-in list, token minting). */
  WAYPOINT_ISSUER_URL: url.default("http://127.0.0.1:4001"),
  /**
   * The local issuer's Backend API key (the same variable the issuer reads): local mode's
   * member management calls the issuer's Backend API with it. Never read in Clerk mode.
   */
  ISSUER_SECRET_KEY: z.string().min(8, "at least 8 characters").default("sk_test_waypoint_local"),
  /** HMAC key of the local-mode session cookie (at least 32 characters). */
  WAYPOINT_SESSION_SECRET: z
    .string()
    .min(32, "at least 32 characters")
    .default(DEFAULT_SESSION_SECRET),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optional,
  CLERK_SECRET_KEY: optional,
  /** PEM public key for networkless verification of Clerk session tokens. */
  CLERK_JWT_KEY: optional,
  /** Comma-separated origins accepted as `azp` (Clerk mode). */
  CLERK_AUTHORIZED_PARTIES: optional,
  /**
   * On AWS: the value CloudFront sends in x-waypoint-origin-secret (app/lib/origin-guard.ts);
   * the package's start reads it from Secrets Manager. Required when running on Lambda.
   */
  WAYPOINT_ORIGIN_SECRET: optional,
  /** The value before the last rotation, still accepted. */
  WAYPOINT_ORIGIN_SECRET_PREVIOUS: optional,
  /** Set by Lambda itself: the dashboard is running as a function (behind CloudFront). */
  AWS_LAMBDA_FUNCTION_NAME: optional,
});

/**
 * The Frontend API host a publishable key names: `pk_test_` / `pk_live_` + base64("<host>$").
 * Undefined when the key is not of that shape.
 */
export function frontendApiHost(publishableKey: string): string | undefined {
  const match = /^pk_(?:test|live)_([A-Za-z0-9+/=_-]+)$/.exec(publishableKey);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  if (!decoded.endsWith("$")) return undefined;
  const host = decoded.slice(0, -1);
  return /^[a-z0-9.-]+(?::\d+)?$/i.test(host) ? host : undefined;
}

export interface DashboardEnvContext {
  /** NODE_ENV is `production` (next build, next start). */
  production: boolean;
  /**
   * `next build` rather than a server: the session secret is only checked where it is used
   * (start, requests), so a build never needs a secret in its environment.
   */
  building: boolean;
}

function contextOf(source: EnvSource): DashboardEnvContext {
  return {
    production: source.NODE_ENV === "production",
    building: isNextBuild(),
  };
}

/**
 * Whether this process is `next build` (the config is loaded there) or one of its prerender
 * workers (Next sets NEXT_PHASE for them). Anything else — `next start`, `next dev`, tests —
 * is a server and gets every check.
 */
function isNextBuild(): boolean {
  if (process.env.NEXT_PHASE === "phase-production-build") return true;
  const [, script, command] = process.argv;
  // `next build`: node_modules/.bin/next or next/dist/bin/next, then the command.
  return command === "build" && /(?:^|[\\/])next$/.test(script ?? "");
}

function schemaFor(context: DashboardEnvContext) {
  return dashboardEnvObject.transform((env, ctx) => {
    const issue = (variable: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [variable], message });
    const clerkKeySet = !!(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY || env.CLERK_SECRET_KEY);
    let mode = env.WAYPOINT_AUTH_MODE;
    if (!mode) {
      if (context.production) {
        issue("WAYPOINT_AUTH_MODE", "required when NODE_ENV=production: clerk or local");
      } else if (clerkKeySet) {
        issue(
          "WAYPOINT_AUTH_MODE",
          "Clerk keys are set: say WAYPOINT_AUTH_MODE=clerk (or local to ignore them)",
        );
      }
      mode = "local";
    }
    if (mode === "clerk") {
      const publishable = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY;
      if (!publishable) {
        issue(
          "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
          "required in Clerk mode (it is missing or blank)",
        );
      } else if (!frontendApiHost(publishable)) {
        issue(
          "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
          "not a Clerk publishable key (pk_test_… or pk_live_…)",
        );
      }
      // A build never needs it (the deploy builds without secrets); a server always does.
      if (!env.CLERK_SECRET_KEY && !context.building) {
        issue("CLERK_SECRET_KEY", "required in Clerk mode (it is missing or blank)");
      }
    }
    if (env.AWS_LAMBDA_FUNCTION_NAME && !env.WAYPOINT_ORIGIN_SECRET && !context.building) {
      // Without it the Function URL would serve anyone who calls it directly.
      issue("WAYPOINT_ORIGIN_SECRET", "required on AWS Lambda (the origin secret, docs/deploy.md)");
    }
    const localInProduction = mode === "local" && context.production;
    if (localInProduction && !env.WAYPOINT_ALLOW_LOCAL_AUTH) {
      issue("WAYPOINT_AUTH_MODE", LOCAL_AUTH_IN_PRODUCTION_MESSAGE);
    }
    if (
      localInProduction &&
      !context.building &&
      env.WAYPOINT_SESSION_SECRET === DEFAULT_SESSION_SECRET
    ) {
      issue(
        "WAYPOINT_SESSION_SECRET",
        "the public default is refused when NODE_ENV=production: set a random secret of 32+ characters",
      );
    }
    return {
      ...env,
      mode,
      production: context.production,
      /** Local sign-in running under NODE_ENV=production (opted in): pages show the banner. */
      localAuthInProduction: localInProduction,
      /**
       * Where member management's Backend API calls go (app/lib/clerk-admin): Clerk's own API
       * with CLERK_SECRET_KEY in Clerk mode (no apiUrl: @clerk/backend's default), the local
       * issuer with ISSUER_SECRET_KEY in local mode. Clerk mode never falls back to the issuer.
       */
      backendApi:
        mode === "clerk"
          ? { secretKey: env.CLERK_SECRET_KEY, apiUrl: undefined }
          : { secretKey: env.ISSUER_SECRET_KEY, apiUrl: env.WAYPOINT_ISSUER_URL },
      /** Where the browser subscribes to live updates (the CSP's connect-src names it). */
      realtimeUrl: env.WAYPOINT_REALTIME_URL ?? realtimeUrlOf(env.WAYPOINT_API_URL),
      /** Clerk mode: the Frontend API host of the publishable key (for the CSP). */
      clerkFrontendApi:
        mode === "clerk" && env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY
          ? frontendApiHost(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)
          : undefined,
    };
  });
}

export type DashboardEnv = z.output<ReturnType<typeof schemaFor>>;

/**
 * Parses an environment (blank is unset); throws one error naming every invalid variable.
 * NODE_ENV comes from `source`; `context` overrides what is derived from it and from the
 * process (tests).
 */
export function parseDashboardEnv(
  source: EnvSource,
  context: Partial<DashboardEnvContext> = {},
): DashboardEnv {
  return parseEnv("dashboard", schemaFor({ ...contextOf(source), ...context }), source);
}

let cached: DashboardEnv | undefined;

/** The validated environment of this process (parsed on first use). */
export function getEnv(): DashboardEnv {
  cached ??= parseDashboardEnv(process.env);
  return cached;
}

/** The local AppSync's real-time endpoint beside its GraphQL one: ws(s)://…/graphql/realtime. */
export function realtimeUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/$/, "")}/realtime`;
  return url.toString();
}
