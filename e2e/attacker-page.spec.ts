/**
 * A web page the developer visits cannot drive the local stack (docs/local-stack.md, "What a
 * web page can do"), in a real Chromium: the attacker's page is served from its own origin
 * (`rebind.attacker.test`, resolved to 127.0.0.1 by Chromium's host-resolver rules, as DNS
 * rebinding makes it resolve), fires the no-cors `text/plain` POSTs a page can send without
 * a preflight, and navigates to the stack's ports under its own name.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromiumLaunchOptions } from "./support/chromium";
import { expect, test } from "./support/fixtures";
import { issuer } from "./support/issuer";
import { stack } from "./support/stack";

const ATTACKER = "rebind.attacker.test";
const launch = chromiumLaunchOptions();
test.use({
  launchOptions: {
    ...launch,
    args: [...(launch.args ?? []), `--host-resolver-rules=MAP ${ATTACKER} 127.0.0.1`],
  },
});

let server: Server;
let attackerOrigin: string;

test.beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>cats</title>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  attackerOrigin = `http://${ATTACKER}:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const port = (url: string) => new URL(url).port;

test("a visited page can neither change the issuer by no-cors POST nor read the stack by DNS rebinding", async ({
  page,
  createUser,
}) => {
  const victim = await createUser("Victor", "Visitor");
  const org = await issuer.createOrg({
    name: `Target ${Date.now()}`,
    slug: `target-${Date.now()}`,
  });
  const kidBefore = (
    (await (await fetch(`${stack.issuerUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    }
  ).keys.map((k) => k.kid);

  await page.goto(`${attackerOrigin}/`);
  expect(await page.title()).toBe("cats");
  // What the page runs: fire-and-forget POSTs, no preflight, the answers opaque to it.
  const sent = await page.evaluate(
    async ({ issuerUrl, orgId, userId }) => {
      const post = (path: string, body: string) =>
        fetch(`${issuerUrl}${path}`, { method: "POST", mode: "no-cors", body }).then(
          (r) => r.type,
          (e: unknown) => `failed: ${String(e)}`,
        );
      return [
        await post("/admin/memberships", JSON.stringify({ orgId, userId, role: "org:admin" })),
        await post("/admin/tokens", JSON.stringify({ userId })),
        await post("/admin/keys/rotate", ""),
      ];
    },
    { issuerUrl: stack.issuerUrl, orgId: org.id, userId: victim.id },
  );
  // The browser did send them (an opaque answer is a sent request), so the refusal is ours.
  expect(sent).toEqual(["opaque", "opaque", "opaque"]);
  const state = await issuer.state();
  expect(state.memberships.some((m) => m.orgId === org.id && m.userId === victim.id)).toBe(false);
  const kidAfter = (
    (await (await fetch(`${stack.issuerUrl}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    }
  ).keys.map((k) => k.kid);
  expect(kidAfter).toEqual(kidBefore);

  // DNS rebinding: the attacker's name now points at 127.0.0.1; the browser calls the stack's
  // ports as the page's own origin, with Host: rebind.attacker.test:<port>.
  for (const [name, url] of [
    ["issuer admin state", `http://${ATTACKER}:${port(stack.issuerUrl)}/admin/state`],
    ["issuer JWKS", `http://${ATTACKER}:${port(stack.issuerUrl)}/.well-known/jwks.json`],
    ["local AppSync", `http://${ATTACKER}:${port(stack.apiUrl)}/graphql`],
    ["webhook receiver", `http://${ATTACKER}:${port(stack.webhookUrl)}/webhooks/clerk`],
  ] as const) {
    const response = await page.goto(url);
    expect(response?.status(), name).toBe(421);
    const text = await page.locator("body").innerText();
    expect(text, name).not.toContain(victim.id);
    expect(text, name).not.toContain('"kid"');
  }
});
