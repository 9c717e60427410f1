/**
 * `npm run bench:webhook`: deliveries per second through the webhook handler (svix
 * verification + the exactly-once conditional transaction) on DynamoDB Local, against a
 * bare PutItem loop on the same DynamoDB Local in the same run, at the same concurrency.
 * A delivery needs at least two writes (its effect and its svix-id record), so 0.5 is
 * about the ceiling. Rounds alternate A/B so machine drift hits both; medians reported.
 *
 * The deliveries are a realistic mix: a random directory history (users, orgs,
 * memberships: created, updated, removed, deleted) in Clerk's shapes, each signed for real.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, ensureTable } from "../local/dynamodb/table";
import { Directory } from "../local/issuer/directory";
import { runRandomHistory } from "../local/testing/history";
import { createRandom } from "../local/testing/random";
import { clerkBody, functionUrlEvent } from "../local/testing/webhooks";
import { keys } from "../core/table";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TARGET_RATIO = 0.4;
const SECRET = "whsec_YmVuY2gtd2ViaG9vay1zZWNyZXQtMDEyMzQ1Njc4OQ==";

/** Runs `count` tasks with `CONCURRENCY` in flight; returns operations per second. */
async function rate(count: number, task: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

// A history of Clerk events, generated once.
const events: { type: string; body: string }[] = [];
const directory = new Directory(
  (type, data) => events.push({ type, body: clerkBody(type, data) }),
  (id) => `https://img.test/${id}.png`,
);
runRandomHistory(directory, createRandom(7), () => events.length >= EVENTS, { prefix: "b" });

const dynamo = await startDynamoDbLocal({ port: 0 });
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createDocumentClient(dynamo.endpoint);
  const webhook: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const table = `bench-${round}`;
    await ensureTable(client, table);
    const handler = createWebhookHandler({
      signingSecret: SECRET,
      store: createMirrorStore(doc, table),
      log: () => {},
    });
    // Signing is the sender's work, not the receiver's: done before the clock starts.
    const deliveries = events.map((event, index) =>
      functionUrlEvent({ secret: SECRET, svixId: `msg_${round}_${index}`, body: event.body }),
    );
    const a = await rate(deliveries.length, async (index) => {
      const result = await handler(deliveries[index]);
      if (result.statusCode !== 200) throw new Error(`delivery answered ${result.statusCode}`);
    });
    const b = await rate(deliveries.length, async (index) => {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.user(`user_put_${index}`), id: `user_put_${index}`, updatedAt: index },
        }),
      );
    });
    if (round === 0) continue; // warm-up: JIT on both sides
    webhook.push(a);
    baseline.push(b);
  }
  const value = Math.round(median(webhook));
  const base = Math.round(median(baseline));
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  console.log(
    `events: ${events.length} per round (${CONCURRENCY} in flight), ${ROUNDS} rounds after a warm-up`,
  );
  console.log(`webhook deliveries/s (verify + apply): ${fmt(webhook)}   median ${value}`);
  console.log(`bare PutItem/s (baseline):            ${fmt(baseline)}   median ${base}`);
  console.log(
    JSON.stringify({
      bench: "webhook",
      metric: "deliveries_per_second",
      value,
      baseline: base,
      ratio: Number((value / base).toFixed(2)),
      target: TARGET_RATIO,
    }),
  );
} finally {
  await dynamo.stop();
}
