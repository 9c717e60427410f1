/**
 * The deployment's configuration: CDK context only (no lookups, no AWS calls), validated
 * with zod before any construct is built.
 *
 * - `-c stage=dev|prod` picks the stage (default `dev`); every physical name is prefixed
 *   with it (`prod-waypoint-…`).
 * - Per-stage settings live in cdk.json under `waypoint.stages.<stage>`; any of them can be
 *   overridden on the command line with the same name (`-c clerkIssuer=https://…`).
 * - The Clerk settings are the authorizer's environment (lambdas/authorizer/config.ts) and
 *   are checked with its own parser. They are public values (URLs, a public key), never
 *   secrets; the one secret, the webhook's signing secret, lives in Secrets Manager.
 * - Without Clerk settings the app still synthesizes (a warning; the authorizer then denies
 *   every request); `npm run deploy` passes `-c requireClerk=true`, which makes them required.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { z } from "zod";
import { parseAuthorizerConfig } from "../lambdas/authorizer/config";
import { SVIX_SOURCE_CIDRS } from "./constructs/svix-source-ips";

export const STAGES = ["dev", "prod"] as const;
export type Stage = (typeof STAGES)[number];

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
  .transform((value) => value === true || value === "true" || value === "1")
  .default(false);

/** What one stage may set (cdk.json `waypoint.stages.<stage>`, or `-c name=value`). */
export const stageSettingsSchema = z.object({
  /** Expected `iss` of session tokens: your Clerk Frontend API URL. */
  clerkIssuer: optionalText,
  /** `https://<frontend-api>/.well-known/jwks.json` (or set clerkJwtKey). */
  clerkJwksUrl: optionalText,
  /** The PEM public key (Clerk → API keys → JWT public key): verification without network. */
  clerkJwtKey: optionalText,
  /** Allowed `azp` origins, comma separated: the dashboard's origin(s). */
  clerkAuthorizedParties: optionalText,
  /**
   * Let impersonated Clerk sessions (`act`) call the API, the actor recorded in the audit
   * log; off by default, so they are denied (docs/authorizer.md).
   */
  allowImpersonation: flag,
  /**
   * AppSync's cache of the authorizer's answers, in seconds (≤ 300). The authorizer's
   * `ttlOverride` bounds it further by the token's own expiry.
   */
  authCacheTtlSeconds: z.coerce.number().int().min(0).max(300).default(300),
  /** Concurrency reserved for the webhook; unset or "none" reserves none (docs/deploy.md). */
  webhookReservedConcurrency: z.preprocess(
    (value) => (value === "none" || value === "" || value === null ? undefined : value),
    z.coerce.number().int().min(1).max(1000).optional(),
  ),
  /**
   * Who may reach the webhook at all (AWS WAF, before API Gateway or Lambda): CIDRs, comma
   * separated, IPv4 and IPv6; default Svix's published source addresses. `any` turns the
   * allow-list off (the rate limit and the header checks stay).
   */
  webhookSourceCidrs: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return [...SVIX_SOURCE_CIDRS];
      if (value === "any") return "any" as const;
      const cidrs = value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
      for (const cidr of cidrs) {
        if (!z.cidrv4().safeParse(cidr).success && !z.cidrv6().safeParse(cidr).success) {
          ctx.addIssue({ code: "custom", message: `not an IPv4 or IPv6 CIDR: ${cidr}` });
        }
      }
      return cidrs;
    }),
  /**
   * Requests one source address may make to the webhook in 5 minutes before AWS WAF blocks
   * it (Svix's addresses are shared by every Svix customer). Svix retries what is refused.
   */
  webhookRateLimitPer5Min: z.coerce.number().int().min(10).max(2_000_000_000).default(1000),
  /**
   * The dashboard's Clerk publishable key (pk_live_… / pk_test_…): public, built into the
   * pages. Required to deploy.
   */
  clerkPublishableKey: optionalText.pipe(
    z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, "expected a Clerk publishable key")
      .optional(),
  ),
  /** The dashboard's own domain (dashboard.example.com); unset: the CloudFront domain only. */
  dashboardDomain: optionalText.pipe(
    z
      .string()
      .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, "expected a lower-case host name")
      .optional(),
  ),
  /** Its ACM certificate, which CloudFront requires in us-east-1. */
  dashboardCertificateArn: optionalText.pipe(
    z
      .string()
      .regex(
        /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
        "expected an ACM certificate ARN in us-east-1 (CloudFront only reads certificates there)",
      )
      .optional(),
  ),
  /**
   * The dashboard's `next build` output folder (standalone), relative to the repository;
   * `npm run deploy` builds it and sets this. Unset: a small fixture (synth and tests only).
   */
  dashboardBuild: optionalText,
  /**
   * Bump to roll the origin secret out (docs/deploy.md, "Rotate the origin secret"): it
   * makes CloudFront re-read the secret and the function start fresh environments.
   */
  originSecretGeneration: z.coerce.number().int().min(1).default(1),
  /** An SNS topic the alarms notify (created outside this app); unset: alarms only. */
  alarmTopicArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/, "expected an SNS topic ARN")
    .optional(),
});

