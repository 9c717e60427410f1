/**
 * The local sign-in route against a real local issuer (the directory it signs users in
 * from): which requests it accepts, and the flags of the cookie it sets.
 */
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startIssuer, type Issuer } from "@/local/issuer/server";

let issuer: Issuer;
const secret = "a-random-secret-of-at-least-thirty-two-chars";
const publishableKey = `pk_test_${Buffer.from("waypoint-test.clerk.accounts.dev$").toString("base64")}`;

beforeAll(async () => {
  issuer = await startIssuer({
    port: 0,
    webhookUrl: "",
    webhookSecret: "whsec_d2F5cG9pbnQtbG9jYWwtd2ViaG9vay1zZWNyZXQ=",
    retryScheduleMs: [0],
    secretKey: "sk_test_route",
    authorizedParty: "http://127.0.0.1:3000",
    tokenLifetimeSeconds: 60,
    seed: true,
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await issuer.close();
});

/** The route's POST in a fresh module graph, under these variables (getEnv() caches). */
async function routeWith(env: Record<string, string>) {
  vi.unstubAllEnvs();
  vi.stubEnv("WAYPOINT_ISSUER_URL", issuer.url);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import("./route")).POST;
}

const production = {
  NODE_ENV: "production",
  WAYPOINT_AUTH_MODE: "local",
  WAYPOINT_ALLOW_LOCAL_AUTH: "1",
  WAYPOINT_SESSION_SECRET: secret,
};
const development = { NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" };

function signInRequest(headers: Record<string, string>, url = "http://127.0.0.1:3000") {
  return new NextRequest(`${url}/api/local/sign-in`, {
    method: "POST",
    headers: { host: new URL(url).host, "content-type": "application/json", ...headers },
    body: JSON.stringify({ userId: "user_ada" }),
  });
}

describe("POST /api/local/sign-in", () => {
  it("sets a Secure __Host- cookie, HttpOnly and SameSite=Lax, under NODE_ENV=production", async () => {
    const POST = await routeWith(production);
    const response = await POST(signInRequest({ "sec-fetch-site": "same-origin" }));
    expect(response.status).toBe(303);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-waypoint_session=[\w-]+\.[\w-]+;/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("outside production: Secure only when the request came over HTTPS", async () => {
    const POST = await routeWith(development);
    const plain = await POST(signInRequest({ "sec-fetch-site": "same-origin" }));
    expect(plain.status).toBe(303);
    const cookie = plain.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^waypoint_session=/);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);

    const proxied = await POST(
      signInRequest({ "sec-fetch-site": "same-origin", "x-forwarded-proto": "https" }),
    );
    expect(proxied.headers.get("set-cookie")).toMatch(/^__Host-waypoint_session=.*; Secure/i);
  });

  it("refuses cross-site requests with 403 and sets no cookie", async () => {
    const POST = await routeWith(development);
    const refused: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { origin: "http://evil.example" },
      // A form posted by another site's page in an old browser, or a script that says nothing.
      {},
    ];
    for (const headers of refused) {
      const response = await POST(signInRequest(headers));
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.json()).toMatchObject({ error: /cross-site sign-in refused/ });
    }
    expect((await POST(signInRequest({ origin: "http://127.0.0.1:3000" }))).status).toBe(303);
  });

  it("refuses plain http on a public host under production, where the cookie could not be kept", async () => {
    const POST = await routeWith(production);
    const response = await POST(
      signInRequest({ "sec-fetch-site": "same-origin" }, "http://dashboard.example.com"),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: /needs https/ });
  });

  it("answers 404 in Clerk mode", async () => {
    const POST = await routeWith({
      NODE_ENV: "production",
      WAYPOINT_AUTH_MODE: "clerk",
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
      CLERK_SECRET_KEY: "sk_test_x",
    });
    expect((await POST(signInRequest({ "sec-fetch-site": "same-origin" }))).status).toBe(404);
  });
});
