/**
 * `npm run bench:soak`: load and soak of the local stack (issue 22's acceptance). For
 * SOAK_SECONDS (default 300; `npm run bench:soak -- 60` too) it runs at once:
 * - 50 concurrent GraphQL clients (SOAK_CLIENTS) against the local AppSync with real RS256
 *   tokens from the issuer, each in a loop of mixed queries (`milestones`, `milestone`, `me`)
 *   and mutations on milestones of its own (create, update with the expected version,
 *   delete), as an Acme admin or member, a Globex admin or member, or a personal user;
 * - 100 open `onMilestoneChanged` subscriptions (SOAK_SUBSCRIPTIONS: WebSocket connections
 *   through the real-time protocol, spread over Acme, Globex and the personal user);
 *   every change each of them should get is counted, and any change of another scope is an
 *   error (isolation under load);
 * - a few dashboard clients (SOAK_DASHBOARD_CLIENTS, default 5) signed in to `next start`,
 *   loading /milestones and the live-updates ticket route;
 * - halfway, a burst of 2,000 svix-signed webhook deliveries (SOAK_BURST) to the webhook
 *   receiver, signed with the stack's secret as Clerk would: users and memberships of a
 *   burst org created, updated and re-roled, in Clerk's shapes (the issuer's directory
 *   makes them); every one must be applied: its dedupe record says "applied" and the final
 *   users and memberships are the last events' (read back from DynamoDB Local by key).
 *
 * The stack, as `npm run dev` runs it but split so that RSS is per part: DynamoDB Local (a
 * JVM), the issuer, the webhook receiver (the webhook Lambda's handler, invalidating live
 * subscriptions through AppSync's IAM mode) and the live publisher (DynamoDB Local's stream
 * → publishMilestoneChange) in this process; the local AppSync runtime a child process
 * (bench/lib/soak-appsync.ts); the dashboard `next start` of the test build (.next-test,
 * built first when stale) another. RSS (VmRSS from /proc, the dashboard's whole process
 * tree) is sampled every second; "start" is the first sample after the warm-up
 * (SOAK_WARMUP_SECONDS, default 10 % of the run), then the peak and the end.
 *
 * RSS is not what a process holds: V8 grows its heap's committed size towards its limit and
 * collects fully only when it must, so a healthy `next start` shows RSS rising for minutes
 * (402 → 642 MB in 5 minutes, three runs) while what it holds stays put. So the live heap is
 * sampled too: both children are started with a bench-only probe (bench/lib/heap-probe.mjs,
 * in `NODE_OPTIONS` / the node arguments of this bench only, never in the app) that forces
 * a full GC and answers the heap used after it, every SOAK_HEAP_EVERY_SECONDS (default 60:
 * each forced GC also compacts the heap and so lowers RSS; rarely, so RSS stays V8's own).
 * SOAK_DASHBOARD_NODE_OPTIONS adds Node options to the dashboard only (e.g.
 * `--max-old-space-size=192` to check that its RSS is heap sizing: it stays bounded, no
 * OOM); SOAK_HEAP_SNAPSHOTS=1 writes a dashboard heap snapshot at the first and the last
 * sample (kept in the probe's temp folder, printed; writing one itself inflates RSS).
 *
 * The verdict: 0 errors, every delivery applied and every subscription delivery received
 * (else the exit status is 1); its last line's ratio is the live heap at the end over the
 * live heap after the warm-up, of the part (AppSync runtime or dashboard) where it is the
 * larger (flat ≈ 1; target ≤ 1.25, ours); RSS start/peak/end of both parts are reported
 * beside it. Figures are noisy on the shared 2-core machine: the load generator, the stack
 * and other work share it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { WebSocket } from "ws";
import { keys } from "../core/table";
import { createIamGraphQLClient } from "../lambdas/appsync-iam/client";
import { subscriptionInvalidator } from "../lambdas/live/invalidate";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import { REPO_ROOT } from "../infra/paths";
import { startDashboard, type Dashboard } from "../local/dashboard";
import { freePort, startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, ensureTable } from "../local/dynamodb/table";
import { startFunctionUrlServer } from "../local/function-url";
import { Directory } from "../local/issuer/directory";
import { DEMO, seedDemo } from "../local/issuer/seed";
import { startLocalLivePublisher } from "../local/streams/live";
import { stopGroup } from "../local/testing/dev-process";
import { startTestIssuer } from "../local/testing/issuer";
import { clerkBody, svixHeaders } from "../local/testing/webhooks";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import { E2E_DIST_DIR, ensureTestBuild } from "../scripts/dashboard-build";
import { median, printVerdict } from "./lib/figures";
import { liveHeap } from "./lib/live-heap";
import { rssKb, treeOf } from "./lib/rss";

const argSeconds = Number(process.argv[2]);
const SECONDS =
  Number.isFinite(argSeconds) && argSeconds > 0
    ? argSeconds
    : Number(process.env.SOAK_SECONDS ?? 300);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.max(5, SECONDS * 0.1));
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 50);
const SUBSCRIPTIONS = Number(process.env.SOAK_SUBSCRIPTIONS ?? 100);
const DASHBOARD_CLIENTS = Number(process.env.SOAK_DASHBOARD_CLIENTS ?? 5);
const BURST = Number(process.env.SOAK_BURST ?? 2000);
const BURST_IN_FLIGHT = 16;
/**
 * After the load stops, the subscription deliveries still on their way are waited for as
 * long as they keep coming (no new one for DRAIN_IDLE_MS ends the wait), at most
 * SOAK_DRAIN_SECONDS: a backlog shows as drain time and latency, a loss as missing ones.
 */
