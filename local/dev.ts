/**
 * `npm run dev`: the whole local stack in one command, on loopback, with no account
 * anywhere. Starts DynamoDB Local (creating the table from core's definition), the webhook
 * receiver (the webhook Lambda's handler behind a Function URL stand-in) and the local
 * Clerk-compatible issuer (which seeds the demo tenants through those webhooks), the cleanup
 * Lambda's handler fed by DynamoDB Local's stream (erasure after a deletion), then the
 * local AppSync on both (when an API definition exists), then the Next.js dashboard told
 * their actual URLs, prints each URL, and stops everything on Ctrl-C (SIGINT) or SIGTERM,
 * waiting for the JVM and Next's process group. With the demo tenants and the API up, it adds
 * their demo milestones through the API (local/demo-milestones.ts; WAYPOINT_DEMO_MILESTONES,
 * which the test stacks turn off), while the dashboard starts, and says so in one line.
 *
 * Flags: `--persist` keeps data under WAYPOINT_DATA_DIR (same as WAYPOINT_PERSIST=1);
 * `--dashboard=start` serves a prior `npm run build` with `next start` instead of `next dev`
 * and `--no-dashboard` leaves the dashboard out (WAYPOINT_DASHBOARD=dev|start|off).
 *
 * Runs as `node --import tsx local/dev.ts`, not under the `tsx` CLI: that wrapper relays a
 * signal and SIGKILLs its child if the child has not acknowledged it within ~60 ms, which on
 * a busy machine killed this process before it could stop the JVM (an orphan `java`).
 */
// First: on an unsupported Node.js, a clear message before anything else loads.
import "./require-node";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createHandler } from "../lambdas/authorizer/authorizer";
import { createIamGraphQLClient } from "../lambdas/appsync-iam/client";
import { subscriptionInvalidator } from "../lambdas/live/invalidate";
import { createWebhookHandler, type WebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import { loadApiModule } from "./appsync/api-module";
import { startLocalAppSync, type LocalAppSync } from "./appsync/server";
import { loadLocalEnv } from "./config";
import { startDashboard, type Dashboard } from "./dashboard";
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from "./dynamodb/launcher";
import { createLocalClient, ensureTable } from "./dynamodb/table";
import { startFunctionUrlServer, type FunctionUrlServer } from "./function-url";
import { startIssuer, type Issuer } from "./issuer/server";
import { startLocalCleanup } from "./streams/cleanup";
import { startLocalLivePublisher } from "./streams/live";
import type { StreamPoller } from "./streams/poller";
import { DEMO, seedDemo } from "./issuer/seed";
import { seedDemoMilestones, seedSummary } from "./demo-milestones";
import { createLog } from "./log";
import { dynamoDbExposureWarning, nonLoopbackAddresses } from "./network-exposure";

const startedAt = performance.now();
const env = (() => {
  try {
    // Overrides may sit in .env (git-ignored); variables already set win.
    if (existsSync(".env")) process.loadEnvFile(".env");
    return loadLocalEnv();
  } catch (error) {
    // A configuration mistake deserves its message, not a stack trace.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
})();
const persist = env.WAYPOINT_PERSIST || process.argv.includes("--persist");
const dashboardMode = process.argv.includes("--no-dashboard")
  ? "off"
  : process.argv.includes("--dashboard=start")
    ? "start"
    : process.argv.includes("--dashboard=dev")
      ? "dev"
      : env.WAYPOINT_DASHBOARD;
const dataDir = resolve(env.WAYPOINT_DATA_DIR);
const log = createLog("dev");
const internalCredentials = {
  accessKeyId: env.APPSYNC_INTERNAL_ACCESS_KEY_ID,
  secretAccessKey: env.APPSYNC_INTERNAL_SECRET_ACCESS_KEY,
};
const internalClient = (url: string) =>
  createIamGraphQLClient({ url, region: "local", credentials: internalCredentials });

const running: {
  dynamo?: DynamoDbLocal;
  issuer?: Issuer;
  receiver?: FunctionUrlServer;
  cleanup?: StreamPoller;
  live?: StreamPoller;
  appsync?: LocalAppSync;
  dashboard?: Dashboard;
} = {};
let stopping: Promise<void> | undefined;
/** Settles when every service has started or failed; never rejects. */
let startup: Promise<unknown> = Promise.resolve();

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    log("stopping…");
    // A service still starting would otherwise be left running (e.g. Ctrl-C during start-up).
    await startup;
    await running.dashboard?.stop().catch(() => {});
    await running.appsync?.close().catch(() => {});
    await running.issuer?.close().catch(() => {});
    await running.receiver?.close().catch(() => {});
    await running.cleanup?.stop().catch(() => {});
    await running.live?.stop().catch(() => {});
    await running.dynamo?.stop().catch(() => {});
    log("stopped");
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => void shutdown(0));
}

