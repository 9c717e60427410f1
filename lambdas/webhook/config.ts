/** The webhook Lambda's configuration: environment only, validated once at cold start. */
import { z } from "zod";
import { parseEnv, type EnvSource } from "../../core/env";

/** Clerk's (svix's) signing secret as the dashboard shows it. */
export const signingSecretSchema = z
  .string()
  .regex(
    /^whsec_[A-Za-z0-9+/=]{24,}$/,
    "expected whsec_ and base64 (Clerk dashboard → Webhooks → Signing Secret)",
  );

export const webhookEnvSchema = z
  .object({
    /** The secret itself: the local stack and tests. */
    CLERK_WEBHOOK_SIGNING_SECRET: signingSecretSchema.optional(),
    /**
     * On AWS: the Secrets Manager secret holding it, read once per cold start through the
     * Parameters and Secrets Lambda extension (signing-secret.ts).
     */
    CLERK_WEBHOOK_SECRET_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, "expected a secret ARN")
      .optional(),
    TABLE_NAME: z.string().min(3).max(255),
    /** Local use only (DynamoDB Local); AWS's regional endpoint otherwise. */
    DYNAMODB_ENDPOINT: z.url().optional(),
    /**
     * The AppSync API's `…/graphql`: where a membership's removal or update ends its live
     * updates (IAM, the function's role). Unset: no live updates to end.
     */
    APPSYNC_URL: z.url().optional(),
    AWS_REGION: z.string().min(1).optional(),
  })
  .refine(
    (env) =>
      (env.CLERK_WEBHOOK_SIGNING_SECRET === undefined) !==
      (env.CLERK_WEBHOOK_SECRET_ARN === undefined),
    {
      path: ["CLERK_WEBHOOK_SIGNING_SECRET"],
      message: "set exactly one of CLERK_WEBHOOK_SIGNING_SECRET and CLERK_WEBHOOK_SECRET_ARN",
    },
  );

export type WebhookEnv = z.infer<typeof webhookEnvSchema>;

/** Parses the environment (blank is unset); the error names each bad variable, never its value. */
export function loadWebhookEnv(env: EnvSource = process.env): WebhookEnv {
  return parseEnv("webhook", webhookEnvSchema, env);
}
