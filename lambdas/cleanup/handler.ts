/**
 * The cleanup Lambda, fed by the table's DynamoDB stream through an event source mapping
 * (infra/constructs/cleanup.ts). Config and clients at module scope; the logic lives in
 * app.ts, the rules in core/cleanup.ts.
 */
import { createDocumentClient } from "../webhook/dynamodb";
import { createCleanupHandler } from "./app";
import { createCleanupStore } from "./cleanup-store";
import { loadCleanupEnv } from "./config";

const env = loadCleanupEnv();

export const handler = createCleanupHandler({
  store: createCleanupStore(createDocumentClient(env.DYNAMODB_ENDPOINT), env.TABLE_NAME),
});