async function main(): Promise<void> {
  // The handlers run in-process, each built once as a Lambda execution environment is:
  // Lambda sets this, and Powertools counts a cold start only when it says "on-demand".
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE ??= "on-demand";
  const dynamoLog = createLog("dynamodb");
  const webhookLog = createLog("webhook");

  // The receiver listens first (in milliseconds), so the issuer's seed webhooks land on
  // their first attempt: a delivery that arrives while the JVM is still starting waits
  // for it (well within Svix's 15 s) instead of failing into the retry schedule.
  let tableReady!: (handler: WebhookHandler) => void;
  let tableFailed!: (error: unknown) => void;
  const handlerReady = new Promise<WebhookHandler>((resolve, reject) => {
    tableReady = resolve;
    tableFailed = reject;
  });
  handlerReady.catch(() => {}); // reported through the start-up below
  running.receiver = await startFunctionUrlServer({
    port: env.WEBHOOK_PORT,
    path: "/webhooks/clerk",
    handler: async (event) => (await handlerReady)(event),
  });
  // Unset means "this receiver", whatever port it got; "" disables delivery.
  const webhookUrl = process.env.ISSUER_WEBHOOK_URL ?? running.receiver.url;

  // The dashboard's origin must be known before the issuer starts: it is the `azp` of every
  // token the issuer mints and what the authorizer accepts (DASHBOARD_PORT=0: a free one).
  const dashboardPort =
    dashboardMode === "off" || env.DASHBOARD_PORT !== 0 ? env.DASHBOARD_PORT : await freePort();
  const authorizedParty =
    dashboardMode === "off" ? env.ISSUER_AUTHORIZED_PARTY : `http://127.0.0.1:${dashboardPort}`;

  // The JVM and the issuer are independent: the issuer's start (keys) overlaps the JVM's.
  const starting = Promise.allSettled([
    (async () => {
      running.dynamo = await startDynamoDbLocal({
        port: env.DYNAMODB_PORT,
        ...(persist ? { dbPath: join(dataDir, "dynamodb") } : {}),
        log: dynamoLog,
      });
      const created = await ensureTable(createLocalClient(running.dynamo.endpoint), env.TABLE_NAME);
      dynamoLog(`table "${env.TABLE_NAME}" ${created ? "created" : "exists"}`);
      // Deletions' erasure, as on AWS: the table's stream → the cleanup handler.
      running.cleanup = await startLocalCleanup({
        endpoint: running.dynamo.endpoint,
        tableName: env.TABLE_NAME,
        ...(persist ? { checkpointFile: join(dataDir, "cleanup-checkpoints.json") } : {}),
        log: createLog("cleanup"),
      });
      tableReady(
        createWebhookHandler({
          signingSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
          store: createMirrorStore(createDocumentClient(running.dynamo.endpoint), env.TABLE_NAME),
          log: webhookLog,
          // Live updates end through the local AppSync's IAM mode, once it runs.
          invalidateSubscriptions: async (target) => {
            if (running.appsync)
              await subscriptionInvalidator(internalClient(running.appsync.url))(target);
          },
        }),
      );
      return running.dynamo;
    })().catch((error: unknown) => {
      tableFailed(error);
      throw error;
    }),
    (async () => {
      running.issuer = await startIssuer({
        port: env.ISSUER_PORT,
        dataDir,
        persistDirectory: persist,
        webhookUrl,
        webhookSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
        retryScheduleMs: env.ISSUER_WEBHOOK_RETRY_SCHEDULE_MS,
        secretKey: env.ISSUER_SECRET_KEY,
        authorizedParty,
        tokenLifetimeSeconds: env.ISSUER_TOKEN_LIFETIME_SECONDS,
        // Seeded below, once the receiver is there to take the webhooks.
        seed: false,
        log: createLog("issuer"),
      });
      if (env.ISSUER_SEED && running.issuer.directory.isEmpty()) seedDemo(running.issuer.directory);
      return running.issuer;
    })(),
  ]);
  startup = starting;
  const [dynamo, issuer] = await starting;
  if (dynamo.status === "rejected") throw dynamo.reason;
  if (issuer.status === "rejected") throw issuer.reason;

  // The local AppSync needs both: the table, and the issuer's JWKS for the real authorizer.
  const appsyncStarting = startAppSync(dynamo.value.endpoint, issuer.value, authorizedParty);
  startup = appsyncStarting.catch(() => {});
  const appsyncLine = await appsyncStarting;

  // Beside the dashboard's start, finished before the ready summary: the first page shows them.
  const demoSeeding = seedDemoMilestonesOnce(issuer.value, webhookUrl);
  startup = Promise.allSettled([appsyncStarting, demoSeeding]);

  let dashboardLine = "  Dashboard       off (WAYPOINT_DASHBOARD=off or --no-dashboard)";
  if (dashboardMode !== "off") {
    // Registered as soon as it is spawned: a Ctrl-C while Next starts stops it too.
    const dashboard = await startDashboard({
      mode: dashboardMode,
      port: dashboardPort,
      env: {
        WAYPOINT_API_URL: running.appsync?.url ?? `http://127.0.0.1:${env.APPSYNC_PORT}/graphql`,
        WAYPOINT_ISSUER_URL: issuer.value.url,
      },
      log: createLog("next"),
    });
    running.dashboard = dashboard;
    await dashboard.ready;
    dashboardLine = `  Dashboard       ${dashboard.url}  (next ${dashboardMode}, pid ${dashboard.pid}; sign in as a demo user)`;
  }

  await demoSeeding;

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const users = Object.values(DEMO.users)
    .map((u) => u.id)
    .join(", ");
  log(
    [
      `Waypoint local stack ready in ${seconds} s`,
      `  DynamoDB Local  ${dynamo.value.endpoint}  table "${env.TABLE_NAME}" (${persist ? `persistent in ${join(dataDir, "dynamodb")}` : "in memory"})`,
      `  Issuer          ${issuer.value.url}  (JWKS ${issuer.value.jwksUrl}, admin API ${issuer.value.url}/admin/state)`,
      appsyncLine,
      dashboardLine,
      `  Webhooks        ${running.receiver.url}  (the webhook handler → table "${env.TABLE_NAME}")`,
      `  Cleanup         the table's stream → the cleanup handler (erasure after a deletion)`,
      `  Issuer sends to ${webhookUrl || "(disabled)"}`,
      `  Demo users      ${users}`,
      "Press Ctrl-C to stop.",
    ].join("\n"),
  );

  // Once, after the summary: the one service of the stack a neighbour on the network can use.
  const exposure = dynamoDbExposureWarning(dynamo.value.port, nonLoopbackAddresses());
  if (exposure) dynamoLog(exposure);

  // A JVM that dies on its own takes the stack down rather than leaving it half alive.
  const dynamoPid = dynamo.value.pid;
  const watchdog = setInterval(() => {
    try {
      process.kill(dynamoPid, 0);
    } catch {
      clearInterval(watchdog);
      log("DynamoDB Local exited unexpectedly");
      void shutdown(1);
    }
  }, 1000);
}

