/**
 * `npm run bench:appsync`: what the local AppSync runtime costs per request. Requests/s for
 * the `milestones` query (first page of 25, one org, each item's `owner` resolved too)
 * through the local endpoint, with a real token and the real authorizer, against the same
 * DynamoDB Query issued directly (same key condition, same limit, same item count), both
 * with CONCURRENCY requests in flight, in the same run, in alternating rounds; the figures
 * are the medians of the rounds. ratio = endpoint ÷ direct (target ≥ 0.5).
 *
 * A second baseline in the same rounds: the three DynamoDB calls the endpoint's request makes,
 * issued directly in sequence (the membership's consistent GetItem, the Query, the owners'
 * BatchGetItem), so the runtime's own overhead is a ratio too:
 * equivalentRatio = endpoint ÷ equivalent direct calls (1 would be a free runtime). All three
 * paths use the same SDK client settings (createLocalClient: keep-alive agent, same retries).
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";

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
import { median, printVerdict } from "./lib/figures";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_000);
const CONCURRENCY = 4;
const PAGE = 25;
const MILESTONES = 100;
const TARGET_RATIO = 0.5;
const TABLE = "bench-appsync";

const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin.id;

const dynamo = await startDynamoDbLocal({ port: 0 });
const issuer = await startTestIssuer({ seed: true, tokenLifetimeSeconds: 3600 });
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createLocalDocumentClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const appsync = await startTestAppSync({ api, table: { client, tableName: TABLE }, issuer });

  const items: Record<string, unknown>[] = [
    membershipItem({ orgId: ACME, userId: ADA, role: "org:admin", updatedAt: 1 }),
    ...Array.from({ length: MILESTONES }, (_, n) =>
      benchMilestone({ kind: "org", orgId: ACME }, ADA, n),
    ),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (batch.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: batch } }));
      batch = (out.UnprocessedItems?.[TABLE] ?? []) as typeof batch;
    }
  }

  const token = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
  const QUERY = `{ milestones(limit: ${PAGE}) { items { id title owner { name } } nextToken } }`;
  const viaEndpoint = async () => {
    const answer = await graphql(appsync.url, token, QUERY);
    const page = answer.body.data?.milestones as { items: unknown[] } | undefined;
    if (answer.status !== 200 || answer.body.errors || page?.items.length !== PAGE)
      throw new Error(`unexpected answer: ${answer.text.slice(0, 300)}`);
  };
  const milestonesQuery = () =>
    new QueryCommand({
      TableName: TABLE,
      ...toQueryParams(keys.milestones({ kind: "org", orgId: ACME }, { sort: "UPDATED_AT" })),
      Limit: PAGE,
    });
  const direct = async () => {
    const out = await doc.send(milestonesQuery());
    if (out.Items?.length !== PAGE) throw new Error("direct query: short page");
  };
  // What the pipeline does, without the runtime: authorize's consistent GetItem of the
  // membership, listMilestones' Query, attachOwners' BatchGetItem of the distinct owners.
  const { PK, SK } = keys.membership(ACME, ADA);
  const equivalent = async () => {
    const member = await doc.send(
      new GetCommand({ TableName: TABLE, Key: { PK, SK }, ConsistentRead: true }),
    );
    if (!member.Item) throw new Error("equivalent calls: no membership");
    const page = await doc.send(milestonesQuery());
    if (page.Items?.length !== PAGE) throw new Error("equivalent calls: short page");
    const owners = [...new Set(page.Items.map((item) => item.ownerId as string))];
    await doc.send(
      new BatchGetCommand({
        RequestItems: { [TABLE]: { Keys: owners.map((id) => keys.user(id)) } },
      }),
    );
  };
  const throughput = async (task: () => Promise<void>) => {
    let count = 0;
    const started = performance.now();
    const until = started + ROUND_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await task();
          count++;
        }
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };

  for (let i = 0; i < 20; i++) await Promise.all([viaEndpoint(), direct(), equivalent()]); // warm-up
  const endpointRates: number[] = [];
  const directRates: number[] = [];
  const equivalentRates: number[] = [];
  const paths = [
    { task: viaEndpoint, rates: endpointRates },
    { task: direct, rates: directRates },
    { task: equivalent, rates: equivalentRates },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate which goes first, so drift on a shared machine falls on all three.
    for (let i = 0; i < paths.length; i++) {
      const path = paths[(round + i) % paths.length];
      if (path) path.rates.push(await throughput(path.task));
    }
  }
  const endpoint = median(endpointRates);
  const baseline = median(directRates);
  const equivalentBaseline = median(equivalentRates);
  const list = (rates: number[]) => rates.map((r) => r.toFixed(0)).join(", ");
  console.log(
    `milestones first page of ${PAGE} (owner resolved per item), ${CONCURRENCY} in flight, ` +
      `${ROUNDS} alternating rounds of ${ROUND_MS} ms`,
  );
  console.log(`endpoint requests/s per round:     ${list(endpointRates)}`);
  console.log(`direct Query requests/s per round: ${list(directRates)}`);
  console.log(
    `equivalent direct calls (GetItem, Query, BatchGetItem) per round: ${list(equivalentRates)}`,
  );
  console.log(
    `median: endpoint ${endpoint.toFixed(0)}, direct ${baseline.toFixed(0)}, ratio ${(endpoint / baseline).toFixed(2)}; ` +
      `equivalent calls ${equivalentBaseline.toFixed(0)}, ratio ${(endpoint / equivalentBaseline).toFixed(2)}`,
  );
  printVerdict({
    bench: "appsync",
    metric: "milestones_requests_per_s",
    value: Number(endpoint.toFixed(1)),
    baseline: Number(baseline.toFixed(1)),
    ratio: endpoint / baseline,
    target: TARGET_RATIO,
    // The runtime's own overhead: endpoint ÷ the same three calls issued directly.
    equivalentBaseline: Number(equivalentBaseline.toFixed(1)),
    equivalentRatio: Number((endpoint / equivalentBaseline).toFixed(2)),
    concurrency: CONCURRENCY,
    rounds: ROUNDS,
  });
  await appsync.close();
} finally {
  await issuer.close();
  await dynamo.stop();
}