const DRAIN_IDLE_MS = 20_000;
const DRAIN_MAX_MS = Number(process.env.SOAK_DRAIN_SECONDS ?? 600) * 1000;
/** The share of a client's operations that are mutations (about; the rest are queries). */
const WRITE_SHARE = Number(process.env.SOAK_WRITE_SHARE ?? 0.4);
const TARGET_HEAP_RATIO = 1.25;
const TABLE = "bench-soak";
const SECRET = "whsec_YmVuY2gtc29hay13ZWJob29rLXNlY3JldC0wMTIzNDU2Nzg5";
const INTERNAL = { accessKeyId: "BENCHSOAKINTERNAL01", secretAccessKey: "bench-soak-internal" };
const BURST_ORG = "org_soak_burst";
/**
 * The live heap (after a forced full GC, bench/lib/heap-probe.mjs) is sampled this often:
 * each sample pauses the process for its collection and compacts its heap, which also
 * lowers its RSS, so rarely (about 6 in a 5-minute run) to leave RSS mostly V8's own doing.
 */
const HEAP_EVERY_SECONDS = Number(process.env.SOAK_HEAP_EVERY_SECONDS ?? 60);
/** Extra Node options for the dashboard's process only (e.g. `--max-old-space-size=192`). */
const DASHBOARD_NODE_OPTIONS = process.env.SOAK_DASHBOARD_NODE_OPTIONS ?? "";
/** Where the heap probes say their ports (and write snapshots, SOAK_HEAP_SNAPSHOTS=1). */
const HEAP_DIR = mkdtempSync(join(tmpdir(), "waypoint-soak-heap-"));
const HEAP_SNAPSHOTS = process.env.SOAK_HEAP_SNAPSHOTS === "1";
const HEAP_PROBE = `--import=${pathToFileURL(join(REPO_ROOT, "bench/lib/heap-probe.mjs")).href}`;

const SUBSCRIBE = `subscription { onMilestoneChanged { kind milestoneId actorId milestone { version } } }`;
const MILESTONES = `query { milestones(limit: 20) { items { id title status version } nextToken } }`;
const MILESTONE = `query ($id: ID!) { milestone(id: $id) { id version } }`;
const ME = `query { me { userId orgId role } }`;
const CREATE = `mutation ($t: String!) { createMilestone(input: { title: $t }) { id version } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $s: MilestoneStatus!) {
  updateMilestone(id: $id, expectedVersion: $v, input: { status: $s }) { id version } }`;
const DELETE = `mutation ($id: ID!, $v: Int!) { deleteMilestone(id: $id, expectedVersion: $v) { id } }`;

interface Identity {
  name: string;
  userId: string;
  orgId: string | null;
}
const A = DEMO.orgs.acme.id;
const G = DEMO.orgs.globex.id;
const IDENTITIES: Identity[] = [
  { name: "acme admin", userId: DEMO.users.acmeAdmin.id, orgId: A },
  { name: "acme member", userId: DEMO.users.acmeMember1.id, orgId: A },
  { name: "acme member 2", userId: DEMO.users.acmeMember2.id, orgId: A },
  { name: "globex admin", userId: DEMO.users.globexAdmin.id, orgId: G },
  { name: "globex member", userId: DEMO.users.globexMember.id, orgId: G },
  { name: "personal", userId: DEMO.users.acmeAdmin.id, orgId: null },
];
/** The scope a change belongs to, as the subscription's filter sees it. */
const scopeOf = (who: Identity) => (who.orgId ? `ORG#${who.orgId}` : `USER#${who.userId}`);
/** Subscribers: Acme's member and admin, Globex's member, the personal user (4 : 3 : 2 : 1). */
const SUBSCRIBERS = [1, 1, 0, 0, 4, 4, 4, 5].map((i) => IDENTITIES[i] as Identity);