/**
 * The demo milestones, when this stack has the demo tenants, their webhooks and an API: a
 * failure is logged (the stack stays up), never thrown.
 */
async function seedDemoMilestonesOnce(issuer: Issuer, webhookUrl: string): Promise<void> {
  if (!env.WAYPOINT_DEMO_MILESTONES || !env.ISSUER_SEED) return;
  const demoLog = createLog("demo");
  if (!running.appsync || !webhookUrl) {
    demoLog("demo milestones not added: they need the local AppSync and webhook delivery");
    return;
  }
  try {
    demoLog(
      seedSummary(await seedDemoMilestones({ issuerUrl: issuer.url, apiUrl: running.appsync.url })),
    );
  } catch (error) {
    demoLog(`demo milestones not added: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Starts the local AppSync when the API definition exists; returns its summary line. */
async function startAppSync(
  dynamoEndpoint: string,
  issuer: Issuer,
  authorizedParty: string,
): Promise<string> {
  const api = await loadApiModule(env.APPSYNC_API_MODULE);
  if (!api) {
    return `  AppSync         not started: ${env.APPSYNC_API_MODULE} does not exist yet (GraphQL API work)`;
  }
  const appsyncLog = createLog("appsync");
  running.appsync = await startLocalAppSync({
    api: { ...api, environment: { ...api.environment, TABLE_NAME: env.TABLE_NAME } },
    port: env.APPSYNC_PORT,
    dynamodb: { client: createLocalClient(dynamoEndpoint), tableName: env.TABLE_NAME },
    // The real authorizer, configured as a deployment would be, against the local issuer.
    authorizer: createHandler(
      {
        CLERK_JWKS_URL: issuer.jwksUrl,
        CLERK_ISSUER: issuer.url,
        CLERK_AUTHORIZED_PARTIES: authorizedParty,
      },
      { log: (entry) => appsyncLog(`authorizer ${JSON.stringify(entry)}`) },
    ),
    log: appsyncLog,
    iam: internalCredentials,
  });
  // Live updates, as on AWS: the table's stream → the publisher → publishMilestoneChange.
  running.live = await startLocalLivePublisher({
    endpoint: dynamoEndpoint,
    tableName: env.TABLE_NAME,
    appsyncUrl: running.appsync.url,
    credentials: internalCredentials,
    log: createLog("live"),
  });
  return `  AppSync         ${running.appsync.realtimeUrl}  (subscriptions)\n  AppSync         ${running.appsync.url}  (${api.resolvers.length} resolvers from ${env.APPSYNC_API_MODULE})`;
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  void shutdown(1);
});
