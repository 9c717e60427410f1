/**
 * The Clerk webhook Lambda behind a Function URL. Config and clients at module scope (one
 * cold start pays for them); the logic lives in app.ts, the domain in core/.
 */
import { createWebhookHandler } from "./app";
import { loadWebhookEnv } from "./config";
import { createDocumentClient } from "./dynamodb";
import { createMirrorStore } from "./mirror-store";

const env = loadWebhookEnv();
const store = createMirrorStore(createDocumentClient(env.DYNAMODB_ENDPOINT), env.TABLE_NAME);

export const handler = createWebhookHandler({
  signingSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
  store,
});
