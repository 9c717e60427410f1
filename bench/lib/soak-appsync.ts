/**
 * The local AppSync runtime as a process of its own, for `npm run bench:soak`: the API
 * definition on DynamoDB Local with the real authorizer against the soak's issuer, the IAM
 * mode with the internal credential (the live publisher and the webhook's invalidation call
 * it), exactly as `npm run dev` starts it in-process. A child process so that its RSS is its
 * own, unmixed with the issuer, the receiver, the publisher or the load generator.
 *
 * Configured by one JSON variable (SOAK_APPSYNC, parsed with zod); prints one JSON line
 * `{"url","realtimeUrl"}` once listening; stops on SIGTERM.
 */
import { z } from "zod";
import { api } from "../../api/resolvers";
import { createHandler } from "../../lambdas/authorizer/authorizer";
import { startLocalAppSync } from "../../local/appsync/server";
import { createLocalClient } from "../../local/dynamodb/table";

const config = z
  .strictObject({
    dynamoEndpoint: z.url(),
    tableName: z.string().min(1),
    issuerUrl: z.url(),
    jwksUrl: z.url(),
    authorizedParty: z.url(),
    iam: z.strictObject({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
  })
  .parse(JSON.parse(process.env.SOAK_APPSYNC ?? "{}"));

const appsync = await startLocalAppSync({
  api: { ...api, environment: { ...api.environment, TABLE_NAME: config.tableName } },
  port: 0,
  dynamodb: { client: createLocalClient(config.dynamoEndpoint), tableName: config.tableName },
  authorizer: createHandler(
    {
      CLERK_JWKS_URL: config.jwksUrl,
      CLERK_ISSUER: config.issuerUrl,
      CLERK_AUTHORIZED_PARTIES: config.authorizedParty,
    },
    { log: () => {} },
  ),
  iam: config.iam,
});
console.log(JSON.stringify({ url: appsync.url, realtimeUrl: appsync.realtimeUrl }));

for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    void appsync.close().finally(() => process.exit(0));
  });