export type StageSettings = z.infer<typeof stageSettingsSchema>;

/** The authorizer's environment, as the authorizer reads it. */
export type ClerkEnvironment = Record<
  "CLERK_ISSUER" | "CLERK_JWKS_URL" | "CLERK_JWT_KEY" | "CLERK_AUTHORIZED_PARTIES",
  string | undefined
>;

export interface WaypointConfig {
  stage: Stage;
  /** `<stage>-waypoint`: the prefix of every physical name. */
  prefix: string;
  /** RETAIN for prod (table, secret, logs); DESTROY for dev. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** Introspection is off in prod: the dashboard does not need it at run time. */
  introspection: boolean;
  /** undefined when no Clerk settings were given (synth only: the authorizer denies all). */
  clerk: ClerkEnvironment | undefined;
  authCacheTtlSeconds: number;
  /** WAYPOINT_ALLOW_IMPERSONATION for the authorizer. */
  allowImpersonation: boolean;
  webhookReservedConcurrency: number | undefined;
  /** The webhook's allow-list (CIDRs), or "any". */
  webhookSourceCidrs: string[] | "any";
  webhookRateLimitPer5Min: number;
  alarmTopicArn: string | undefined;
  dashboard: DashboardConfig;
}

export interface DashboardConfig {
  /** undefined only in a synth without Clerk settings. */
  publishableKey: string | undefined;
  domain: { name: string; certificateArn: string } | undefined;
  /** The build folder, relative to the repository; undefined: the test fixture. */
  build: string | undefined;
  originSecretGeneration: number;
}

