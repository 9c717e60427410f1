/**
 * The package really serves: the dashboard's test build (.next-test, built once when stale,
 * shared with the e2e run), packaged by the very function the CDK construct ships it with,
 * started the way the Lambda Web Adapter starts it (the handler script `run.sh` with PORT,
 * HOSTNAME and the function's kind of environment, nothing inherited from this process but
 * PATH), against the local stack (DynamoDB Local, the seeded issuer, the webhook receiver, the
 * local AppSync with the real authorizer). Then, as CloudFront would call it (with the origin
 * secret header): the sign-in page, /milestones signed in with the rows seeded through the
 * API, and a server action (creating a milestone) in real Chromium.
 *
 * The build is in local mode (the local stack has no Clerk); the deployed one differs only
 * in which sign-in UI is compiled in (next.config.mjs), not in how it is packaged or started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_SECRET_HEADER } from "../../app/lib/origin-guard";
import { chromiumLaunchOptions } from "../../e2e/support/chromium";
import { graphql, mintToken } from "../../local/appsync/testing/client";
import { DEMO } from "../../local/issuer/seed";
import { startDevStack, stopGroup } from "../../local/testing/dev-process";
import { freePort } from "../../local/dynamodb/launcher";
import { E2E_DIST_DIR, ensureTestBuild } from "../../scripts/dashboard-build";
import { REPO_ROOT } from "../paths";
import { packageDashboard, type DashboardPackage } from "./package";

const work = mkdtempSync(join(tmpdir(), "waypoint-served-"));
const ORIGIN_SECRET = randomBytes(32).toString("base64url");
const acme = DEMO.orgs.acme.id;
const admin = DEMO.users.acmeAdmin.id;

let pkg: DashboardPackage;
let stack: { child: ChildProcess; issuerUrl: string; apiUrl: string };
let server: { child: ChildProcess; url: string; output: () => string };
let browser: Browser | undefined;

/**
 * The package started as the Web Adapter starts it: `run.sh`, in the package, with the
 * function's variables only (what the construct sets, in local mode here).
 */
