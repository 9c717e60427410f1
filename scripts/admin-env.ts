/**
 * The variables of the admin commands (`scripts/reconcile.ts`, `scripts/migrate.ts`),
 * parsed with the one environment helper (core/env.ts: blank is unset, values never
 * printed). Explicit variables only: nothing here defaults to the local stack. For it,
 * `npm run reconcile` and `npm run migrate` go through local/admin-commands.ts, which
 * supplies the local values.
 */
import { z } from "zod";

const tableName = z.string().min(3).max(255);
const httpUrl = z.url({ protocol: /^https?$/ });
/** The SDK's usual chain (AWS_PROFILE's config…) applies when unset. */
const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "expected an AWS region such as eu-west-1");

export const reconcileEnvSchema = z.object({
  /** Clerk's secret key, or the local issuer's (ISSUER_SECRET_KEY, which looks the same). */
  CLERK_SECRET_KEY: z.string().regex(/^sk_(test|live)_/, "expected sk_test_… or sk_live_…"),
  /** Another Backend API than Clerk's own (the local issuer's). */
  CLERK_API_URL: httpUrl.optional(),
  TABLE_NAME: tableName,
  AWS_REGION: region.optional(),
  /** DynamoDB Local; AWS's regional endpoint when unset. */
  DYNAMODB_ENDPOINT: httpUrl.optional(),
});

export type ReconcileEnv = z.infer<typeof reconcileEnvSchema>;

/** `--aws`: the table in AWS; otherwise DYNAMODB_ENDPOINT must say which DynamoDB. */
export function migrateEnvSchema(aws: boolean) {
  return z
    .object({
      TABLE_NAME: tableName,
      AWS_REGION: region.optional(),
      DYNAMODB_ENDPOINT: httpUrl.optional(),
    })
    .refine((env) => aws || env.DYNAMODB_ENDPOINT !== undefined, {
      path: ["DYNAMODB_ENDPOINT"],
      message: "required without --aws (the local stack's DynamoDB; or say --aws)",
    });
}
