/** Test helpers over the run's DynamoDB Local (see global-setup.ts). */
import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "../dynamodb/table";

/** A fresh table of core's definition, with its clients; `drop()` deletes it. */
export async function createTestTable(prefix = "test") {
  const endpoint = inject("dynamoDbEndpoint");
  const tableName = `${prefix}-${randomUUID()}`;
  const client = createLocalClient(endpoint);
  await ensureTable(client, tableName);
  return {
    endpoint,
    tableName,
    client,
    doc: createLocalDocumentClient(endpoint),
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
}
