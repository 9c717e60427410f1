/**
 * `npm run migrate [-- --aws] [-- --from <cursor>]`: makes every tombstone written with a TTL
 * permanent (see migrate.ts). With `--aws`: the table TABLE_NAME in AWS (credentials and
 * region from the usual AWS environment). Without: the local stack's table (DYNAMODB_ENDPOINT
 * or DynamoDB Local on DYNAMODB_PORT, TABLE_NAME as `npm run dev` has it). Prints a
 * cursor after each page: if interrupted, run again with `--from` and the last one (or from
 * the start: it is idempotent).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadLocalEnv } from "../../local/config";
import { createDocumentClient } from "./dynamodb";
import { migrateTombstones } from "./migrate";

function config(aws: boolean) {
  if (existsSync(".env")) process.loadEnvFile(".env");
  if (aws) {
    const env = z.object({ TABLE_NAME: z.string().min(3).max(255) }).parse(process.env);
    return { TABLE_NAME: env.TABLE_NAME, DYNAMODB_ENDPOINT: undefined };
  }
  const env = loadLocalEnv();
  return {
    TABLE_NAME: env.TABLE_NAME,
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${env.DYNAMODB_PORT}`,
  };
}

try {
  const { values } = parseArgs({
    options: { from: { type: "string" }, aws: { type: "boolean", default: false } },
  });
  const env = config(values.aws);
  console.log(`migrate: making tombstones in table "${env.TABLE_NAME}" permanent`);
  const summary = await migrateTombstones({
    doc: createDocumentClient(env.DYNAMODB_ENDPOINT),
    tableName: env.TABLE_NAME,
    ...(values.from ? { from: values.from } : {}),
    onPage: (page) =>
      console.log(
        `migrate: scanned ${page.scanned}, made permanent ${page.migrated}` +
          (page.cursor ? `; resume with --from ${page.cursor}` : "; done"),
      ),
  });
  console.log(`migrate: done, ${summary.migrated} tombstones made permanent`);
} catch (error) {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
