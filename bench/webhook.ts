/**
 * `npm run bench:webhook`: deliveries per second through the webhook handler (svix
 * verification + the exactly-once conditional transaction) on DynamoDB Local, against a
 * bare PutItem loop on the same DynamoDB Local in the same run, at the same concurrency,
 * measured right before and right after each webhook run (the ratio pairs them).
 * A delivery needs at least two writes (its effect and its svix-id record), so 0.5 is
 * about the ceiling. Medians over the rounds are reported.
 *
 * The deliveries are a realistic mix: a random directory history (users, orgs,
 * memberships: created, updated, removed, deleted) in Clerk's shapes, each signed for real.
 */
import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
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
const PUTS_PER_SEGMENT = 600;
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
  const mixes = {
    all: events,
    // A profile write is the minimum: its effect and its record, two items.
    "users + orgs (created/updated)": events.filter((e) =>
      /^(user|organization)\.(created|updated)$/.test(e.type),
    ),
    // A membership write also checks its tombstone, its user and its org: five items.
    "memberships (all three types)": events.filter((e) =>
      e.type.startsWith("organizationMembership."),
    ),
  };
  const rates = new Map<string, number[]>(Object.keys(mixes).map((name) => [name, []]));
  const ratios = new Map<string, number[]>(Object.keys(mixes).map((name) => [name, []]));
  const baseline: number[] = [];
  let puts = 0;
  const putRate = async () => {
    const table = "bench-put";
    await ensureTable(client, table);
    return rate(PUTS_PER_SEGMENT, async () => {
      const id = `user_put_${++puts}`;
      await doc.send(
        new PutCommand({ TableName: table, Item: { ...keys.user(id), id, updatedAt: puts } }),
      );
    });
  };
  // The floor of the design: a bare two-item TransactWriteItems (an effect and a record),
  // with no verification, no parsing and no conditions, on the same DynamoDB Local.
  const transactions: number[] = [];
  const transactRate = async () => {
    const table = "bench-transact";
    await ensureTable(client, table);
    return rate(PUTS_PER_SEGMENT, async () => {
      const id = `user_tx_${++puts}`;
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { ...keys.user(id), id, updatedAt: puts } } },
            { Put: { TableName: table, Item: { ...keys.webhookEvent(`msg_${id}`, "t"), id } } },
          ],
        }),
      );
    });
  };
  for (let round = 0; round <= ROUNDS; round++) {
    const transact = await transactRate();
    if (round > 0) transactions.push(transact);
    for (const [name, mix] of Object.entries(mixes)) {
      const table = `bench-${round}-${name.replace(/[^a-z]/g, "")}`;
      await ensureTable(client, table);
      const handler = createWebhookHandler({
        signingSecret: SECRET,
        store: createMirrorStore(doc, table),
        log: () => {},
      });
      // Signing is the sender's work, not the receiver's: done before the clock starts.
      const deliveries = mix.map((event, index) =>
        functionUrlEvent({ secret: SECRET, svixId: `msg_${round}_${index}`, body: event.body }),
      );
      // The baseline right before and right after: the machine is shared, so each
      // measurement is paired with its neighbours rather than with a distant one.
      const before = await putRate();
      const a = await rate(deliveries.length, async (index) => {
        const result = await handler(deliveries[index]);
        if (result.statusCode !== 200) throw new Error(`delivery answered ${result.statusCode}`);
      });
      const after = await putRate();
      if (round === 0) continue; // warm-up: JIT and DynamoDB Local on both sides
      rates.get(name)?.push(a);
      ratios.get(name)?.push(a / ((before + after) / 2));
      baseline.push(before, after);
    }
  }
  const value = Math.round(median(rates.get("all") ?? []));
  const base = Math.round(median(baseline));
  const ratio = median(ratios.get("all") ?? []);
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  console.log(
    `events: ${events.length} per round (${CONCURRENCY} in flight), ${ROUNDS} rounds after a warm-up; ` +
      `ratio = median of each run over the mean of the PutItem runs just before and after it`,
  );
  for (const [name, values] of rates) {
    console.log(
      `webhook deliveries/s, ${name.padEnd(31)} ${fmt(values).padEnd(22)} median ${Math.round(median(values))}  ratio ${median(ratios.get(name) ?? []).toFixed(2)}`,
    );
  }
  console.log(`bare PutItem/s (baseline)${" ".repeat(28)}${fmt(baseline)}   median ${base}`);
  const floor = median(transactions);
  console.log(
    `bare 2-item TransactWriteItems/s (the floor)${" ".repeat(9)}${fmt(transactions)}   median ${Math.round(floor)}` +
      `  ratio to PutItem ${(floor / base).toFixed(2)}; webhook "all" ÷ floor ${(value / floor).toFixed(2)}`,
  );
  console.log(
    JSON.stringify({
      bench: "webhook",
      metric: "deliveries_per_second",
      value,
      baseline: base,
      ratio: Number(ratio.toFixed(2)),
      target: TARGET_RATIO,
    }),
  );
} finally {
  await dynamo.stop();
}
