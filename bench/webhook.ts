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
 *
 * Also measured in the same rounds, as references: the floor (a bare two-item
 * TransactWriteItems, no verification), and the naive transactional receiver (the same
 * handler, but each event is its svix-id record plus one unconditional Put or Delete: no
 * ordering conditions, no tombstones, no user/org checks, no cascades), so that the
 * price of order-safety is a measured figure, not a guess. BENCH_ABLATIONS=1 adds our
 * receiver without the membership writes' user/org checks, without the deletion cascades,
 * and without both (each of which the chaos test shows to be needed).
 *
 * One delivery in flight by default, as a Lambda instance takes them (and as "a PutItem
 * loop" reads); BENCH_CONCURRENCY=8 shows DynamoDB Local serializing transactions.
 */
import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { ClerkEvent } from "../core/clerk-events";
import {
  deliveryFacts,
  membershipItem,
  orgItem,
  planEvent,
  recordWrite,
  userItem,
  invitationItem,
  type WriteOp,
} from "../core/mirror";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore, type MirrorStore } from "../lambdas/webhook/mirror-store";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, ensureTable } from "../local/dynamodb/table";
import { Directory } from "../local/issuer/directory";
import { runRandomHistory } from "../local/testing/history";
import { createRandom } from "../local/testing/random";
import { clerkBody, functionUrlEvent } from "../local/testing/webhooks";
import { keys } from "../core/table";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
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

/** The naive receiver's one write per event: unconditional, no tombstone, no cascade. */
function naiveEffect(event: ClerkEvent): WriteOp {
  switch (event.type) {
    case "user.created":
    case "user.updated":
      return { Put: { Item: userItem(event.user) } };
    case "organization.created":
    case "organization.updated":
      return { Put: { Item: orgItem(event.org) } };
    case "user.deleted":
      return { Delete: { Key: keys.user(event.userId) } };
    case "organization.deleted":
      return { Delete: { Key: keys.org(event.orgId) } };
    case "organizationMembership.created":
    case "organizationMembership.updated":
      return { Put: { Item: membershipItem(event.membership) } };
    case "organizationMembership.deleted": {
      const { PK, SK } = keys.membership(event.membership.orgId, event.membership.userId);
      return { Delete: { Key: { PK, SK } } };
    }
    case "organizationInvitation.created":
    case "organizationInvitation.accepted":
    case "organizationInvitation.revoked":
      return { Put: { Item: invitationItem(event.invitation) } };
  }
}

/**
 * Our store with parts of its effect taken away, to price them: `naive` replaces the effect
 * with one unconditional write; otherwise the membership writes' checks that the user and
 * org are not deleted, and the cascades of a deletion, can be left out. (A failed condition
 * is not followed by the "stale" record our store writes: about 2 events in 1,500 here.)
 */
function reducedStore(
  store: MirrorStore,
  without: { naive?: boolean; userOrgChecks?: boolean; cascades?: boolean },
): MirrorStore {
  return {
    ...store,
    async applyDelivery(input) {
      const { parsed } = input;
      if (parsed.kind !== "mirrored") return store.applyDelivery(input);
      const facts = deliveryFacts(input);
      const plan = planEvent(parsed.event);
      // The user and org checks are the ConditionChecks on a profile item.
      const isProfileCheck = (op: WriteOp) =>
        "ConditionCheck" in op && op.ConditionCheck.Key.SK === "PROFILE";
      const writes = without.naive
        ? [naiveEffect(parsed.event)]
        : plan.writes.filter((op) => !(without.userOrgChecks && isProfileCheck(op)));
      const applied = await store.applyWrites([recordWrite(facts, "applied"), ...writes]);
      if (!without.naive && !without.cascades && plan.cascade) await store.runCascade(plan.cascade);
      return applied ? "applied" : "duplicate";
    },
  };
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
  type Without = Parameters<typeof reducedStore>[1];
  const mixes: Record<string, { events: typeof events; without?: Without }> = {
    all: { events },
    // A profile write is the minimum: its effect and its record, two items.
    "users + orgs (created/updated)": {
      events: events.filter((e) => /^(user|organization)\.(created|updated)$/.test(e.type)),
    },
    // A membership write also checks its tombstone, its user and its org: five items.
    "memberships (all three types)": {
      events: events.filter((e) => e.type.startsWith("organizationMembership.")),
    },
    "naive receiver (reference), all": { events, without: { naive: true } },
    // BENCH_ABLATIONS=1: what each order-safety part costs on the whole mix.
    ...(process.env.BENCH_ABLATIONS
      ? {
          "all without user/org checks": { events, without: { userOrgChecks: true } },
          "all without cascades": { events, without: { cascades: true } },
          "all without both": { events, without: { userOrgChecks: true, cascades: true } },
        }
      : {}),
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
      const store = createMirrorStore(doc, table);
      const handler = createWebhookHandler({
        signingSecret: SECRET,
        store: mix.without ? reducedStore(store, mix.without) : store,
        log: () => {},
      });
      // Signing is the sender's work, not the receiver's: done before the clock starts.
      const deliveries = mix.events.map((event, index) =>
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
      `webhook deliveries/s, ${name.padEnd(34)} ${fmt(values).padEnd(22)} median ${Math.round(median(values))}  ratio ${median(ratios.get(name) ?? []).toFixed(2)}`,
    );
  }
  console.log(`bare PutItem/s (baseline)${" ".repeat(31)}${fmt(baseline)}   median ${base}`);
  const floor = median(transactions);
  console.log(
    `bare 2-item TransactWriteItems/s (the floor)${" ".repeat(12)}${fmt(transactions)}   median ${Math.round(floor)}` +
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
