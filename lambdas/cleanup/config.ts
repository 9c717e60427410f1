/** The cleanup Lambda's configuration: environment only, validated once at cold start. */
import { z } from "zod";

export const cleanupEnvSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** Local use only (DynamoDB Local); AWS's regional endpoint otherwise. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export type CleanupEnv = z.infer<typeof cleanupEnvSchema>;

/** Parses the environment; the error names each bad variable, never its value. */
export function loadCleanupEnv(env: Record<string, string | undefined> = process.env): CleanupEnv {
  const parsed = cleanupEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join(".")}: ${issue.message}`,
  );
  throw new Error(`invalid environment:\n${problems.join("\n")}`);
}
