/**
 * Issue 16 in the browser, against `next start` (a production build in local mode, opted in
 * with WAYPOINT_ALLOW_LOCAL_AUTH=1 by the e2e stack):
 *
 * - every page, in light and dark, signed out and as an admin and a member, carries the
 *   security headers and logs no CSP violation (console and `securitypolicyviolation`);
 * - every page shows the "local sign-in — not for production" banner;
 * - the same build started in local mode without the opt-in, or with the public default
 *   session secret, exits non-zero with the message.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Page, Response } from "@playwright/test";
import { LOCAL_AUTH_IN_PRODUCTION_MESSAGE } from "../app/lib/env";
import { expect, test } from "./support/fixtures";
import { freePortSync } from "./support/ports";

const BANNER = "Local sign-in — not for production";

/** CSP violations the page reports, from the start of each document. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) {
      seen.push(`console: ${text}`);
    }
  });
  await page.exposeFunction("__reportCspViolation", (line: string) => seen.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const { __reportCspViolation: report } = window as unknown as {
        __reportCspViolation: (line: string) => void;
      };
      report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  });
  return seen;
}

function expectSecurityHeaders(response: Response | null, path: string): void {
  expect(response, path).not.toBeNull();
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, `${path}: CSP`).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/,
  );
  expect(csp, `${path}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${path}: CSP`).toContain("object-src 'none'");
  expect(csp, `${path}: CSP`).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], path).toContain("camera=()");
  expect(headers["x-frame-options"], path).toBe("DENY");
  expect(headers["strict-transport-security"], path).toMatch(/^max-age=\d+; includeSubDomains$/);
}

/** Opens `path`, checks headers, banner and heading, and that nothing was blocked. */
async function visit(
  page: Page,
  seen: string[],
  path: string,
  heading: RegExp | string,
  level = 1,
) {
  const response = await page.goto(path);
  expectSecurityHeaders(response, path);
  await expect(page.getByRole("heading", { level, name: heading }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: BANNER }), path).toBeVisible();
  // Let late scripts and styles (hydration, lazy chunks) run before judging.
  await page.waitForLoadState("networkidle");
  expect(seen, path).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test("signed out: the sign-in page", async ({ page }) => {
      const seen = await watchViolations(page);
      await visit(page, seen, "/sign-in", "Sign in to Waypoint", 2);
      await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      // The theme script ran (it carries the nonce): the class is set before hydration.
      const nonces = await page.locator("script[nonce]").count();
      expect(nonces).toBeGreaterThan(0);
    });

    test("admin: every page, a dialog, and the 404 page", async ({
      browser,
      signIn,
      freshOrg,
      orgMilestone,
    }) => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const seen = await watchViolations(page);
      await signIn(page, freshOrg.admin.id, freshOrg.org.id);
      await visit(page, seen, "/milestones", "Milestones");
      await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${scheme}\\b`));
      // A modal dialog: Radix inserts its scroll-lock <style> at run time.
      await page.getByRole("button", { name: "New milestone" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await page.keyboard.press("Escape");
      expect(seen).toEqual([]);
      await visit(page, seen, `/milestones/${orgMilestone.id}`, orgMilestone.title);
      await visit(page, seen, "/members", "Members");
      await visit(page, seen, "/audit", "Audit log");
      await visit(page, seen, "/sync", "Sync health");
      const missing = await page.goto("/milestones/ms_does_not_exist");
      expect(missing?.status()).toBe(404);
      expectSecurityHeaders(missing, "404");
      await expect(page.getByRole("region", { name: BANNER })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(seen).toEqual([]);
      await context.close();
    });

    test("member: every page, including the admin pages they may not use", async ({
      browser,
      signIn,
      freshOrg,
      orgMilestone,
    }) => {
      const context = await browser.newContext({ colorScheme: scheme });
      const page = await context.newPage();
      const seen = await watchViolations(page);
      await signIn(page, freshOrg.member.id, freshOrg.org.id);
      await visit(page, seen, "/milestones", "Milestones");
      await visit(page, seen, `/milestones/${orgMilestone.id}`, orgMilestone.title);
      for (const path of ["/members", "/audit", "/sync"]) {
        const response = await page.goto(path);
        expectSecurityHeaders(response, path);
        await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
        await expect(page.getByRole("region", { name: BANNER })).toBeVisible();
        await page.waitForLoadState("networkidle");
        expect(seen, path).toEqual([]);
      }
      await context.close();
    });
  });
}

test("static files and API routes carry the headers that need no nonce", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const script = await page.locator("script[src]").first().getAttribute("src");
  expect(script).toMatch(/^\/_next\/static\//);
  const asset = await page.request.get(script ?? "");
  expect(asset.status()).toBe(200);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  expect(asset.headers()["strict-transport-security"]).toBeDefined();
  expect(response?.headers()["content-security-policy"]).toBeDefined();
  const refused = await page.request.post("/api/local/sign-in", {
    data: { userId: "user_ada" },
    headers: { origin: "http://evil.example" },
  });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the icon: linked from every page, served signed out as an image", async ({ page }) => {
  await page.goto("/sign-in");
  const links = await page
    .locator('link[rel="icon"]')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute("href") ?? ""));
  expect(links.some((href) => href.startsWith("/icon.svg"))).toBe(true);
  // What a browser asks for by itself; it answered 404 before the icon existed.
  for (const [path, type] of [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
    [links.find((href) => href.startsWith("/icon.svg")) ?? "/icon.svg", /^image\/svg\+xml/],
  ] as const) {
    const icon = await page.request.get(path);
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()["content-type"], path).toMatch(type);
    expect(icon.headers()["x-content-type-options"], path).toBe("nosniff");
    expect((await icon.body()).length, path).toBeGreaterThan(100);
  }
});

/** `next start` on the e2e build with exactly these variables; its exit code and output. */
function startNext(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const next = join(
    createRequire(join(process.cwd(), "package.json")).resolve("next/package.json"),
    "..",
    "dist",
    "bin",
    "next",
  );
  const child = spawn(
    process.execPath,
    [next, "start", "--hostname", "127.0.0.1", "--port", String(freePortSync())],
    {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        WAYPOINT_NEXT_DIST_DIR: ".next-test",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    // A server that keeps running has not refused: stop it and report that.
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test.describe("a production build in local mode", () => {
  test("refuses to start without WAYPOINT_ALLOW_LOCAL_AUTH=1, with one clear message", async () => {
    const { code, output } = await startNext({
      WAYPOINT_AUTH_MODE: "local",
      WAYPOINT_SESSION_SECRET: "a-random-secret-of-at-least-thirty-two-chars",
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain(LOCAL_AUTH_IN_PRODUCTION_MESSAGE);
  });

  test("refuses to start with the public default session secret, even opted in", async () => {
    const { code, output } = await startNext({
      WAYPOINT_AUTH_MODE: "local",
      WAYPOINT_ALLOW_LOCAL_AUTH: "1",
    });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/WAYPOINT_SESSION_SECRET: the public default is refused/);
  });

  test("refuses to start without WAYPOINT_AUTH_MODE", async () => {
    const { code, output } = await startNext({});
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/WAYPOINT_AUTH_MODE: required when NODE_ENV=production/);
  });
});
