/**
 * `npm run bench:cleanup`: items removed per second through the cleanup path — an org's
 * tombstone written, its stream record read by the local poller from DynamoDB Local's
 * stream, the unchanged cleanup handler paging through the org's keys (Query) and deleting
 * them (BatchWriteItem), until its job item says `done` — against a bare BatchWriteItem
 * delete loop over the same number of items whose keys are already known (25 per request,
 * one request in flight), on the same DynamoDB Local in the same run. Each cleanup run is
 * paired with the mean of the bare loops just before and after it; medians are reported.
 *
 * The cleanup path pays for what the bare loop does not: reading the stream (the seeding's
 * INSERT records included), the Queries that find the keys, and its job-item writes. It
 * runs up to 4 BatchWriteItems at once (its design default); the bare loop with 4 in
 * flight is printed as a reference too.
 */
import { BatchWriteCommand, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { cleanupJobKey } from "../core/cleanup";
import { orgTombstone } from "../core/mirror";
import { keys, type ItemKey } from "../core/table";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, ensureTable } from "../local/dynamodb/table";
import { startLocalCleanup } from "../local/streams/cleanup";
import { batchPut, milestoneItem } from "../local/testing/cleanup";
import { median, printVerdict } from "./lib/figures";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 0.7;
const TABLE = "bench-cleanup";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dynamo = await startDynamoDbLocal({ port: 0 });
try {
  await ensureTable(createLocalClient(dynamo.endpoint), TABLE);
  const doc = createDocumentClient(dynamo.endpoint);
  const poller = await startLocalCleanup({ endpoint: dynamo.endpoint, tableName: TABLE });

  let org = 0;
  const seedOrg = async () => {
    const orgId = `org_bench${++org}`;
    const scope = { kind: "org", orgId } as const;
    const items = Array.from({ length: ITEMS }, (_, n) =>
      milestoneItem(scope, `m${n}`, "user_b", n),
    );
    await batchPut(doc, TABLE, items);
    return { orgId, keys: items.map((item): ItemKey => ({ PK: item.PK, SK: item.SK })) };
  };

  /** The bare loop: known keys, 25 per BatchWriteItem, `inFlight` requests at once. */
  const bareDelete = async (inFlight: number) => {
    const { keys: known } = await seedOrg();
    const batches: ItemKey[][] = [];
    for (let i = 0; i < known.length; i += 25) batches.push(known.slice(i, i + 25));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          let pending = batch.map((Key) => ({ DeleteRequest: { Key } }));
          while (pending.length > 0) {
            const out = await doc.send(
              new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }),
            );
            pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
          }
        }
      }),
    );
    return known.length / ((performance.now() - started) / 1000);
  };

  /** The cleanup path: from the tombstone's write to the job's `done`. */
  const cleanupPath = async () => {
    const { orgId } = await seedOrg();
    await sleep(300); // let the poller read past the seeding's records, as it would meanwhile
    const started = performance.now();
    await doc.send(new PutCommand({ TableName: TABLE, Item: orgTombstone(orgId, Date.now()) }));
    for (;;) {
      const job = await doc.send(
        new GetCommand({
          TableName: TABLE,
          Key: cleanupJobKey({ kind: "org", orgId }),
          ConsistentRead: true,
        }),
      );
      if (job.Item?.phase === "done") {
        if (job.Item.removed !== ITEMS) throw new Error(`removed ${String(job.Item.removed)}`);
        break;
      }
      await sleep(20);
    }
    const left = await doc.send(
      new GetCommand({ TableName: TABLE, Key: keys.milestone({ kind: "org", orgId }, "m0") }),
    );
    if (left.Item) throw new Error("the cleanup left items behind");
    return ITEMS / ((performance.now() - started) / 1000);
  };

  await bareDelete(1); // warm-up
  await cleanupPath();
  const baseline: number[] = [];
  const cleanup: number[] = [];
  const ratios: number[] = [];
  const parallel: number[] = [];
  let before = await bareDelete(1);
  for (let round = 0; round < ROUNDS; round++) {
    const path = await cleanupPath();
    const after = await bareDelete(1);
    parallel.push(await bareDelete(4));
    baseline.push(before, after);
    cleanup.push(path);
    ratios.push(path / ((before + after) / 2));
    before = after;
  }
  await poller.stop();

  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  const value = Math.round(median(cleanup));
  const base = Math.round(median(baseline));
  const ratio = median(ratios);
  console.log(
    `items: ${ITEMS} milestones per org, ${ROUNDS} rounds after a warm-up; ratio = median of ` +
      `each cleanup run over the mean of the bare loops just before and after it`,
  );
  console.log(
    `cleanup path items/s (tombstone → done)   ${fmt(cleanup).padEnd(22)} median ${value}`,
  );
  console.log(
    `bare BatchWriteItem delete loop items/s   ${fmt(baseline).padEnd(22)} median ${base}`,
  );
  console.log(
    `bare loop, 4 requests in flight items/s    ${fmt(parallel).padEnd(22)} median ${Math.round(median(parallel))}` +
      `  (cleanup ÷ this ${(value / median(parallel)).toFixed(2)})`,
  );
  printVerdict({
    bench: "cleanup",
    metric: "items_removed_per_second",
    value,
    baseline: base,
    ratio,
    target: TARGET_RATIO,
  });
} finally {
  await dynamo.stop();
}
