/**
 * `npm run migrate [-- --aws] [-- --from <cursor>]`: makes every tombstone written with a TTL
 * permanent (lambdas/webhook/migrate.ts; docs/webhooks.md). Prints a cursor after each page:
 * if interrupted, run again with `--from` and the last one (or from the start: it is
 * idempotent).
 *
 * `npm run migrate -- --stats org:<orgId>|user:<userId> [--from <cursor>]`: instead, computes
 * that scope's milestone counters from its milestones (lambdas/webhook/stats-backfill.ts;
 * docs/data-model.md, with its race caveat: run it while the scope is quiet). Resumable the
 * same way.
 *
 * Reads explicit variables only (scripts/admin-env.ts): TABLE_NAME, AWS_REGION (optional),
 * and DYNAMODB_ENDPOINT, required unless `--aws` (the table in AWS, credentials and region
 * from the usual AWS environment; an endpoint is then ignored). `npm run migrate` runs this
 * through local/admin-commands.ts, which supplies the local stack's table without `--aws`.
 */
import { parseArgs } from "node:util";
import { parseEnv } from "../core/env";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { migrateTombstones } from "../lambdas/webhook/migrate";
import { backfillMilestoneStats, parseStatsScope } from "../lambdas/webhook/stats-backfill";
import { migrateEnvSchema } from "./admin-env";

try {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      aws: { type: "boolean", default: false },
      stats: { type: "string" },
    },
  });
  const env = parseEnv("migrate", migrateEnvSchema(values.aws), process.env);
  const doc = createDocumentClient(values.aws ? undefined : env.DYNAMODB_ENDPOINT, env.AWS_REGION);
  if (values.stats !== undefined) {
    const scope = parseStatsScope(values.stats);
    console.log(`migrate: computing the milestone counters of ${values.stats}`);
    const result = await backfillMilestoneStats({
      doc,
      tableName: env.TABLE_NAME,
      scope,
      ...(values.from ? { from: values.from } : {}),
      onPage: (page) =>
        console.log(
          `migrate: read ${page.read} milestones` +
            (page.cursor
              ? `; resume with --stats ${values.stats} --from ${page.cursor}`
              : "; done"),
        ),
    });
    console.log(
      `migrate: done, counters of ${values.stats} written from ${result.read} milestones`,
    );
  } else {
    console.log(`migrate: making tombstones in table "${env.TABLE_NAME}" permanent`);
    const summary = await migrateTombstones({
      doc,
      tableName: env.TABLE_NAME,
      ...(values.from ? { from: values.from } : {}),
      onPage: (page) =>
        console.log(
          `migrate: scanned ${page.scanned}, made permanent ${page.migrated}` +
            (page.cursor ? `; resume with --from ${page.cursor}` : "; done"),
        ),
    });
    console.log(`migrate: done, ${summary.migrated} tombstones made permanent`);
  }
} catch (error) {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
