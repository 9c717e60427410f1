/** The webhook Lambda's configuration: environment only, validated once at cold start. */
import { z } from "zod";

export const webhookEnvSchema = z.object({
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .regex(
      /^whsec_[A-Za-z0-9+/=]{24,}$/,
      "expected whsec_ and base64 (Clerk dashboard → Webhooks → Signing Secret)",
    ),
  TABLE_NAME: z.string().min(3).max(255),
  /** Local use only (DynamoDB Local); AWS's regional endpoint otherwise. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export type WebhookEnv = z.infer<typeof webhookEnvSchema>;

/** Parses the environment; the error names each bad variable, never its value. */
export function loadWebhookEnv(env: Record<string, string | undefined> = process.env): WebhookEnv {
  const parsed = webhookEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
  );
  throw new Error(`invalid environment:\n${problems.join("\n")}`);
}