/** An item's primary key alone (the builders also give its index attributes). */
const keyOf = ({ PK, SK }: { PK: string; SK: string }) => ({ PK, SK });

const errors: string[] = [];
function fail(what: string) {
  errors.push(what);
  if (errors.length <= 10) console.log(`error: ${what}`);
}

// ---- the stack ---------------------------------------------------------------------------

if (ensureTestBuild(REPO_ROOT, "bench:soak") !== 0) process.exit(1);
// startDashboard serves the build from here (next.config.mjs reads the same variable).
process.env.WAYPOINT_NEXT_DIST_DIR = E2E_DIST_DIR;

const dashboardPort = await freePort();
const dashboardOrigin = `http://127.0.0.1:${dashboardPort}`;
const dynamo = await startDynamoDbLocal({ port: 0, heap: "1g" });
let appsyncChild: ChildProcess | undefined;
let dashboard: Dashboard | undefined;
const stops: (() => Promise<unknown>)[] = [];
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createDocumentClient(dynamo.endpoint);
  await ensureTable(client, TABLE);

  // The AppSync runtime first: the receiver's invalidation and the publisher call it.
  const receiverPort = await freePort();
  const issuer = await startTestIssuer({
    webhookUrl: `http://127.0.0.1:${receiverPort}/webhooks/clerk`,
    webhookSecret: SECRET,
    authorizedParty: dashboardOrigin,
    tokenLifetimeSeconds: 3600,
  });
  stops.push(() => issuer.close());
  appsyncChild = spawn(
    process.execPath,
    [HEAP_PROBE, "--import", "tsx", "bench/lib/soak-appsync.ts"],
    {
      cwd: REPO_ROOT,
      // Its own process group: stopGroup ends it whole.
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        SOAK_APPSYNC: JSON.stringify({
          dynamoEndpoint: dynamo.endpoint,
          tableName: TABLE,
          issuerUrl: issuer.url,
          jwksUrl: issuer.jwksUrl,
          authorizedParty: dashboardOrigin,
          iam: INTERNAL,
        }),
        SOAK_HEAP_DIR: HEAP_DIR,
      },
    },
  );
  const appsyncPid = appsyncChild.pid ?? -1;
  const appsync = await new Promise<{ url: string; realtimeUrl: string }>((resolve, reject) => {
    const lines = createInterface({ input: appsyncChild!.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line) as { url: string; realtimeUrl: string }));
    appsyncChild!.once("exit", (code) => reject(new Error(`the AppSync child exited (${code})`)));
  });
  const iamClient = createIamGraphQLClient({
    url: appsync.url,
    region: "local",
    credentials: INTERNAL,
  });
  const invalidate = subscriptionInvalidator(iamClient);
  const invalidations = { calls: 0 };
  const webhookHandler = createWebhookHandler({
    signingSecret: SECRET,
    store: createMirrorStore(doc, TABLE),
    log: () => {},
    // Counted: each burst role change must reach AppSync's invalidation (the handler only
    // logs a failed call, so a failure would not show in the delivery's answer).
    invalidateSubscriptions: async (target) => {
      invalidations.calls += 1;
      try {
        await invalidate(target);
      } catch (error) {
        fail(`invalidateSubscriptions: ${error instanceof Error ? error.message : "failed"}`);
        throw error;
      }
    },
  });
  const receiver = await startFunctionUrlServer({
    port: receiverPort,
    path: "/webhooks/clerk",
    handler: webhookHandler,
  });
  stops.push(() => receiver.close());
  const publisher = await startLocalLivePublisher({
    endpoint: dynamo.endpoint,
    tableName: TABLE,
    appsyncUrl: appsync.url,
    credentials: INTERNAL,
  });
  stops.push(() => publisher.stop());

  // The demo tenants, through the issuer's own svix-signed webhooks; mirrored before the load.
  seedDemo(issuer.directory);
  for (const who of IDENTITIES.filter((i) => i.orgId)) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const got = await doc.send(
        new GetCommand({
          TableName: TABLE,
          Key: keyOf(keys.membership(who.orgId as string, who.userId)),
        }),
      );
      if (got.Item) break;
      if (Date.now() > deadline) throw new Error(`${who.name}: membership not mirrored`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  dashboard = await startDashboard({
    mode: "start",
    port: dashboardPort,
    cwd: REPO_ROOT,
    env: {
      WAYPOINT_API_URL: appsync.url,
      WAYPOINT_ISSUER_URL: issuer.url,
      // The bench's heap probe (bench-only, see bench/lib/heap-probe.mjs) in every process
      // of Next's tree, plus any options asked for.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, HEAP_PROBE, DASHBOARD_NODE_OPTIONS]
        .filter(Boolean)
        .join(" "),
      SOAK_HEAP_DIR: HEAP_DIR,
    },
  });
  await dashboard.ready;
  const dashboardPid = dashboard.pid;

  const tokens = new Map<Identity, string>();
  for (const who of IDENTITIES)
    tokens.set(
      who,
      await mintToken(
        issuer.url,
        who.orgId ? { userId: who.userId, orgId: who.orgId } : { userId: who.userId },
      ),
    );
  const tokenOf = (who: Identity) => tokens.get(who) as string;

  // ---- subscriptions ---------------------------------------------------------------------

  /** Per scope, every change made (key: kind:id[:version]) since the subscriptions opened. */
  const made = new Map<string, Set<string>>();
  const changeKey = (kind: string, id: string, version?: number | null) =>
    kind === "UPDATED" ? `${kind}:${id}:${version}` : `${kind}:${id}`;
  /** When each change's mutation answered (the delivery latency's start). */
  const madeAt = new Map<string, number>();
  let receivedTotal = 0;
  const record = (who: Identity, key: string) => {
    const scope = scopeOf(who);
    let set = made.get(scope);
    if (!set) made.set(scope, (set = new Set()));
    set.add(key);
    madeAt.set(key, performance.now());
  };
  interface Subscriber {
    who: Identity;
    /** Each change received (first time), with when. */
    received: Map<string, number>;
    duplicates: number;
    socket: WebSocket;
  }
  const subscribers: Subscriber[] = [];
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
  async function subscribe(who: Identity): Promise<Subscriber> {
    const host = new URL(appsync.realtimeUrl).host;
    const token = tokenOf(who);
    const socket = new WebSocket(
      `${appsync.realtimeUrl}?header=${encodeURIComponent(b64({ host, Authorization: token }))}&payload=${encodeURIComponent(b64({}))}`,
      ["graphql-ws"],
    );
    const sub: Subscriber = { who, received: new Map(), duplicates: 0, socket };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("subscription: no start_ack")), 30_000);
      socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init" })));
      socket.on("error", reject);
      socket.on("message", (data: Buffer) => {
        const message = JSON.parse(data.toString("utf8")) as {
          type: string;
          payload?: {
            data?: {
              onMilestoneChanged?: {
                kind: string;
                milestoneId: string;
                milestone: { version: number } | null;
              };
            };
          };
        };
        if (message.type === "connection_ack") {
          socket.send(
            JSON.stringify({
              id: "soak",
              type: "start",
              payload: {
                data: JSON.stringify({ query: SUBSCRIBE, variables: {} }),
                extensions: { authorization: { host, Authorization: token } },
              },
            }),
          );
        } else if (message.type === "start_ack") {
          clearTimeout(timer);
          resolve();
        } else if (message.type === "data") {
          const change = message.payload?.data?.onMilestoneChanged;
          if (!change) return fail(`${who.name} subscriber: data without a change`);
          const key = changeKey(change.kind, change.milestoneId, change.milestone?.version);
          if (sub.received.has(key)) sub.duplicates += 1;
          else {
            sub.received.set(key, performance.now());
            receivedTotal += 1;
          }
        } else if (message.type !== "ka") {
          fail(`${who.name} subscriber: ${message.type} ${JSON.stringify(message.payload ?? {})}`);
        }
      });
      socket.on("close", () => {
        if (!stopping) fail(`${who.name} subscriber: socket closed during the soak`);
      });
    });
    return sub;
  }
  let stopping = false;
  for (let i = 0; i < SUBSCRIPTIONS; i++)
    subscribers.push(await subscribe(SUBSCRIBERS[i % SUBSCRIBERS.length] as Identity));

  // ---- RSS sampling ------------------------------------------------------------------------

  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  interface Samples {
    start: number;
    peak: number;
    end: number;
    all: number[];
  }
  const rss = {
    appsync: { start: 0, peak: 0, end: 0, all: [] } as Samples,
    dashboard: { start: 0, peak: 0, end: 0, all: [] } as Samples,
  };
  const sample = () => {
    const afterWarmup = elapsed() >= WARMUP_SECONDS;
    for (const [name, pids] of [
      ["appsync", [appsyncPid]],
      ["dashboard", treeOf(dashboardPid)],
    ] as const) {
      const kb = rssKb([...pids]);
      const s = rss[name];
      if (!afterWarmup) continue;
      if (s.all.length === 0) s.start = kb;
      s.all.push(kb);
      s.peak = Math.max(s.peak, kb);
      s.end = kb;
    }
  };
  const sampler = setInterval(sample, 1000);
  const deadline = started + SECONDS * 1000;

  // The live heap after a forced full GC (MB), every HEAP_EVERY_SECONDS after the warm-up
  // while the load runs: "end" is the last sample during the load, "after" one once it
  // stopped (no request in flight). RSS alone cannot say "flat": V8 grows its heap towards
  // its limit before it collects hard, so RSS can climb while the live heap stays put.
  interface HeapSamples {
    start: number;
    peak: number;
    end: number;
    after: number;
    external: number;
    /** The heap V8 holds (used or not) at the last sample, after its collection. */
    total: number;
    processes: number;
    all: number[];
  }
  const newHeapSamples = (): HeapSamples => ({
    start: 0,
    peak: 0,
    end: 0,
    after: 0,
    external: 0,
    total: 0,
    processes: 0,
    all: [],
  });
  const heap = { appsync: newHeapSamples(), dashboard: newHeapSamples() };
  const snapshots: string[] = [];
  const heapOf = async (name: keyof typeof heap, snapshot = false) => {
    const heapPids = name === "appsync" ? [appsyncPid] : treeOf(dashboardPid);
    const got = await liveHeap(HEAP_DIR, heapPids, snapshot).catch((error: unknown) => {
      fail(`heap probe ${name}: ${error instanceof Error ? error.message : "failed"}`);
      return null;
    });
    if (got) snapshots.push(...got.snapshots);
    return got;
  };
  let loadDone = false;
  const heapSampling = (async () => {
    await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
    let first = true;
    while (!loadDone) {
      for (const name of ["appsync", "dashboard"] as const) {
        const got = await heapOf(name, HEAP_SNAPSHOTS && name === "dashboard" && first);
        if (!got || loadDone) continue;
        const mbUsed = got.heapUsed / 2 ** 20;
        const s = heap[name];
        if (s.all.length === 0) s.start = mbUsed;
        s.all.push(mbUsed);
        s.peak = Math.max(s.peak, mbUsed);
        s.end = mbUsed;
        s.external = got.external / 2 ** 20;
        s.total = got.heapTotal / 2 ** 20;
        s.processes = got.processes;
      }
      first = false;
      // The last sample about a second before the load ends; then only the load's end.
      const left = deadline - performance.now() - 1000;
      if (left <= 0) break;
      await new Promise((r) => setTimeout(r, Math.min(HEAP_EVERY_SECONDS * 1000, left)));
    }
  })();

  // ---- GraphQL clients -----------------------------------------------------------------------

  const counts = { queries: 0, mutations: 0, dashboard: 0 };
  const latencies: number[] = [];
  async function timed(who: Identity, query: string, variables: Record<string, unknown>) {
    const sent = performance.now();
    const answer = await graphql(appsync.url, tokenOf(who), query, variables).catch(
      (error: unknown): GraphQLAnswer => ({
        status: 0,
        text: String(error),
        body: { errors: [{ message: "no answer" }] },
      }),
    );
    latencies.push(performance.now() - sent);
    if (answer.status !== 200 || answer.body.errors?.length) {
      fail(`${who.name}: ${answer.status} ${answer.text.slice(0, 200)}`);
      return null;
    }
    return answer.body.data ?? null;
  }
  async function graphqlClient(index: number) {
    const who = IDENTITIES[index % IDENTITIES.length] as Identity;
    const mine: { id: string; version: number }[] = [];
    let n = 0;
    while (performance.now() < deadline) {
      n += 1;
      const roll = Math.random();
      const read = (1 - WRITE_SHARE) / 6;
      if (roll < 4 * read) {
        counts.queries += 1;
        await timed(who, MILESTONES, {});
      } else if (roll < 5 * read) {
        counts.queries += 1;
        await timed(who, ME, {});
      } else if (roll < 6 * read && mine.length) {
        counts.queries += 1;
        await timed(who, MILESTONE, { id: mine[0]?.id });
      } else {
        counts.mutations += 1;
        const pick = mine.length ? Math.floor(Math.random() * mine.length) : -1;
        const target = mine[pick];
        if (!target || (mine.length < 3 && Math.random() < 0.5)) {
          const data = (await timed(who, CREATE, { t: `soak ${index} ${n}` })) as {
            createMilestone?: { id: string; version: number };
          } | null;
          const created = data?.createMilestone;
          if (created) {
            mine.push({ id: created.id, version: created.version });
            record(who, changeKey("CREATED", created.id));
          }
        } else if (Math.random() < 0.7) {
          const status = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"][n % 4];
          const data = (await timed(who, UPDATE, {
            id: target.id,
            v: target.version,
            s: status,
          })) as {
            updateMilestone?: { version: number };
          } | null;
          const version = data?.updateMilestone?.version;
          if (version) {
            target.version = version;
            record(who, changeKey("UPDATED", target.id, version));
          }
        } else {
          const data = await timed(who, DELETE, { id: target.id, v: target.version });
          mine.splice(pick, 1);
          if (data) record(who, changeKey("DELETED", target.id));
        }
      }
    }
  }

  // ---- dashboard clients -------------------------------------------------------------------

  async function signIn(who: Identity): Promise<string> {
    const response = await fetch(`${dashboardOrigin}/api/local/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dashboardOrigin },
      body: JSON.stringify({ userId: who.userId, orgId: who.orgId ?? "personal" }),
      redirect: "manual",
    });
    if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  }
  async function dashboardClient(index: number) {
    const who = IDENTITIES[index % IDENTITIES.length] as Identity;
    const cookie = await signIn(who);
    let n = 0;
    while (performance.now() < deadline) {
      n += 1;
      const path = n % 3 === 0 ? "/api/live/token" : "/milestones";
      counts.dashboard += 1;
      const response = await fetch(`${dashboardOrigin}${path}`, {
        headers: {
          cookie,
          ...(path.startsWith("/api") ? { "sec-fetch-site": "same-origin" } : {}),
        },
        redirect: "manual",
      }).catch((error: unknown) => ({ status: 0, text: () => Promise.resolve(String(error)) }));
      const text = await response.text();
      if (response.status !== 200)
        fail(`dashboard ${path} as ${who.name}: ${response.status} ${text.slice(0, 200)}`);
    }
  }

  // ---- the webhook burst -----------------------------------------------------------------------

  const burst = {
    sent: 0,
    ok: 0,
    applied: 0,
    seconds: 0,
    events: [] as { svixId: string; type: string }[],
  };
  async function webhookBurst() {
    const began = performance.now();
    // The issuer's directory makes Clerk's shapes; its events are delivered by this burst
    // only (the emitter collects them; nothing is sent through the issuer's queue).
    let pending: { type: string; body: string }[] = [];
    const directory = new Directory(
      (type, data) => pending.push({ type, body: clerkBody(type, data) }),
      (id) => `https://img.test/${id}.png`,
    );
    const users = Math.floor((BURST - 1) / 5) + 1;
    const ids = Array.from({ length: users }, (_, i) => `user_soak_${i}`);
    async function deliverPending() {
      const batch = pending;
      pending = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: BURST_IN_FLIGHT }, async () => {
          while (next < batch.length) {
            const event = batch[next++] as { type: string; body: string };
            const svixId = `msg_soak_${randomUUID().replace(/-/g, "")}`;
            burst.sent += 1;
            burst.events.push({ svixId, type: event.type });
            const response = await fetch(receiver.url, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                ...svixHeaders(SECRET, svixId, event.body),
              },
              body: event.body,
            }).catch((error: unknown) => ({ status: 0, statusText: String(error) }));
            if (response.status === 200) burst.ok += 1;
            else fail(`webhook ${event.type}: ${response.status}`);
          }
        }),
      );
    }
    // Each phase touches every object at most once, so no delivery can be stale against
    // another in flight; the phases run one after another (Clerk's order).
    const remaining = () => BURST - burst.sent - pending.length;
    directory.createOrg({ id: BURST_ORG, name: "Soak burst", slug: "soak-burst" });
    for (const id of ids.slice(0, remaining()))
      directory.createUser({ id, firstName: "Burst", lastName: "Zero", email: `${id}@soak.test` });
    await deliverPending();
    for (const id of ids.slice(0, remaining()))
      directory.createMembership({ orgId: BURST_ORG, userId: id, role: "org:member" });
    await deliverPending();
    for (const id of ids.slice(0, remaining())) directory.updateUser(id, { lastName: "One" });
    await deliverPending();
    // Role changes: each one also ends that member's live subscriptions (IAM call to AppSync).
    for (const id of ids.slice(0, remaining()))
      directory.updateMembership(BURST_ORG, id, { role: "org:admin" });
    await deliverPending();
    for (const id of ids.slice(0, remaining())) directory.updateUser(id, { lastName: "Two" });
    await deliverPending();
    burst.seconds = (performance.now() - began) / 1000;
    return { directory, ids };
  }

  // ---- run -----------------------------------------------------------------------------------

  console.log(
    `soak: ${SECONDS} s, ${CLIENTS} GraphQL clients, ${subscribers.length} subscriptions open, ` +
      `${DASHBOARD_CLIENTS} dashboard clients, a burst of ${BURST} webhook deliveries at ${Math.round(SECONDS / 2)} s; ` +
      `RSS from ${WARMUP_SECONDS.toFixed(0)} s`,
  );
  const burstDone = new Promise<Awaited<ReturnType<typeof webhookBurst>>>((resolve, reject) =>
    setTimeout(() => void webhookBurst().then(resolve, reject), (SECONDS * 1000) / 2),
  );
  await Promise.all([
    ...Array.from({ length: CLIENTS }, (_, i) => graphqlClient(i)),
    ...Array.from({ length: DASHBOARD_CLIENTS }, (_, i) => dashboardClient(i)),
    burstDone,
  ]);
  const loadSeconds = elapsed();
  sample();
  clearInterval(sampler);
  loadDone = true;
  await heapSampling;
  for (const name of ["appsync", "dashboard"] as const) {
    const got = await heapOf(name, HEAP_SNAPSHOTS && name === "dashboard");
    if (got) heap[name].after = got.heapUsed / 2 ** 20;
  }
  const { directory, ids } = await burstDone;

  // Every delivery applied: its dedupe record says so, and the mirror holds the last state.
  for (const event of burst.events) {
    const got = await doc.send(
      new GetCommand({ TableName: TABLE, Key: { PK: `WEBHOOK#${event.svixId}`, SK: "EVENT" } }),
    );
    if (got.Item?.outcome === "applied") burst.applied += 1;
    else fail(`webhook ${event.type} ${event.svixId}: ${String(got.Item?.outcome ?? "no record")}`);
  }
  let mirrorMismatches = 0;
  for (const id of ids) {
    const user = directory.getUser(id);
    const membership = directory.getMembership(BURST_ORG, id);
    const [u, m] = await Promise.all([
      doc.send(new GetCommand({ TableName: TABLE, Key: keyOf(keys.user(id)) })),
      membership
        ? doc.send(new GetCommand({ TableName: TABLE, Key: keyOf(keys.membership(BURST_ORG, id)) }))
        : Promise.resolve({ Item: undefined }),
    ]);
    if (u.Item?.lastName !== user?.lastName || (membership && m.Item?.role !== membership.role))
      mirrorMismatches += 1;
  }
  if (mirrorMismatches) fail(`${mirrorMismatches} burst users or memberships differ in the mirror`);

  // The last deliveries: wait until every subscriber has every change of its scope.
  const expectedOf = (s: Subscriber) => made.get(scopeOf(s.who)) ?? new Set<string>();
  const missing = () =>
    subscribers.reduce((sum, s) => {
      let count = 0;
      for (const key of expectedOf(s)) if (!s.received.has(key)) count += 1;
      return sum + count;
    }, 0);
  const receivedDuringLoad = receivedTotal;
  const drainStarted = Date.now();
  let lastCount = receivedTotal;
  let lastProgress = Date.now();
  while (missing() > 0 && Date.now() - drainStarted < DRAIN_MAX_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    if (receivedTotal !== lastCount) [lastCount, lastProgress] = [receivedTotal, Date.now()];
    else if (Date.now() - lastProgress > DRAIN_IDLE_MS) break;
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  stopping = true;
  let expected = 0;
  let received = 0;
  let foreign = 0;
  const deliveryLatencies: number[] = [];
  let duplicates = 0;
  for (const s of subscribers) {
    const want = expectedOf(s);
    expected += want.size;
    duplicates += s.duplicates;
    for (const [key, at] of s.received) {
      if (!want.has(key)) {
        foreign += 1;
        continue;
      }
      received += 1;
      deliveryLatencies.push(Math.max(0, at - (madeAt.get(key) ?? at)));
    }
    s.socket.close();
  }
  if (foreign) fail(`${foreign} subscription deliveries outside the subscriber's scope`);
  if (received !== expected) fail(`subscriptions: ${received} of ${expected} deliveries received`);

  // ---- report ----------------------------------------------------------------------------------

  const mb = (kb: number) => Number((kb / 1024).toFixed(1));
  const requests = counts.queries + counts.mutations;
  const p = (q: number, values = latencies) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  };
  console.log(
    `load: ${loadSeconds.toFixed(0)} s; GraphQL ${requests} requests (${counts.queries} queries, ` +
      `${counts.mutations} mutations), ${(requests / loadSeconds).toFixed(1)} req/s, ` +
      `latency p50 ${median(latencies).toFixed(0)} ms p95 ${p(0.95).toFixed(0)} ms; ` +
      `dashboard ${counts.dashboard} requests`,
  );
  console.log(
    `webhooks: ${burst.sent} deliveries in ${burst.seconds.toFixed(1)} s, ${burst.ok} answered 200, ` +
      `${burst.applied} applied (dedupe record), mirror mismatches ${mirrorMismatches}; ` +
      `${invalidations.calls} invalidateMemberSubscriptions calls (role changes)`,
  );
  console.log(
    `subscriptions: ${subscribers.length} open; deliveries received ${received} of ${expected} expected ` +
      `(${duplicates} repeats, ${foreign} outside the scope); ${receivedDuringLoad} during the load, ` +
      `the rest in ${drainSeconds.toFixed(0)} s after it; delivery after the mutation's response ` +
      `p50 ${(median(deliveryLatencies) / 1000).toFixed(1)} s, p95 ${(p(0.95, deliveryLatencies) / 1000).toFixed(1)} s, ` +
      `max ${(p(1, deliveryLatencies) / 1000).toFixed(1)} s`,
  );
  for (const [name, s] of Object.entries(rss))
    console.log(
      `RSS ${name === "appsync" ? "local AppSync runtime" : "dashboard (next start)"}: ` +
        `after warm-up ${mb(s.start)} MB, peak ${mb(s.peak)} MB, end ${mb(s.end)} MB ` +
        `(${s.all.length} samples, 1/s)`,
    );
  for (const [name, s] of Object.entries(heap))
    console.log(
      `live heap ${name === "appsync" ? "local AppSync runtime" : "dashboard (next start)"} ` +
        `(heap used after a forced full GC): after warm-up ${s.start.toFixed(1)} MB, ` +
        `peak ${s.peak.toFixed(1)} MB, end ${s.end.toFixed(1)} MB, after the load ${s.after.toFixed(1)} MB ` +
        `(${s.all.length} samples, 1/${HEAP_EVERY_SECONDS} s, ${s.processes} process(es); at the end ` +
        `heap total ${s.total.toFixed(1)} MB, external ${s.external.toFixed(1)} MB)`,
    );
  if (snapshots.length) console.log(`heap snapshots: ${snapshots.join(", ")}`);
  // Errors by kind: what failed and its status, without the bodies.
  const kinds = new Map<string, number>();
  for (const error of errors) {
    const kind = error.replace(/^(\S+(?: \S+)*?: \d{3}).*$/s, "$1").slice(0, 80);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  console.log(
    `errors: ${errors.length}${errors.length ? ` (${[...kinds].map(([k, n]) => `${n} × ${k}`).join("; ")})` : ""}`,
  );
  // Flat is judged on the live heap, the part whose ratio is the worse one: RSS follows how
  // much heap V8 keeps committed, not what the process holds (see the header).
  const heapRatio = (s: HeapSamples) => (s.start ? s.end / s.start : 0);
  const worst = heapRatio(heap.dashboard) >= heapRatio(heap.appsync) ? "dashboard" : "appsync";
  printVerdict({
    bench: "soak",
    metric: "live_heap_mb_end",
    value: Number(heap[worst].end.toFixed(1)),
    baseline: Number(heap[worst].start.toFixed(1)),
    ratio: heapRatio(heap[worst]),
    target: TARGET_HEAP_RATIO,
    part: worst,
    seconds: Number(loadSeconds.toFixed(0)),
    requests,
    dashboard_requests: counts.dashboard,
    errors: errors.length,
    webhook_deliveries: burst.sent,
    webhook_applied: burst.applied,
    subscription_deliveries_expected: expected,
    subscription_deliveries_received: received,
    subscription_delivery_p50_ms: Math.round(median(deliveryLatencies)),
    subscription_delivery_p95_ms: Math.round(p(0.95, deliveryLatencies)),
    drain_seconds: Number(drainSeconds.toFixed(0)),
    appsync_rss_mb_start: mb(rss.appsync.start),
    appsync_rss_mb_peak: mb(rss.appsync.peak),
    appsync_rss_mb_end: mb(rss.appsync.end),
    dashboard_rss_mb_start: mb(rss.dashboard.start),
    dashboard_rss_mb_peak: mb(rss.dashboard.peak),
    dashboard_rss_mb_end: mb(rss.dashboard.end),
    appsync_heap_mb_start: Number(heap.appsync.start.toFixed(1)),
    appsync_heap_mb_peak: Number(heap.appsync.peak.toFixed(1)),
    appsync_heap_mb_end: Number(heap.appsync.end.toFixed(1)),
    dashboard_heap_mb_start: Number(heap.dashboard.start.toFixed(1)),
    dashboard_heap_mb_peak: Number(heap.dashboard.peak.toFixed(1)),
    dashboard_heap_mb_end: Number(heap.dashboard.end.toFixed(1)),
  });
  process.exitCode = errors.length ? 1 : 0;
} finally {
  await dashboard?.stop().catch(() => {});
  if (appsyncChild) await stopGroup(appsyncChild).catch(() => {});
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await dynamo.stop();
  // The probes' port files; snapshots, when asked for, stay for reading.
  if (!HEAP_SNAPSHOTS) rmSync(HEAP_DIR, { recursive: true, force: true });
}
