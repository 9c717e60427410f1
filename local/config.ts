/**
 * The local stack's configuration: environment variables only, validated once at start-up
 * with zod. `.env.example` lists each with its default. The defaults are the embedded,
 * no-account setup; none of them is a real secret.
 */
import { z } from "zod";
import { parseEnv, type EnvSource } from "../core/env";

const port = z.coerce.number().int().min(0).max(65_535);
const flag = z
  .enum(["1", "0", "true", "false"])
  .default("0")
  .transform((value) => value === "1" || value === "true");
const schedule = z
  .string()
  .regex(/^\d+(,\d+)*$/, "comma-separated delays in ms")
  .transform((value) => value.split(",").map(Number));

export const localEnvSchema = z.object({
  /** Where keys and persistent data live. */
  WAYPOINT_DATA_DIR: z.string().min(1).default(".data"),
  /** Keep DynamoDB tables and the issuer's directory across restarts. */
  WAYPOINT_PERSIST: flag,
  DASHBOARD_PORT: port.default(3000),
  /**
   * The dashboard in `npm run dev`: `dev` (next dev), `start` (next start on a prior
   * `npm run build`) or `off`. Flags: `--dashboard=start`, `--no-dashboard`.
   */
  WAYPOINT_DASHBOARD: z.enum(["dev", "start", "off"]).default("dev"),
  APPSYNC_PORT: port.default(4000),
  ISSUER_PORT: port.default(4001),
  WEBHOOK_PORT: port.default(4002),
  DYNAMODB_PORT: port.default(8000),
  TABLE_NAME: z.string().min(3).max(255).default("waypoint"),
  /** The module exporting the API definition the local AppSync serves (as `api`). */
  APPSYNC_API_MODULE: z.string().min(1).default("api/resolvers.ts"),
  /** Shared by the issuer (signs) and the webhook receiver (verifies). */
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, "expected whsec_ and base64")
    .default("whsec_d2F5cG9pbnQtbG9jYWwtd2ViaG9vay1zZWNyZXQ="),
  /**
   * Where the issuer delivers webhooks. The one variable where "" means something, so
   * `npm run dev` reads it raw (local/dev.ts): "" disables delivery, unset means its own
   * receiver's URL (so WEBHOOK_PORT=0 works too). Parsed here for the default alone.
   */
  ISSUER_WEBHOOK_URL: z.string().default("http://127.0.0.1:4002/webhooks/clerk"),
  ISSUER_WEBHOOK_RETRY_SCHEDULE_MS: schedule.default([
    0, 1_000, 5_000, 30_000, 120_000, 300_000, 600_000, 600_000,
  ]),
  /** Bearer token for the issuer's Backend API subset (`/v1/...`). */
  ISSUER_SECRET_KEY: z.string().min(8).default("sk_test_waypoint_local"),
  /**
   * The local stack's internal IAM credential: what the stream publisher and the webhook
   * sign their calls to AppSync's IAM-only internal mutations with (SigV4), and the only one
   * the local AppSync accepts in IAM mode. Like the other local secrets, not a real one.
   */
  APPSYNC_INTERNAL_ACCESS_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{16,128}$/)
    .default("LOCALINTERNALWAYPOINT"),
  APPSYNC_INTERNAL_SECRET_ACCESS_KEY: z.string().min(16).default("waypoint-local-internal-iam"),
  /** `azp` of minted tokens: the dashboard's origin. */
  ISSUER_AUTHORIZED_PARTY: z.string().default("http://localhost:3000"),
  ISSUER_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Seed the demo tenants when the directory is empty. */
  ISSUER_SEED: z
    .enum(["1", "0", "true", "false"])
    .default("true")
    .transform((value) => value === "1" || value === "true"),
  /**
   * `npm run dev` adds demo milestones to the demo tenants through the API (local/
   * demo-milestones.ts), once per scope. Test stacks set 0: their scopes start empty.
   */
  WAYPOINT_DEMO_MILESTONES: z
    .enum(["1", "0", "true", "false"])
    .default("true")
    .transform((value) => value === "1" || value === "true"),
});

export type LocalEnv = z.infer<typeof localEnvSchema>;

/** Parses the environment (blank is unset); throws a readable list of problems when invalid. */
export function loadLocalEnv(env: EnvSource = process.env): LocalEnv {
  return parseEnv("local stack", localEnvSchema, env);
}
