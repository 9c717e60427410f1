/** Creates the one table of core's definition in DynamoDB Local (idempotent). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { TABLE, toCreateTableParams, type TableDefinition } from "../../core/table";

/** A client for DynamoDB Local; the credentials are placeholders it never checks. */
export function createLocalClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 2,
  });
}

export function createLocalDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createLocalClient(endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/**
 * Creates the table (with its GSIs, TTL and stream) unless it exists; a table kept from
 * before the stream existed (`npm run dev --persist`) gets its stream turned on. Returns
 * true when created.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string = TABLE.tableName,
  definition: TableDefinition = TABLE,
): Promise<boolean> {
  let created = true;
  try {
    await client.send(new CreateTableCommand(toCreateTableParams(definition, tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    created = false;
  }
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (described.Table?.TableStatus !== "ACTIVE") {
    throw new Error(`table ${tableName} is ${described.Table?.TableStatus ?? "missing"}`);
  }
  if (!created && described.Table.StreamSpecification?.StreamEnabled !== true) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
      }),
    );
  }
  if (created) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return created;
}
