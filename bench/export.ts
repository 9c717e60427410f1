/**
 * `npm run bench:export`: the milestones CSV export route (`GET /milestones/export`) against
 * paging the API directly, in the same run, on the same data:
 * - 10,000 milestones of one org (Acme) and 1,000 of another (Globex), written directly into
 *   DynamoDB Local with core's builders (as the API writes them), served by the local AppSync
 *   endpoint with the real authorizer;
 * - the route is served by `next start` of the dashboard's test build (.next-test, built
 *   first when stale), a child process: the route runs exactly as deployed (the session
 *   cookie, Next's request handling, the stream piped into the HTTP response), and its
 *   memory is the child's alone, unmixed with this process's data, the API endpoint or the
 *   benchmark's own buffers;
 * - rows/s of the route (the whole download read and its rows counted) vs rows/s of this
 *   process paging `milestones(limit: 100)` through the same endpoint with the same token
 *   and fields (the baseline: the least the export can cost); median of ROUNDS alternated
 *   rounds; ratio route ÷ direct, target ≥ 0.8;
 * - the route's peak RSS growth during one export of 1,000 and of 10,000 rows: the server's
 *   RSS (its process tree, /proc every 5 ms) above its RSS just before the request, after a
 *   warm-up export. Bounded memory shows as about the same growth for both sizes.
 * Figures are noisy on a shared machine (2 cores, other helpers' work): read them as orders.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { api } from "../api/resolvers";
import { membershipItem, userItem } from "../core/mirror";
import { REPO_ROOT } from "../infra/paths";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { freePort, startDynamoDbLocal } from "../local/dynamodb/launcher";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "../local/dynamodb/table";
import { DEMO } from "../local/issuer/seed";
import { stopGroup } from "../local/testing/dev-process";
import { startTestIssuer } from "../local/testing/issuer";
import { E2E_DIST_DIR, ensureTestBuild } from "../scripts/dashboard-build";
import { benchMilestone } from "./lib/fixtures";
import { median, printVerdict } from "./lib/figures";
import { rssKb, treeOf } from "./lib/rss";

const LARGE = Number(process.env.BENCH_LARGE ?? 10_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 0.8;
const TABLE = "bench-export";
const SESSION_SECRET = randomBytes(32).toString("base64url");

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const ADA = DEMO.users.acmeAdmin.id;
const GLOBEX_ADMIN = DEMO.users.globexAdmin.id;

/** The fields the dashboard's MILESTONES document asks for (app/lib/api/documents.ts). */
const PAGE_QUERY = `query ($next: String) {
  milestones(sort: UPDATED_AT, limit: 100, nextToken: $next) {
    items { id scope orgId ownerId owner { id name imageUrl } title description status dueDate createdAt updatedAt version }
    nextToken
  }
}`;

if (ensureTestBuild(REPO_ROOT, "bench:export") !== 0) process.exit(1);

