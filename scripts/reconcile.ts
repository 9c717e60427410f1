/**
 * `npm run reconcile`: rebuilds the mirror from Clerk's Backend API
 * (lambdas/webhook/reconcile.ts; docs/webhooks.md#reconcile).
 *
 * Reads explicit variables only (scripts/admin-env.ts): CLERK_SECRET_KEY, CLERK_API_URL
 * (optional), TABLE_NAME, AWS_REGION (optional), DYNAMODB_ENDPOINT (optional). Nothing
 * falls back to the local stack here: `npm run reconcile` runs this through
 * local/admin-commands.ts, which supplies the local stack's values when CLERK_SECRET_KEY is
 * unset, and nothing when it is set.
 */
import { createClerkClient } from "@clerk/backend";
import { parseEnv } from "../core/env";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import { clerkDirectory, reconcileMirror } from "../lambdas/webhook/reconcile";
import { reconcileEnvSchema } from "./admin-env";

try {
  const env = parseEnv("reconcile", reconcileEnvSchema, process.env);
  const clerk = createClerkClient({
    secretKey: env.CLERK_SECRET_KEY,
    ...(env.CLERK_API_URL ? { apiUrl: env.CLERK_API_URL } : {}),
  });
  const doc = createDocumentClient(env.DYNAMODB_ENDPOINT, env.AWS_REGION);
  const source = env.CLERK_API_URL ? `the Backend API at ${env.CLERK_API_URL}` : "Clerk";
  console.log(`reconcile: reading ${source} into table "${env.TABLE_NAME}"`);
  const summary = await reconcileMirror({
    clerk: clerkDirectory(clerk),
    store: createMirrorStore(doc, env.TABLE_NAME),
  });
  console.log(
    `reconcile: created ${summary.created}, updated ${summary.updated}, removed ${summary.removed}, ` +
      `unchanged ${summary.unchanged} (read ${summary.read.users} users, ${summary.read.orgs} orgs, ` +
      `${summary.read.memberships} memberships, ${summary.read.invitations} invitations)`,
  );
} catch (error) {
  // A message, not a stack trace (and never a key).
  console.error(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
