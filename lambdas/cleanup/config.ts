/** The cleanup Lambda's configuration: environment only, validated once at cold start. */
import { z } from "zod";
import { parseEnv, type EnvSource } from "../../core/env";

export const cleanupEnvSchema = z.object({
  TABLE_NAME: z.string().min(3).max(255),
  /** Local use only (DynamoDB Local); AWS's regional endpoint otherwise. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export type CleanupEnv = z.infer<typeof cleanupEnvSchema>;

/** Parses the environment (blank is unset); the error names each bad variable, never its value. */
export function loadCleanupEnv(env: EnvSource = process.env): CleanupEnv {
  return parseEnv("cleanup", cleanupEnvSchema, env);
}
