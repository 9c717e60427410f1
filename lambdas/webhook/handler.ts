/**
 * The Clerk webhook Lambda behind a Function URL. Config and clients at module scope (one
 * cold start pays for them); the logic lives in app.ts, the domain in core/. On AWS the
 * signing secret comes from Secrets Manager (`CLERK_WEBHOOK_SECRET_ARN`), read once per
 * cold start; locally it is the variable itself (`CLERK_WEBHOOK_SIGNING_SECRET`).
 */
import { createIamGraphQLClient, lambdaCredentials } from "../appsync-iam/client";
import { subscriptionInvalidator } from "../live/invalidate";
import { createWebhookHandler } from "./app";
import { loadWebhookEnv } from "./config";
import { createDocumentClient } from "./dynamodb";
import { createMirrorStore } from "./mirror-store";
import { createSecretsExtensionLoader } from "./signing-secret";

const env = loadWebhookEnv();
const store = createMirrorStore(createDocumentClient(env.DYNAMODB_ENDPOINT), env.TABLE_NAME);
const port = Number(process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773);

export const handler = createWebhookHandler({
  signingSecret:
    env.CLERK_WEBHOOK_SIGNING_SECRET ??
    createSecretsExtensionLoader({
      secretId: env.CLERK_WEBHOOK_SECRET_ARN ?? "",
      sessionToken: process.env.AWS_SESSION_TOKEN,
      port,
    }),
  store,
  ...(env.APPSYNC_URL
    ? {
        invalidateSubscriptions: subscriptionInvalidator(
          createIamGraphQLClient({
            url: env.APPSYNC_URL,
            region: env.AWS_REGION ?? "us-east-1",
            credentials: () => lambdaCredentials(),
          }),
        ),
      }
    : {}),
});