const dynamo = await startDynamoDbLocal({ port: 0, heap: "1g" });
const issuer = await startTestIssuer({ seed: true, tokenLifetimeSeconds: 3600 });
let server: ChildProcess | undefined;
try {
  const client = createLocalClient(dynamo.endpoint);
  const doc = createLocalDocumentClient(dynamo.endpoint);
  await ensureTable(client, TABLE);
  const appsync = await startTestAppSync({ api, table: { client, tableName: TABLE }, issuer });

  /** Writes items 25 per BatchWriteItem, 8 batches in flight. */
  async function load(items: Record<string, unknown>[]) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < items.length) {
          const batch = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
          next += 25;
          let pending = batch;
          while (pending.length) {
            const out = await doc.send(
              new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }),
            );
            pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof batch;
          }
        }
      }),
    );
  }
  const seedStarted = performance.now();
  await load([
    membershipItem({ orgId: ACME, userId: ADA, role: "org:admin", updatedAt: 1 }),
    membershipItem({ orgId: GLOBEX, userId: GLOBEX_ADMIN, role: "org:admin", updatedAt: 1 }),
    ...[DEMO.users.acmeAdmin, DEMO.users.globexAdmin].map((user) =>
      userItem({
        id: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        imageUrl: null,
        updatedAt: 1,
      }),
    ),
    ...Array.from({ length: LARGE }, (_, n) => {
      const item = benchMilestone({ kind: "org", orgId: ACME }, ADA, n);
      // Every tenth title needs quoting or neutralising: the export's real work.
      return n % 10 === 0 ? { ...item, title: `=SUM(A${n}), "quoted"` } : item;
    }),
    ...Array.from({ length: SMALL }, (_, n) =>
      benchMilestone({ kind: "org", orgId: GLOBEX }, GLOBEX_ADMIN, n),
    ),
  ]);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const nextBin = join(
    dirname(createRequire(join(REPO_ROOT, "package.json")).resolve("next/package.json")),
    "dist",
    "bin",
    "next",
  );
  server = spawn(
    process.execPath,
    [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      cwd: REPO_ROOT,
      detached: true,
      stdio: "ignore",
      env: {
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        WAYPOINT_NEXT_DIST_DIR: E2E_DIST_DIR,
        WAYPOINT_AUTH_MODE: "local",
        WAYPOINT_ALLOW_LOCAL_AUTH: "1",
        WAYPOINT_SESSION_SECRET: SESSION_SECRET,
        WAYPOINT_API_URL: appsync.url,
        WAYPOINT_ISSUER_URL: issuer.url,
      },
    },
  );
  const pid = server.pid;
  if (pid === undefined) throw new Error("next start did not start");

  async function signIn(userId: string, orgId: string): Promise<string> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const response = await fetch(`${origin}/api/local/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/json", origin },
          body: JSON.stringify({ userId, orgId }),
          redirect: "manual",
        });
        const cookie = response.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
        if (cookie) return cookie;
        throw new Error(`sign-in answered ${response.status}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("sign-in")) throw error;
        if (Date.now() > deadline) throw new Error("next start: not serving in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  const cookies = {
    [LARGE]: await signIn(ADA, ACME),
    [SMALL]: await signIn(GLOBEX_ADMIN, GLOBEX),
  };
  const tokens = {
    [LARGE]: await mintToken(issuer.url, { userId: ADA, orgId: ACME }),
    [SMALL]: await mintToken(issuer.url, { userId: GLOBEX_ADMIN, orgId: GLOBEX }),
  };

  /** One export through the route: the whole body read, its rows counted. */
  async function viaRoute(size: number, onChunk?: () => void): Promise<number> {
    const response = await fetch(`${origin}/milestones/export`, {
      headers: { cookie: cookies[size] ?? "" },
      redirect: "manual",
    });
    if (response.status !== 200) throw new Error(`export answered ${response.status}`);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    let lineEnds = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk?.();
      // Records end with CRLF; quoted fields here hold no line breaks.
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lineEnds++;
    }
    return lineEnds - 1; // the header
  }

  /** The baseline: every page of the same list straight from the API. */
  async function direct(size: number): Promise<number> {
    let rows = 0;
    let next: string | null = null;
    do {
      const answer = await graphql(appsync.url, tokens[size], PAGE_QUERY, { next });
      const page = answer.body.data?.milestones as
        { items: unknown[]; nextToken: string | null } | undefined;
      if (!page) throw new Error(`direct: ${answer.text.slice(0, 200)}`);
      rows += page.items.length;
      next = page.nextToken;
    } while (next);
    return rows;
  }

  async function timed(task: () => Promise<number>, expected: number) {
    const started = performance.now();
    const rows = await task();
    const seconds = (performance.now() - started) / 1000;
    if (rows !== expected) throw new Error(`expected ${expected} rows, got ${rows}`);
    return rows / seconds;
  }

  // Warm-up: the route's modules loaded and JIT-compiled, the endpoint's caches filled.
  await timed(() => viaRoute(SMALL), SMALL);
  await timed(() => direct(SMALL), SMALL);

  const routeRates: number[] = [];
  const directRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternated, so drift of the machine hits both.
    if (round % 2 === 0) {
      routeRates.push(await timed(() => viaRoute(LARGE), LARGE));
      directRates.push(await timed(() => direct(LARGE), LARGE));
    } else {
      directRates.push(await timed(() => direct(LARGE), LARGE));
      routeRates.push(await timed(() => viaRoute(LARGE), LARGE));
    }
  }

  /** Peak RSS growth (kB) of the server during one export of `size` rows. */
  async function peakGrowth(size: number) {
    await new Promise((r) => setTimeout(r, 500)); // let the last request's garbage settle
    const pids = treeOf(pid as number);
    const before = rssKb(pids);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssKb(pids));
    }, 5);
    try {
      await viaRoute(size, () => {
        peak = Math.max(peak, rssKb(pids));
      });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssKb(pids));
    return { before, growth: peak - before, processes: pids.length };
  }
  const growthSmall = await peakGrowth(SMALL);
  const growthLarge = await peakGrowth(LARGE);

  const route = median(routeRates);
  const baseline = median(directRates);
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  console.log(
    `seeded ${LARGE.toLocaleString("en")} + ${SMALL.toLocaleString("en")} milestones in ${seedSeconds.toFixed(0)} s; ` +
      `${ROUNDS} rounds of ${LARGE.toLocaleString("en")} rows each`,
  );
  console.log(
    `rows/s: export route ${route.toFixed(0)} (${routeRates.map((r) => r.toFixed(0)).join(", ")}), ` +
      `API paged directly ${baseline.toFixed(0)} (${directRates.map((r) => r.toFixed(0)).join(", ")})`,
  );
  console.log(
    `route RSS growth (next start, ${growthLarge.processes} process(es)): ` +
      `${SMALL.toLocaleString("en")} rows +${mb(growthSmall.growth)} MB (from ${mb(growthSmall.before)} MB), ` +
      `${LARGE.toLocaleString("en")} rows +${mb(growthLarge.growth)} MB (from ${mb(growthLarge.before)} MB)`,
  );
  printVerdict({
    bench: "export",
    metric: "export_route_rows_per_s",
    value: Number(route.toFixed(0)),
    baseline: Number(baseline.toFixed(0)),
    ratio: route / baseline,
    target: TARGET_RATIO,
    rss_growth_mb_1000: Number(mb(growthSmall.growth)),
    rss_growth_mb_10000: Number(mb(growthLarge.growth)),
  });
  await appsync.close();
} finally {
  if (server) await stopGroup(server);
  await issuer.close();
  await dynamo.stop();
}
