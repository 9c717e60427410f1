/**
 * Journey 16: honest status codes. What the browser shows and what HTTP says agree:
 *
 * - a member opening an admin page (members, audit log, sync health) gets HTTP 403 and the
 *   "Admins only" page in the shell; the org's admin gets the same URLs with 200;
 * - an admin removed from the org (by the issuer's webhook) while signed in gets 403 and the
 *   lost-access page on every dashboard page;
 * - with the API stopped or failing, a dashboard page answers 503 with "Waypoint can't reach
 *   its API", and serves again once the API is back. For this one the test starts a second
 *   `next start` on the e2e build whose WAYPOINT_API_URL is a relay in this process, in front
 *   of the stack's real API: the relay resets every connection (stopped), answers 502
 *   (AppSync failing), or forwards (back).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { LOST_ACCESS_MESSAGE } from "../../app/lib/api/errors";
import { UNAVAILABLE_TITLE } from "../../app/lib/unavailable-page";
import { errorTypeOf, graphql } from "../support/api";
import { expect, test } from "../support/fixtures";
import { issuer } from "../support/issuer";
import { freePortSync } from "../support/ports";
import { stack } from "../support/stack";

const ADMIN_PAGES = [
  ["/members", "Members"],
  ["/audit", "Audit log"],
  ["/sync", "Sync health"],
] as const;

async function expectForbiddenPage(page: Page, path: string, heading: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  // The page is the dashboard's, in its shell: the org switcher is the way on.
  await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeVisible();
  await expect(page.locator('meta[name="robots"][content="noindex"]')).toHaveCount(1);
}

test("a member gets 403 and the admins-only page on each admin page; the admin gets 200", async ({
  adminPage,
  memberPage,
}) => {
  for (const [path, title] of ADMIN_PAGES) {
    await expectForbiddenPage(memberPage, path, "Admins only");
    await expect(memberPage.getByRole("heading", { level: 1, name: title })).toHaveCount(0);
    const allowed = await adminPage.goto(path);
    expect(allowed?.status(), `${path} as the admin`).toBe(200);
    await expect(adminPage.getByRole("heading", { level: 1, name: title })).toBeVisible();
  }
  // Their own pages stay 200.
  expect((await memberPage.goto("/milestones"))?.status()).toBe(200);
});

test("an admin removed from the org by webhook gets 403 and the lost-access page", async ({
  adminPage,
  freshOrg,
}) => {
  const lastToken = await issuer.mintToken(freshOrg.admin.id, freshOrg.org.id);
  await issuer.removeMember(freshOrg.org.id, freshOrg.admin.id);
  // The webhook reaches the mirror within seconds; the API then denies the valid token.
  await expect
    .poll(async () => errorTypeOf(await graphql(lastToken.token, "query { me { userId } }")), {
      timeout: 15_000,
    })
    .toBe("Unauthorized");
  for (const path of ["/milestones", "/audit", "/members"]) {
    await expectForbiddenPage(adminPage, path, LOST_ACCESS_MESSAGE);
  }
});

type RelayMode = "reset" | "502" | "forward";

/** An HTTP server standing in front of the stack's API, failing as told. */
async function startRelay(): Promise<{ url: string; mode: { value: RelayMode }; server: Server }> {
  const mode = { value: "reset" as RelayMode };
  const server = createServer((req, res) => {
    if (mode.value === "reset") {
      req.socket.destroy();
      return;
    }
    if (mode.value === "502") {
      res.writeHead(502, { "content-type": "application/json" });
      res.end('{"errors":[{"message":"Bad gateway","errorType":"InternalFailure"}]}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      fetch(stack.apiUrl, { method: "POST", headers, body: Buffer.concat(chunks) })
        .then(async (answer) => {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => {
          res.writeHead(599);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("relay has no port");
  return { url: `http://127.0.0.1:${address.port}/graphql`, mode, server };
}

/** `next start` on the e2e build, in local mode, against `apiUrl`; resolves once it serves. */
async function startDashboard(apiUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const next = join(
    createRequire(join(process.cwd(), "package.json")).resolve("next/package.json"),
    "..",
    "dist",
    "bin",
    "next",
  );
  const port = freePortSync();
  const child = spawn(
    process.execPath,
    [next, "start", "--hostname", "127.0.0.1", "--port", String(port)],
    {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        WAYPOINT_NEXT_DIST_DIR: ".next-test",
        WAYPOINT_AUTH_MODE: "local",
        WAYPOINT_ALLOW_LOCAL_AUTH: "1",
        WAYPOINT_SESSION_SECRET: randomBytes(24).toString("base64url"),
        WAYPOINT_API_URL: apiUrl,
        WAYPOINT_ISSUER_URL: stack.issuerUrl,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(2_000) });
      return { url, child };
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`next start did not serve:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

test("with the API stopped or failing, dashboard pages answer 503 with their page; then serve again", async ({
  browser,
  freshOrg,
}) => {
  const relay = await startRelay();
  const dashboard = await startDashboard(relay.url);
  const context = await browser.newContext({ baseURL: dashboard.url });
  try {
    const page = await context.newPage();
    // Signing in needs the issuer only, not the API.
    const signIn = await page.request.post("/api/local/sign-in", {
      headers: { origin: dashboard.url },
      data: { userId: freshOrg.admin.id, orgId: freshOrg.org.id },
      maxRedirects: 0,
    });
    expect(signIn.status()).toBe(303);

    await test.step("stopped: every connection reset", async () => {
      for (const path of ["/milestones", "/audit", `/milestones/ms_${"x".repeat(10)}`]) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(503);
        expect(response?.headers()["retry-after"]).toBe("5");
        expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
        await expect(
          page.getByRole("heading", { level: 1, name: UNAVAILABLE_TITLE }),
        ).toBeVisible();
      }
      // The sign-in page needs no API: it still answers (signed out; signed in it redirects).
      expect((await fetch(`${dashboard.url}/sign-in`)).status).toBe(200);
    });

    await test.step("failing: HTTP 502 from the API", async () => {
      relay.mode.value = "502";
      const response = await page.goto("/members");
      expect(response?.status()).toBe(503);
      await expect(page.getByRole("heading", { level: 1, name: UNAVAILABLE_TITLE })).toBeVisible();
    });

    await test.step("back: the page's own link serves the page again", async () => {
      relay.mode.value = "forward";
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => new URL(r.url()).pathname === "/members" && r.request().isNavigationRequest(),
        ),
        page.getByRole("link", { name: "Try again" }).click(),
      ]);
      expect(response.status()).toBe(200);
      await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
      expect((await page.goto("/milestones"))?.status()).toBe(200);
    });
  } finally {
    await context.close();
    dashboard.child.kill("SIGTERM");
    await new Promise<void>((resolve) => relay.server.close(() => resolve()));
  }
});
