/**
 * `npm run bench:subscriptions`: what a live update costs on the local stack. N subscribers
 * (10, then 100: real-time WebSocket connections of an Acme member, real tokens, the real
 * authorizer) and a stream of createMilestone calls by the Acme admin; each change travels
 * resolver → DynamoDB Local → its stream → the live publisher (lambdas/live, polling every
 * 50 ms) → publishMilestoneChange (SigV4) → every subscriber. Per delivery: the time from the
 * mutation's response to the subscriber's receipt; per mutation: its own latency, measured
 * in the same run. The verdict: the p95 delivery latency at N = 100 against the mutation's
 * own p50 (ratio = delivery p95 ÷ mutation p50; target ≤ 10, ours: the issue sets none).
 * Every delivery must arrive (a missing one fails the run).
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { api } from "../api/resolvers";
import { membershipItem } from "../core/mirror";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import {
  initialize,
  openRealtime,
  start,
  type RealtimeClient,
} from "../local/appsync/testing/realtime-client";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "../local/dynamodb/table";
import { DEMO } from "../local/issuer/seed";
import { startLocalLivePublisher } from "../local/streams/live";
import { startTestIssuer } from "../local/testing/issuer";
import { median, printVerdict } from "./lib/figures";

const SIZES = [10, 100];
const MUTATIONS = Number(process.env.BENCH_MUTATIONS ?? 30);
const TARGET_RATIO = 10;
const TABLE = "bench-subscriptions";
const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin.id;
const GRACE = DEMO.users.acmeMember1.id;
const INTERNAL = { accessKeyId: "BENCHINTERNALKEY01", secretAccessKey: "bench-internal-secret" };
const SUBSCRIBE = `subscription { onMilestoneChanged { kind milestoneId actorId } }`;
const CREATE = `mutation($t: String!) { createMilestone(input: { title: $t }) { id } }`;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

const dynamo = await startDynamoDbLocal({ port: 0 });
const issuer = await startTestIssuer({ seed: true, tokenLifetimeSeconds: 3600 });
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createLocalDocumentClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  await doc.send(
    new BatchWriteCommand({
      RequestItems: {
        [TABLE]: [
          membershipItem({ orgId: ACME, userId: ADA, role: "org:admin", updatedAt: 1 }),
          membershipItem({ orgId: ACME, userId: GRACE, role: "org:member", updatedAt: 1 }),
        ].map((Item) => ({ PutRequest: { Item } })),
      },
    }),
  );
  const appsync = await startTestAppSync({
    api,
    table: { client, tableName: TABLE },
    issuer,
    iam: INTERNAL,
  });
  const publisher = await startLocalLivePublisher({
    endpoint: dynamo.endpoint,
    tableName: TABLE,
    appsyncUrl: appsync.url,
    credentials: INTERNAL,
  });
  const admin = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
  const member = await mintToken(issuer.url, { userId: GRACE, orgId: ACME });

  const results: Record<number, { deliveryP50: number; deliveryP95: number; mutationP50: number }> =
    {};
  for (const n of SIZES) {
    const clients: RealtimeClient[] = [];
    for (let i = 0; i < n; i++) {
      const c = await openRealtime(appsync.realtimeUrl, member);
      if ((await initialize(c)).type !== "connection_ack") throw new Error("connection refused");
      if ((await start(c, "live", member, SUBSCRIBE)).type !== "start_ack")
        throw new Error("start refused");
      clients.push(c);
    }
    const deliveries: number[] = [];
    const mutationLatencies: number[] = [];
    for (let m = 0; m < MUTATIONS + 3; m++) {
      const from = clients.map((c) => c.messages.length);
      const sent = performance.now();
      const answer = await graphql(appsync.url, admin, CREATE, { t: `bench ${n} ${m}` });
      const answered = performance.now();
      const id = (answer.body.data?.createMilestone as { id?: string } | undefined)?.id;
      if (!id) throw new Error(`create failed: ${answer.text.slice(0, 200)}`);
      const arrivals = await Promise.all(
        clients.map((c, i) =>
          c
            .next(
              (msg) =>
                msg.type === "data" &&
                (msg.payload?.data as { onMilestoneChanged?: { milestoneId?: string } })
                  ?.onMilestoneChanged?.milestoneId === id,
              10_000,
              from[i],
            )
            .then(() => performance.now()),
        ),
      );
      if (m < 3) continue; // warm-up
      mutationLatencies.push(answered - sent);
      for (const at of arrivals) deliveries.push(at - answered);
    }
    for (const c of clients) c.close();
    results[n] = {
      deliveryP50: percentile(deliveries, 50),
      deliveryP95: percentile(deliveries, 95),
      mutationP50: median(mutationLatencies),
    };
    console.log(
      `N=${n}: ${deliveries.length} deliveries of ${MUTATIONS} mutations, all received; ` +
        `delivery after the response p50 ${results[n].deliveryP50.toFixed(1)} ms, ` +
        `p95 ${results[n].deliveryP95.toFixed(1)} ms; the mutation's own latency p50 ` +
        `${results[n].mutationP50.toFixed(1)} ms, p95 ${percentile(mutationLatencies, 95).toFixed(1)} ms`,
    );
  }
  await publisher.stop();
  await appsync.close();
  const big = results[100] ?? { deliveryP50: 0, deliveryP95: 0, mutationP50: 1 };
  const small = results[10] ?? { deliveryP50: 0, deliveryP95: 0, mutationP50: 1 };
  printVerdict({
    bench: "subscriptions",
    metric: "delivery_p95_ms_at_100_subscribers",
    value: Number(big.deliveryP95.toFixed(1)),
    baseline: Number(big.mutationP50.toFixed(1)),
    ratio: big.deliveryP95 / big.mutationP50,
    target: TARGET_RATIO,
    delivery_p50_ms_at_100: Number(big.deliveryP50.toFixed(1)),
    delivery_p50_ms_at_10: Number(small.deliveryP50.toFixed(1)),
    delivery_p95_ms_at_10: Number(small.deliveryP95.toFixed(1)),
    mutation_p50_ms_at_10: Number(small.mutationP50.toFixed(1)),
  });
} finally {
  await issuer.close();
  await dynamo.stop();
}
