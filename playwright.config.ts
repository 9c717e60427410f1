/**
 * End-to-end tests against the whole local stack in test mode: `npm run dev`'s program with
 * fresh in-memory data (DynamoDB Local, the local issuer sending svix-signed webhooks, the
 * webhook receiver, the local AppSync with the real authorizer and resolvers), the dashboard
 * served by `next start` from its own build in .next-test (`npm run test:e2e` builds it), on
 * free ports unless E2E_DASHBOARD_PORT, E2E_ISSUER_PORT, E2E_APPSYNC_PORT, E2E_WEBHOOK_PORT
 * say otherwise — never `npm run dev`'s defaults, so a running dev stack does not collide.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/support/chromium";
import { portFromEnv } from "./e2e/support/ports";
import { stack } from "./e2e/support/stack";

const CI = !!process.env.CI;
// Chosen once in the main process; workers inherit them through the environment.
const dashboardPort = portFromEnv("E2E_DASHBOARD_PORT");
const issuerPort = portFromEnv("E2E_ISSUER_PORT");
const appsyncPort = portFromEnv("E2E_APPSYNC_PORT");
const webhookPort = portFromEnv("E2E_WEBHOOK_PORT");
process.env.E2E_BASE_URL = `http://127.0.0.1:${dashboardPort}`;
process.env.E2E_ISSUER_URL = `http://127.0.0.1:${issuerPort}`;
process.env.E2E_API_URL = `http://127.0.0.1:${appsyncPort}/graphql`;
process.env.E2E_WEBHOOK_URL = `http://127.0.0.1:${webhookPort}/webhooks/clerk`;
// One folder per run for the issuer's signing keys (tables and directory stay in memory).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "waypoint-e2e-"));

const launchOptions = chromiumLaunchOptions();

const workers = Number(process.env.E2E_WORKERS ?? 2);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // E2E_OUTPUT_DIR lets two runs in one checkout keep their artifacts apart (each run empties its own).
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores shared by the stack, Next and the browsers: two workers at most.
  workers,
  fullyParallel: true,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [
    [CI ? "line" : "list"],
    ["./e2e/support/summary-reporter.ts", { outputFile: ".cache/results-e2e.json" }],
  ],
  use: {
    ...devices["Desktop Chrome"],
    launchOptions,
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [{ name: "chromium" }],
  globalTeardown: "./e2e/support/global-teardown.ts",
  webServer: {
    command: "node --import tsx local/dev.ts --dashboard=start",
    url: `${process.env.E2E_BASE_URL}/sign-in`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    // SIGTERM lets the stack stop the JVM and Next's process group (SIGKILL would orphan Next).
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      // No colours in the stack's logs. FORCE_COLOR=0 rather than NO_COLOR: the runner sets
      // FORCE_COLOR, and Node 24 warns when a process gets both.
      FORCE_COLOR: "0",
      WAYPOINT_DATA_DIR: process.env.E2E_DATA_DIR,
      WAYPOINT_PERSIST: "0",
      WAYPOINT_DASHBOARD: "start",
      // The e2e build (scripts/e2e.ts), apart from .next: a `next build` there cannot break it.
      WAYPOINT_NEXT_DIST_DIR: ".next-test",
      DASHBOARD_PORT: String(dashboardPort),
      ISSUER_PORT: String(issuerPort),
      APPSYNC_PORT: String(appsyncPort),
      WEBHOOK_PORT: String(webhookPort),
      DYNAMODB_PORT: "0",
      ISSUER_SEED: "1",
      // No demo milestones: every journey starts from the scopes it creates, empty.
      WAYPOINT_DEMO_MILESTONES: "0",
      // The issuer delivers to the stack's own receiver, signed with the secret tests know.
      ISSUER_WEBHOOK_URL: process.env.E2E_WEBHOOK_URL,
      CLERK_WEBHOOK_SIGNING_SECRET: stack.webhookSecret,
      // Failed deliveries are retried quickly, so tests see the outcome in seconds.
      ISSUER_WEBHOOK_RETRY_SCHEDULE_MS: "0,500,1000,2000",
    },
  },
});
