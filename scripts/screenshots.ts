/**
 * `npm run screenshots`: PNGs of the dashboard with headless Chromium, into
 * docs/screenshots/: the milestones page as an org admin and as a member, light and dark,
 * plus Members and Sync health. Starts the local stack (`next start` on the last
 * `npm run build`; builds first when it is missing or stale) on free ports with fresh in-memory data,
 * arranges realistic milestones through the API, and stops everything afterwards.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { Webhook } from "svix";
import { chromiumLaunchOptions } from "../e2e/support/chromium";
import { LOCAL_PRODUCTION_BUILD_ENV } from "../local/dashboard";

const OUT = "docs/screenshots";
const WEBHOOK_SECRET = "whsec_d2F5cG9pbnQtbG9jYWwtd2ViaG9vay1zZWNyZXQ=";

interface Stack {
  dashboardUrl: string;
  issuerUrl: string;
  apiUrl: string;
  webhookUrl: string;
  stop(): Promise<void>;
}

async function startStack(dataDir: string): Promise<Stack> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/dev.ts", "--dashboard=start"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NO_COLOR: "1",
      DASHBOARD_PORT: "0",
      APPSYNC_PORT: "0",
      ISSUER_PORT: "0",
      WEBHOOK_PORT: "0",
      DYNAMODB_PORT: "0",
      WAYPOINT_DATA_DIR: dataDir,
      WAYPOINT_PERSIST: "0",
      ISSUER_SEED: "1",
      // The pictures show the data this script creates, the same on every run.
      WAYPOINT_DEMO_MILESTONES: "0",
      ISSUER_WEBHOOK_URL: undefined,
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop.")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`stack exited:\n${output}`)));
  });
  const find = (pattern: RegExp) => {
    const match = pattern.exec(output)?.[1];
    if (!match) throw new Error(`${String(pattern)} not in:\n${output}`);
    return match;
  };
  return {
    dashboardUrl: find(/Dashboard\s+(http:\/\/\S+)/),
    issuerUrl: find(/Issuer\s+(http:\/\/\S+)/),
    apiUrl: find(/AppSync\s+(http:\/\/\S+)/),
    webhookUrl: find(/Webhooks\s+(http:\/\/\S+)/),
    stop: async () => {
      try {
        process.kill(-(child.pid ?? 0), "SIGTERM");
      } catch {
        return;
      }
      await exited;
    },
  };
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { errors?: unknown };
  if (!response.ok || json.errors) throw new Error(`${url}: ${JSON.stringify(json)}`);
  return json;
}

async function token(stack: Stack, userId: string, orgId = "org_acme"): Promise<string> {
  return (await post<{ token: string }>(`${stack.issuerUrl}/admin/tokens`, { userId, orgId }))
    .token;
}

/** Milestones of a plausible team, by three people, with some history in the audit log. */
async function arrangeData(stack: Stack): Promise<void> {
  const create = async (userId: string, input: Record<string, unknown>) => {
    const answer = await post<{ data: { createMilestone: { id: string; version: number } } }>(
      stack.apiUrl,
      {
        query:
          "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version } }",
        variables: { input },
      },
      await token(stack, userId),
    );
    return answer.data.createMilestone;
  };
  const update = async (userId: string, id: string, version: number, input: object) =>
    post(
      stack.apiUrl,
      {
        query:
          "mutation ($id: ID!, $v: Int!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, expectedVersion: $v, input: $input) { id } }",
        variables: { id, v: version, input },
      },
      await token(stack, userId),
    );
  const items: [string, Record<string, unknown>][] = [
    [
      "user_ada",
      {
        title: "Public beta launch",
        status: "IN_PROGRESS",
        dueDate: "2027-03-02",
        description: "Open sign-ups, pricing page, status page.",
      },
    ],
    ["user_ada", { title: "SOC 2 Type I audit", status: "PLANNED", dueDate: "2027-05-15" }],
    [
      "user_grace",
      {
        title: "Migrate billing to usage-based plans",
        status: "BLOCKED",
        dueDate: "2027-01-20",
        description: "Waiting on the payment provider's metering API.",
      },
    ],
    ["user_grace", { title: "Compiler error messages v2", status: "DONE", dueDate: "2026-11-10" }],
    [
      "user_alan",
      { title: "Search relevance experiment", status: "IN_PROGRESS", dueDate: "2027-02-01" },
    ],
    ["user_alan", { title: "On-call runbook for the webhook pipeline", status: "PLANNED" }],
    [
      "user_ada",
      { title: "Single sign-on for enterprise tenants", status: "PLANNED", dueDate: "2027-06-30" },
    ],
    [
      "user_grace",
      { title: "Dark mode across the dashboard", status: "DONE", dueDate: "2026-11-20" },
    ],
    ["user_alan", { title: "Data retention policy", status: "IN_PROGRESS", dueDate: "2027-01-05" }],
  ];
  const created: { id: string; version: number }[] = [];
  for (const [userId, input] of items) created.push(await create(userId, input));
  const first = created[0];
  const second = created[1];
  if (first)
    await update("user_ada", first.id, first.version, {
      description: "Open sign-ups, pricing page, status page, launch post.",
    });
  if (second) await update("user_ada", second.id, second.version, { status: "IN_PROGRESS" });

  // Directory changes reach the mirror by webhook: a renamed user and a promoted member.
  await fetch(`${stack.issuerUrl}/admin/users/user_alan`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ lastName: "M. Turing" }),
  });
  // A delivery the mirror refuses (a membership event without its role), so the sync page
  // has a failure with its reason to show.
  const payload = JSON.stringify({
    type: "organizationMembership.updated",
    object: "event",
    data: {
      id: "orgmem_broken",
      object: "organization_membership",
      organization: { id: "org_acme" },
      public_user_data: { user_id: "user_grace" },
    },
  });
  const id = `msg_screenshots${Date.now()}`;
  const timestamp = new Date();
  const signature = new Webhook(WEBHOOK_SECRET).sign(id, timestamp, payload);
  await fetch(stack.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
      "svix-signature": signature,
    },
    body: payload,
  });
  await new Promise((r) => setTimeout(r, 1000));
}

