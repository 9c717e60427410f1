/**
 * An API on a fresh local AppSync endpoint for a test: the test's own table on DynamoDB
 * Local, and the real authorizer configured against a test issuer, as `npm run dev` does.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ApiDefinition } from "../../../api/resolver-map";
import type { IamCredentials } from "../../../lambdas/appsync-iam/sigv4";
import { createHandler } from "../../../lambdas/authorizer/authorizer";
import { startLocalAppSync, type LocalAppSync } from "../server";

export function startTestAppSync(options: {
  api: ApiDefinition;
  table: { tableName: string; client: DynamoDBClient };
  issuer: { jwksUrl: string; url: string };
  /** Every DynamoDB call the resolvers make (to prove a refused call made none). */
  onDynamoDbOperation?: (operation: string) => void;
  /** The internal credential the IAM mode accepts (live-updates tests). */
  iam?: IamCredentials;
}): Promise<LocalAppSync> {
  const { api, table, issuer, onDynamoDbOperation, iam } = options;
  return startLocalAppSync({
    api: { ...api, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer: createHandler(
      {
        CLERK_JWKS_URL: issuer.jwksUrl,
        CLERK_ISSUER: issuer.url,
        CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
      },
      { log: () => {} },
    ),
    ...(onDynamoDbOperation ? { onDynamoDbOperation } : {}),
    ...(iam ? { iam } : {}),
  });
}
