/**
 * A web page the developer visits cannot drive the local stack (local/loopback-guard.ts):
 * real HTTP requests, shaped as a browser sends them, against the real issuer, local AppSync
 * and webhook receiver. Node's fetch will not set `Host`, so requests go through node:http.
 */
import { request as httpRequest } from "node:http";
import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../api/resolvers";
import { startTestAppSync } from "./appsync/testing/endpoint";
import { graphql, mintToken } from "./appsync/testing/client";
import { startFunctionUrlServer, type FunctionUrlServer } from "./function-url";
import { DEMO } from "./issuer/seed";
import type { Issuer } from "./issuer/server";
import { createTestTable } from "./testing/dynamodb";
import { startReceiver, startTestIssuer, TEST_SECRET_KEY } from "./testing/issuer";
import type { LocalAppSync } from "./appsync/server";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let issuer: Issuer;
let deliveries: Awaited<ReturnType<typeof startReceiver>>;
let appsync: LocalAppSync;
let receiver: FunctionUrlServer;
let handlerCalls = 0;

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const VICTIM = DEMO.users.personal.id;

beforeAll(async () => {
  deliveries = await startReceiver();
  [table, issuer] = await Promise.all([
    createTestTable("guard"),
    startTestIssuer({ seed: true, webhookUrl: deliveries.url }),
  ]);
  appsync = await startTestAppSync({ api, table, issuer });
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: () => {
      handlerCalls++;
      return Promise.resolve({ statusCode: 204 });
    },
  });
  await issuer.webhooks.idle();
});

afterAll(async () => {
  await receiver?.close();
  await appsync?.close();
  await issuer?.close();
  await deliveries?.close();
  await table?.drop();
});

interface Answer {
  status: number;
  text: string;
}

/** One request exactly as given (Host included), over real HTTP. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers: {
          ...(options.body === undefined
            ? {}
            : { "content-length": Buffer.byteLength(options.body) }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const port = (url: string) => new URL(url).port;
const rebound = (url: string) => `rebind.attacker.test:${port(url)}`;

interface State {
  memberships: { orgId: string; userId: string; role: string }[];
}
async function state(): Promise<State> {
  return (await (await fetch(`${issuer.url}/admin/state`)).json()) as State;
}
const victimInGlobex = async () =>
  (await state()).memberships.some((m) => m.orgId === GLOBEX && m.userId === VICTIM);

/** What the no-cors attack posts: make the victim a Globex admin (a real signed webhook). */
const MAKE_ADMIN = JSON.stringify({ orgId: GLOBEX, userId: VICTIM, role: "org:admin" });