interface Shot {
  file: string;
  userId: string;
  orgId: string;
  path: string;
  scheme: "light" | "dark";
  /** What to do on the page before the picture (open the command palette, say). */
  before?: (page: Page) => Promise<void>;
}

/** Opens the command palette with the keyboard and types a search, as a user would. */
async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press("Control+K");
  const input = page.getByRole("combobox", { name: "Command palette" });
  await input.waitFor();
  await input.pressSequentially("beta");
  await page.getByRole("option").first().waitFor();
  await page.waitForTimeout(500);
}

async function shoot(browser: Browser, stack: Stack, shots: Shot[]): Promise<void> {
  for (const shot of shots) {
    const context = await browser.newContext({
      baseURL: stack.dashboardUrl,
      viewport: { width: 1440, height: 900 },
      colorScheme: shot.scheme,
    });
    const page = await context.newPage();
    const signIn = await page.request.post("/api/local/sign-in", {
      // The route refuses requests that do not say they come from the dashboard itself.
      headers: { origin: stack.dashboardUrl },
      data: { userId: shot.userId, orgId: shot.orgId },
      maxRedirects: 0,
    });
    if (signIn.status() !== 303) throw new Error(`sign-in failed: ${signIn.status()}`);
    await page.goto(shot.path, { waitUntil: "networkidle" });
    await page.getByRole("heading", { level: 1 }).waitFor();
    if (shot.before) await shot.before(page);
    await page.screenshot({ path: join(OUT, shot.file), fullPage: false });
    console.log(`screenshots: ${join(OUT, shot.file)}`);
    await context.close();
  }
}

/** The newest modification time under `path` (0 when absent). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Whether .next lacks a build of the current sources (what the pictures must show). */
function buildIsStale(): boolean {
  const buildId = join(".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "core", "proxy.ts", "next.config.mjs", "postcss.config.mjs"];
  return sources.some((source) => newestMtime(source) > built);
}

async function main(): Promise<void> {
  if (buildIsStale()) {
    console.log("screenshots: the build is missing or older than the sources: npm run build");
    const build = spawnSync("npm", ["run", "build"], {
      stdio: "inherit",
      env: { ...process.env, ...LOCAL_PRODUCTION_BUILD_ENV },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "waypoint-screenshots-"));
  const stack = await startStack(dataDir);
  let browser: Browser | undefined;
  try {
    await arrangeData(stack);
    browser = await chromium.launch(chromiumLaunchOptions());
    const admin = { userId: "user_ada", orgId: "org_acme" };
    const member = { userId: "user_grace", orgId: "org_acme" };
    await shoot(browser, stack, [
      { file: "overview-admin-light.png", ...admin, path: "/overview", scheme: "light" },
      { file: "overview-member-dark.png", ...member, path: "/overview", scheme: "dark" },
      {
        file: "command-palette-light.png",
        ...admin,
        path: "/milestones",
        scheme: "light",
        before: openPalette,
      },
      { file: "milestones-admin-light.png", ...admin, path: "/milestones", scheme: "light" },
      { file: "milestones-admin-dark.png", ...admin, path: "/milestones", scheme: "dark" },
      { file: "milestones-member-light.png", ...member, path: "/milestones", scheme: "light" },
      { file: "milestones-member-dark.png", ...member, path: "/milestones", scheme: "dark" },
      { file: "members-light.png", ...admin, path: "/members", scheme: "light" },
      { file: "sync-health-light.png", ...admin, path: "/sync", scheme: "light" },
    ]);
  } finally {
    await browser?.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
