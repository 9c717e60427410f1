/** The DocumentClient the webhook Lambda and the admin commands (scripts/) use. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * With an endpoint (DynamoDB Local), placeholder credentials and a region: it checks
 * neither. Short timeouts, so an unreachable table answers 5xx well within Svix's 15 s.
 */
export function createDocumentClient(endpoint?: string, region?: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    // Given: the admin commands' AWS_REGION, parsed. Otherwise the SDK's usual chain.
    ...(region ? { region } : {}),
    ...(endpoint
      ? {
          endpoint,
          // `||`: a blank AWS_REGION is unset, like every variable (core/env.ts).
          region: region || process.env.AWS_REGION || "us-east-1",
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