describe("DNS rebinding: a Host that is not a loopback name", () => {
  it("is refused by the issuer on every route (admin, Backend API, public)", async () => {
    for (const path of ["/admin/state", "/v1/users", "/.well-known/jwks.json", "/healthz"]) {
      const answer = await send(`${issuer.url}${path}`, {
        headers: { host: rebound(issuer.url), authorization: `Bearer ${TEST_SECRET_KEY}` },
      });
      expect(answer.status, path).toBe(421);
      // The Backend API answers in Clerk's error shape, the rest in the issuer's own.
      const refusal: Record<string, unknown> = {
        code: "host_not_allowed",
        message: expect.stringContaining("loopback Host") as unknown,
      };
      expect(JSON.parse(answer.text), path).toMatchObject(
        path.startsWith("/v1/") ? { errors: [refusal] } : { error: refusal },
      );
      // Nothing of the directory or the keys leaks into the refusal.
      expect(answer.text).not.toMatch(/user_|"kid"/);
    }
    const mint = await send(`${issuer.url}/admin/tokens`, {
      method: "POST",
      headers: { host: rebound(issuer.url), "content-type": "application/json" },
      body: JSON.stringify({ userId: VICTIM }),
    });
    expect(mint.status).toBe(421);
    expect(mint.text).not.toContain("token");
  });

  it("is refused by the local AppSync, before the authorizer or any resolver", async () => {
    const token = await mintToken(issuer.url, { userId: VICTIM });
    const answer = await send(appsync.url, {
      method: "POST",
      headers: {
        host: rebound(appsync.url),
        "content-type": "application/json",
        authorization: token,
      },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.text)).toMatchObject({
      errors: [{ errorType: "MisdirectedRequest" }],
    });
  });

  it("is refused by the webhook receiver without calling the handler", async () => {
    const before = handlerCalls;
    const answer = await send(receiver.url, {
      method: "POST",
      headers: { host: rebound(receiver.url), "content-type": "application/json" },
      body: "{}",
    });
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { code: "host_not_allowed" } });
    expect(handlerCalls).toBe(before);
  });

  it("lets every loopback spelling through: 127.0.0.1, localhost, with or without a port", async () => {
    for (const host of [
      `127.0.0.1:${port(issuer.url)}`,
      `localhost:${port(issuer.url)}`,
      "localhost",
    ]) {
      expect((await send(`${issuer.url}/healthz`, { headers: { host } })).status, host).toBe(200);
    }
    const token = await mintToken(issuer.url, { userId: VICTIM });
    const me = await send(appsync.url, {
      method: "POST",
      headers: {
        host: `localhost:${port(appsync.url)}`,
        "content-type": "application/json",
        authorization: token,
      },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(me.status).toBe(200);
    const before = handlerCalls;
    const hook = await send(receiver.url, {
      method: "POST",
      headers: { host: `127.0.0.1:${port(receiver.url)}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(hook.status).toBe(204);
    expect(handlerCalls).toBe(before + 1);
  });
});

describe("a no-cors text/plain POST (sent by a page without a preflight)", () => {
  it("cannot make a user an admin, mint a token or rotate the keys", async () => {
    const deliveredBefore = deliveries.received.length;
    const kidBefore = issuer.keys.signingKey().kid;
    // What `fetch(url, { method: "POST", mode: "no-cors", body })` sends: text/plain, with
    // the page's Origin; and the same without an Origin (some clients strip it).
    for (const origin of [{ origin: "https://attacker.test" }, {}] as Record<string, string>[]) {
      for (const [path, body] of [
        ["/admin/memberships", MAKE_ADMIN],
        ["/admin/tokens", JSON.stringify({ userId: VICTIM })],
        ["/admin/keys/rotate", ""],
      ] as const) {
        const answer = await send(`${issuer.url}${path}`, {
          method: "POST",
          headers: { "content-type": "text/plain;charset=UTF-8", ...origin },
          body,
        });
        const expected = "origin" in origin ? 403 : 415;
        expect(answer.status, `${path} ${JSON.stringify(origin)}`).toBe(expected);
        expect(answer.text).not.toContain('"token"');
      }
    }
    // Also refused: form encodings, and no Content-Type at all.
    for (const type of [
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      undefined,
    ]) {
      const answer = await send(`${issuer.url}/admin/memberships`, {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: MAKE_ADMIN,
      });
      expect(answer.status, String(type)).toBe(415);
      expect(JSON.parse(answer.text)).toMatchObject({ error: { code: "unsupported_media_type" } });
    }
    expect(await victimInGlobex()).toBe(false);
    await issuer.webhooks.idle();
    expect(deliveries.received.length).toBe(deliveredBefore);
    expect(issuer.keys.signingKey().kid).toBe(kidBefore);
  });
});

describe("a foreign Origin", () => {
  it("is refused by the admin API and the Backend API, even with JSON", async () => {
    for (const origin of ["https://attacker.test", "null", "http://localhost.attacker.test:3000"]) {
      const admin = await send(`${issuer.url}/admin/memberships`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: MAKE_ADMIN,
      });
      expect(admin.status, origin).toBe(403);
      expect(JSON.parse(admin.text)).toMatchObject({ error: { code: "origin_not_allowed" } });
      const state = await send(`${issuer.url}/admin/state`, { headers: { origin } });
      expect(state.status, origin).toBe(403);
      const backend = await send(`${issuer.url}/v1/users`, {
        headers: { origin, authorization: `Bearer ${TEST_SECRET_KEY}` },
      });
      expect(backend.status, origin).toBe(403);
    }
    expect(await victimInGlobex()).toBe(false);
  });

  it("is fine when it is a loopback origin (the dashboard), or absent (tools, tests)", async () => {
    const created = await send(`${issuer.url}/admin/memberships`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        origin: "http://127.0.0.1:3000",
      },
      body: MAKE_ADMIN,
    });
    expect(created.status).toBe(201);
    expect(await victimInGlobex()).toBe(true);
    const removed = await send(`${issuer.url}/admin/memberships/${GLOBEX}/${VICTIM}`, {
      method: "DELETE",
      headers: { origin: "http://localhost:3000" },
    });
    expect(removed.status).toBe(200);
    expect(await victimInGlobex()).toBe(false);
  });
});

describe("the normal clients keep working", () => {
  it("@clerk/backend reads the Backend API", async () => {
    const clerk = createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url });
    const org = await clerk.organizations.getOrganization({ organizationId: ACME });
    expect(org.slug).toBe("acme");
  });

  it("a token from the admin API works against the local AppSync", async () => {
    const token = await mintToken(issuer.url, { userId: DEMO.users.acmeAdmin.id, orgId: ACME });
    const answer = await graphql(appsync.url, token, "{ me { id } }");
    expect(answer.status).toBe(200);
  });
});
