/**
 * `npm run reconcile`: rebuilds the mirror from Clerk's Backend API (see reconcile.ts).
 *
 * - With CLERK_SECRET_KEY: real Clerk (CLERK_API_URL to override its API URL), the table
 *   TABLE_NAME in AWS (credentials and region from the usual AWS environment), or at
 *   DYNAMODB_ENDPOINT.
 * - Without: the local stack of `npm run dev` (the issuer's Backend API subset with
 *   ISSUER_SECRET_KEY, DynamoDB Local), from the same variables as `npm run dev`.
 */
import { existsSync } from "node:fs";
import { createClerkClient } from "@clerk/backend";
import { z } from "zod";
import { loadLocalEnv } from "../../local/config";
import { createDocumentClient } from "./dynamodb";
import { createMirrorStore } from "./mirror-store";
import { clerkDirectory, reconcileMirror } from "./reconcile";

const clerkEnvSchema = z.object({
  CLERK_SECRET_KEY: z.string().regex(/^sk_(test|live)_/, "expected sk_test_… or sk_live_…"),
  CLERK_API_URL: z.url().optional(),
  TABLE_NAME: z.string().min(3).max(255),
  DYNAMODB_ENDPOINT: z.url().optional(),
});

function config() {
  if (existsSync(".env")) process.loadEnvFile(".env");
  if (process.env.CLERK_SECRET_KEY) {
    const parsed = clerkEnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`invalid environment:\n${problems.join("\n")}`);
    }
    const env = parsed.data;
    return {
      target: "Clerk",
      secretKey: env.CLERK_SECRET_KEY,
      apiUrl: env.CLERK_API_URL,
      tableName: env.TABLE_NAME,
      endpoint: env.DYNAMODB_ENDPOINT,
    };
  }
  const env = loadLocalEnv();
  const apiUrl = `http://127.0.0.1:${env.ISSUER_PORT}`;
  return {
    target: `the local issuer at ${apiUrl}`,
    secretKey: env.ISSUER_SECRET_KEY,
    apiUrl,
    tableName: env.TABLE_NAME,
    endpoint: process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT}`,
  };
}

try {
  const settings = config();
  const clerk = createClerkClient({
    secretKey: settings.secretKey,
    ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
  });
  const doc = createDocumentClient(settings.endpoint);
  console.log(`reconcile: reading ${settings.target} into table "${settings.tableName}"`);
  const summary = await reconcileMirror({
    clerk: clerkDirectory(clerk),
    store: createMirrorStore(doc, settings.tableName),
    doc,
    tableName: settings.tableName,
  });
  console.log(
    `reconcile: created ${summary.created}, updated ${summary.updated}, removed ${summary.removed}, ` +
      `unchanged ${summary.unchanged} (read ${summary.read.users} users, ${summary.read.orgs} orgs, ` +
      `${summary.read.memberships} memberships)`,
  );
} catch (error) {
  // A message, not a stack trace (and never a key).
  console.error(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