/** Reads a context value the way `node.tryGetContext` returns it. */
export type ContextReader = (key: string) => unknown;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CDK context:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** The configuration of the stage chosen by context; throws a ConfigError naming each problem. */
export function loadWaypointConfig(context: ContextReader): WaypointConfig {
  const stage = z
    .enum(STAGES)
    .default("dev")
    .safeParse(context("stage") ?? undefined);
  if (!stage.success) throw new ConfigError([`stage: expected one of ${STAGES.join(", ")}`]);
  const perStage = readStageBlock(context("waypoint"), stage.data);
  const overrides = Object.fromEntries(
    Object.keys(stageSettingsSchema.shape).flatMap((key) => {
      const value = context(key);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  const parsed = stageSettingsSchema.safeParse({ ...perStage, ...overrides });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const settings = parsed.data;
  const requireClerk = flag.parse(context("requireClerk") ?? undefined);
  const dashboard = dashboardConfig(settings, requireClerk);
  // With its own domain, the dashboard's origin is known before anything is deployed: it is
  // the authorized party the authorizer checks, unless the stage says otherwise.
  if (dashboard.config.domain && !settings.clerkAuthorizedParties) {
    settings.clerkAuthorizedParties = `https://${dashboard.config.domain.name}`;
  }
  let clerk: ClerkEnvironment | undefined;
  try {
    clerk = clerkEnvironment(settings, requireClerk);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError([...error.problems, ...dashboard.problems]);
  }
  if (dashboard.problems.length > 0) throw new ConfigError(dashboard.problems);
  const prod = stage.data === "prod";
  return {
    stage: stage.data,
    prefix: `${stage.data}-waypoint`,
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: prod ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
    introspection: !prod,
    clerk,
    authCacheTtlSeconds: settings.authCacheTtlSeconds,
    allowImpersonation: settings.allowImpersonation,
    webhookReservedConcurrency: settings.webhookReservedConcurrency,
    webhookSourceCidrs: settings.webhookSourceCidrs,
    webhookRateLimitPer5Min: settings.webhookRateLimitPer5Min,
    alarmTopicArn: settings.alarmTopicArn,
    dashboard: dashboard.config,
  };
}

function dashboardConfig(
  settings: StageSettings,
  required: boolean,
): { config: DashboardConfig; problems: string[] } {
  const problems: string[] = [];
  if (!!settings.dashboardDomain !== !!settings.dashboardCertificateArn) {
    problems.push("dashboardDomain and dashboardCertificateArn: set both or neither");
  }
  if (required && !settings.clerkPublishableKey) {
    problems.push("clerkPublishableKey: required to deploy (docs/deploy.md)");
  }
  // A deployment never ships the fixture: npm run deploy builds the dashboard and names it.
  if (required && !settings.dashboardBuild) {
    problems.push("dashboardBuild: required to deploy (npm run deploy builds and sets it)");
  }
  const config: DashboardConfig = {
    publishableKey: settings.clerkPublishableKey,
    domain:
      settings.dashboardDomain && settings.dashboardCertificateArn
        ? { name: settings.dashboardDomain, certificateArn: settings.dashboardCertificateArn }
        : undefined,
    build: settings.dashboardBuild,
    originSecretGeneration: settings.originSecretGeneration,
  };
  return { config, problems };
}

function readStageBlock(block: unknown, stage: Stage): Record<string, unknown> {
  const shape = z.object({ stages: z.record(z.string(), z.record(z.string(), z.unknown())) });
  const parsed = shape.safeParse(block);
  return parsed.success ? (parsed.data.stages[stage] ?? {}) : {};
}

function clerkEnvironment(
  settings: StageSettings,
  required: boolean,
): ClerkEnvironment | undefined {
  const env: ClerkEnvironment = {
    CLERK_ISSUER: settings.clerkIssuer,
    CLERK_JWKS_URL: settings.clerkJwksUrl,
    CLERK_JWT_KEY: settings.clerkJwtKey,
    CLERK_AUTHORIZED_PARTIES: settings.clerkAuthorizedParties,
  };
  const missing = [
    ...(env.CLERK_JWKS_URL || env.CLERK_JWT_KEY ? [] : ["clerkJwksUrl (or clerkJwtKey)"]),
    ...(env.CLERK_ISSUER ? [] : ["clerkIssuer"]),
    ...(env.CLERK_AUTHORIZED_PARTIES ? [] : ["clerkAuthorizedParties"]),
  ];
  // Nothing set is a synth without Clerk; something set but not all is a mistake.
  if (Object.values(env).every((value) => value === undefined) && !required) return undefined;
  if (missing.length > 0) {
    throw new ConfigError(missing.map((name) => `${name}: required to deploy (docs/deploy.md)`));
  }
  try {
    // The authorizer's own parser: what it would refuse at cold start is refused here.
    parseAuthorizerConfig({ ...env, AUTH_CACHE_TTL_SECONDS: String(settings.authCacheTtlSeconds) });
  } catch (error) {
    throw new ConfigError([error instanceof Error ? error.message : String(error)]);
  }
  // The authorizer allows http: for a loopback JWKS (the local stack); a deployed Lambda has
  // no local issuer to reach, so a deployment takes https: alone.
  if (env.CLERK_JWKS_URL !== undefined && !env.CLERK_JWKS_URL.startsWith("https://")) {
    throw new ConfigError(["clerkJwksUrl: must be an https: URL (plain http is refused)"]);
  }
  return env;
}
