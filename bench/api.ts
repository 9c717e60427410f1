/**
 * `npm run bench:api`: the `milestones` query (first page of 25, one org) through the local
 * AppSync endpoint, with real tokens and the real authorizer, on DynamoDB Local:
 * - p50/p95 when the table holds SMALL milestones across many tenants, then LARGE (same
 *   run, same process, more items loaded in between); the ratio is LARGE ÷ SMALL (target
 *   ≤ 1.3: a designed-key Query does not grow with the table);
 * - beside it, a Scan-and-filter baseline on the same data (what the index avoids);
 * - requests/s through the endpoint vs a direct DynamoDB Query of the same page (overhead).
 */
import { BatchWriteCommand, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";

import { membershipItem } from "../core/mirror";
import { keys, toQueryParams } from "../core/table";
import { api } from "../api/resolvers";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "../local/dynamodb/table";
import { DEMO } from "../local/issuer/seed";
import { startTestIssuer } from "../local/testing/issuer";
import { benchMilestone } from "./lib/fixtures";
import { printVerdict } from "./lib/figures";

const SMALL = Number(process.env.BENCH_SMALL ?? 1_000);
const LARGE = Number(process.env.BENCH_LARGE ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const SCAN_SAMPLES = Number(process.env.BENCH_SCAN_SAMPLES ?? 5);
const THROUGHPUT_MS = Number(process.env.BENCH_THROUGHPUT_MS ?? 3_000);
const CONCURRENCY = 4;
const TENANT_ORGS = 200;
const TARGET_ORG_MILESTONES = 100;
const TARGET_RATIO = 1.3;
const TABLE = "bench-api";

const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin.id;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

// 100,000 items with three GSIs outgrow the launcher's default 256 MB heap in memory.
const dynamo = await startDynamoDbLocal({ port: 0, heap: "1g" });
const issuer = await startTestIssuer({ seed: true, tokenLifetimeSeconds: 3600 });
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createLocalDocumentClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const appsync = await startTestAppSync({ api, table: { client, tableName: TABLE }, issuer });

  /** Writes `count` items, 25 per BatchWriteItem, CONCURRENCY×2 batches in flight. */
  async function load(make: (n: number) => Record<string, unknown>, count: number) {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY * 2 }, async () => {
        while (next < count) {
          const start = next;
          next = Math.min(count, next + 25);
          let items = Array.from({ length: next - start }, (_, i) => ({
            PutRequest: { Item: make(start + i) },
          }));
          while (items.length) {
            const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items } }));
            items = (out.UnprocessedItems?.[TABLE] ?? []) as typeof items;
          }
        }
      }),
    );
  }
  /** Everything but the target org's: other orgs' and personal milestones. */
  const other = (n: number) =>
    n % 5 === 0
      ? benchMilestone({ kind: "personal", userId: `user_p${n % 997}` }, `user_p${n % 997}`, n)
      : benchMilestone({ kind: "org", orgId: `org_t${n % TENANT_ORGS}` }, `user_t${n % 31}`, n);

  await load(
    () => membershipItem({ orgId: ACME, userId: ADA, role: "org:admin", updatedAt: 1 }),
    1,
  );
  await load((n) => benchMilestone({ kind: "org", orgId: ACME }, ADA, n), TARGET_ORG_MILESTONES);
  await load((n) => other(n + TARGET_ORG_MILESTONES), SMALL - TARGET_ORG_MILESTONES);

  const token = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
  const QUERY = "{ milestones(limit: 25) { items { id title owner { name } } nextToken } }";
  const viaEndpoint = async () => {
    const answer = await graphql(appsync.url, token, QUERY);
    const page = answer.body.data?.milestones as { items: unknown[] } | undefined;
    if (answer.status !== 200 || page?.items.length !== 25)
      throw new Error(`unexpected answer: ${answer.text.slice(0, 300)}`);
  };
  const direct = async () => {
    const out = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        ...toQueryParams(keys.milestones({ kind: "org", orgId: ACME }, { sort: "UPDATED_AT" })),
        Limit: 25,
      }),
    );
    if (out.Items?.length !== 25) throw new Error("direct query: short page");
  };
  /** The baseline: Scan the whole table, filtering to the org, until a page of 25. */
  const scanAndFilter = async () => {
    const found: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({
          TableName: TABLE,
          FilterExpression: "GSI1PK = :list",
          ExpressionAttributeValues: { ":list": `MILESTONES#ORG#${ACME}` },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    // A Scan cannot order: it must read everything, then sort, to find the newest 25.
    if (found.length < 25) throw new Error("scan: short page");
  };
  const latencies = async (task: () => Promise<void>, samples: number) => {
    for (let i = 0; i < Math.min(20, samples); i++) await task(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await task();
      ms.push(performance.now() - started);
    }
    return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
  };
  const throughput = async (task: () => Promise<void>) => {
    let count = 0;
    const until = performance.now() + THROUGHPUT_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await task();
          count++;
        }
      }),
    );
    return count / (THROUGHPUT_MS / 1000);
  };

  const small = await latencies(viaEndpoint, SAMPLES);
  const smallScan = await latencies(scanAndFilter, SCAN_SAMPLES);
  const loadStarted = performance.now();
  await load((n) => other(n + SMALL), LARGE - SMALL);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const large = await latencies(viaEndpoint, SAMPLES);
  const largeScan = await latencies(scanAndFilter, SCAN_SAMPLES);
  const endpointRate = await throughput(viaEndpoint);
  const directRate = await throughput(direct);

  const f = (x: number) => x.toFixed(1).padStart(8);
  console.log(
    `milestones first page of 25, one org (${TARGET_ORG_MILESTONES} of its own), ${SAMPLES} samples; ` +
      `other tenants: ${TENANT_ORGS} orgs and personal spaces (${(LARGE - SMALL).toLocaleString("en")} items loaded in ${loadSeconds.toFixed(0)} s)`,
  );
  console.log(`                                 p50 ms   p95 ms`);
  console.log(
    `endpoint, ${String(SMALL).padStart(7)} milestones   ${f(small.p50)} ${f(small.p95)}`,
  );
  console.log(
    `endpoint, ${String(LARGE).padStart(7)} milestones   ${f(large.p50)} ${f(large.p95)}`,
  );
  console.log(
    `Scan+filter, ${String(SMALL).padStart(7)}          ${f(smallScan.p50)} ${f(smallScan.p95)}`,
  );
  console.log(
    `Scan+filter, ${String(LARGE).padStart(7)}          ${f(largeScan.p50)} ${f(largeScan.p95)}`,
  );
  console.log(
    `requests/s (${CONCURRENCY} in flight): endpoint ${endpointRate.toFixed(0)}, direct Query ${directRate.toFixed(0)}, ` +
      `overhead ratio ${(directRate / endpointRate).toFixed(2)}`,
  );
  const ratio = large.p50 / small.p50;
  printVerdict({
    bench: "api",
    metric: "milestones_p50_ms_large_table",
    value: Number(large.p50.toFixed(2)),
    baseline: Number(small.p50.toFixed(2)),
    ratio,
    target: TARGET_RATIO,
  });
  await appsync.close();
} finally {
  await issuer.close();
  await dynamo.stop();
}