function startPackage(port: number, env: Record<string, string>) {
  const child = spawn("/bin/sh", [join(pkg.dir, "run.sh")], {
    cwd: pkg.dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      // Lambda's PATH has the runtime's node; here, the project's Node 24.
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function waitUntilServing(url: string, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the package did not serve:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const api = (token: string, query: string, variables: Record<string, unknown> = {}) =>
  graphql(stack.apiUrl, token, query, variables);

const createMilestone = (token: string, title: string) =>
  api(token, "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }", {
    input: { title },
  });

beforeAll(async () => {
  // Prepare: the build (once, when stale), its package, the stack, the packaged server.
  expect(ensureTestBuild(REPO_ROOT, "served.int.test")).toBe(0);
  pkg = packageDashboard({
    projectDir: REPO_ROOT,
    distDir: E2E_DIST_DIR,
    outDir: join(work, "package"),
  });
  const port = await freePort();
  stack = await startDevStack(join(work, "data"), {
    ISSUER_SEED: "1",
    ISSUER_WEBHOOK_URL: undefined,
    WAYPOINT_PERSIST: "0",
    // The tokens the issuer mints name the packaged server as their azp.
    ISSUER_AUTHORIZED_PARTY: `http://127.0.0.1:${port}`,
  });
  server = startPackage(port, {
    WAYPOINT_AUTH_MODE: "local",
    WAYPOINT_ALLOW_LOCAL_AUTH: "1",
    WAYPOINT_SESSION_SECRET: randomBytes(32).toString("base64url"),
    WAYPOINT_API_URL: stack.apiUrl,
    WAYPOINT_ISSUER_URL: stack.issuerUrl,
    // What lambda-start.mjs puts there from Secrets Manager on AWS.
    WAYPOINT_ORIGIN_SECRET: ORIGIN_SECRET,
  });
  await waitUntilServing(server.url, server.output);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await stopGroup(server?.child);
  await stopGroup(stack?.child);
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("the packaged dashboard, started as the Web Adapter starts it", () => {
  it("refuses requests without the origin secret (the Function URL called directly)", async () => {
    for (const path of ["/sign-in", "/milestones", "/_next/static/chunks/x.js"]) {
      const direct = await fetch(`${server.url}${path}`, { redirect: "manual" });
      expect(direct.status, path).toBe(403);
    }
    const wrong = await fetch(`${server.url}/sign-in`, {
      headers: { [ORIGIN_SECRET_HEADER]: `${ORIGIN_SECRET}x` },
    });
    expect(wrong.status).toBe(403);
  });

  it("serves the sign-in page with the demo users", async () => {
    const page = await fetch(`${server.url}/sign-in`, {
      headers: { [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(DEMO.users.acmeAdmin.firstName);
    expect(page.headers.get("content-security-policy")).toMatch(/nonce-/);
  });

  it("serves the icons (app/favicon.ico, app/icon.svg: routes of the server, not S3 files)", async () => {
    for (const [path, type] of [
      ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
      ["/icon.svg", /^image\/svg\+xml/],
    ] as const) {
      const icon = await fetch(`${server.url}${path}`, {
        headers: { [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET },
      });
      expect(icon.status, path).toBe(200);
      expect(icon.headers.get("content-type"), path).toMatch(type);
      // Like every other path, not without CloudFront's secret.
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(403);
    }
  });

  it("signed in, lists the seeded milestones and creates one through a server action", async () => {
    // Seed: two milestones of Acme, through the API as its admin.
    const token = await mintToken(stack.issuerUrl, { userId: admin, orgId: acme });
    const seeded = [
      `Seeded ${randomBytes(3).toString("hex")}`,
      `Seeded ${randomBytes(3).toString("hex")}`,
    ];
    for (const title of seeded) {
      // The seed reaches the table through the webhooks: until Ada's membership is
      // mirrored, the API refuses her.
      let created = await createMilestone(token, title);
      for (let i = 0; i < 300 && created.body.errors; i++) {
        await new Promise((r) => setTimeout(r, 100));
        created = await createMilestone(token, title);
      }
      expect(created.body.errors, created.text).toBeUndefined();
    }

    browser = await chromium.launch(chromiumLaunchOptions());
    // As CloudFront forwards every request: with the origin header.
    const context = await browser.newContext({
      baseURL: server.url,
      extraHTTPHeaders: { [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET },
    });
    const page = await context.newPage();
    const signIn = await page.request.post("/api/local/sign-in", {
      headers: { origin: server.url },
      data: { userId: admin, orgId: acme },
      maxRedirects: 0,
    });
    expect(signIn.status()).toBe(303);

    const response = await page.goto("/milestones");
    expect(response?.status()).toBe(200);
    const table = page.getByRole("table", { name: "Milestones" });
    for (const title of seeded) {
      await table.getByRole("link", { name: title, exact: true }).waitFor({ timeout: 20_000 });
    }

    // The server action: the "New milestone" dialog's form posts to the page (Next-Action).
    const title = `Through the package ${randomBytes(3).toString("hex")}`;
    const actionPosts: number[] = [];
    page.on("response", (r) => {
      if (r.request().method() === "POST" && r.request().headers()["next-action"]) {
        actionPosts.push(r.status());
      }
    });
    await page.getByRole("button", { name: "New milestone" }).click();
    const dialog = page.getByRole("dialog", { name: "New milestone" });
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByRole("button", { name: "Create milestone" }).click();
    await table.getByRole("link", { name: title, exact: true }).waitFor({ timeout: 30_000 });
    expect(actionPosts.length).toBeGreaterThan(0);
    expect(actionPosts.every((status) => status === 200)).toBe(true);

    // Really stored: the API lists it.
    const listed = await api(token, "query { milestones(limit: 100) { items { title } } }");
    expect(listed.text).toContain(title);
  }, 120_000);
});
