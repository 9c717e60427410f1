/**
 * The issuer's three surfaces, request by request over real HTTP (node:http, so that `Host`
 * and odd paths go out exactly as written): which requests each answers, with what status,
 * and which error shape — ours (`{ error: { code, message, details? } }`) on the public and
 * admin surfaces, Clerk's (`{ errors: [{ code, message, long_message, meta }] }`) on the
 * Backend API, so that @clerk/backend raises its ClerkAPIResponseError.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, TEST_SECRET_KEY } from "../testing/issuer";
import { DEMO } from "./seed";
import type { Issuer } from "./server";

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startTestIssuer({ seed: true });
});
afterAll(async () => {
  await issuer.close();
});

interface Answer {
  status: number;
  type: string | undefined;
  body: unknown;
}

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { hostname, port } = new URL(issuer.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const type = res.headers["content-type"];
        resolve({
          status: res.statusCode ?? 0,
          type,
          body: type === "application/json" && text ? (JSON.parse(text) as unknown) : text,
        });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

const BEARER = { authorization: `Bearer ${TEST_SECRET_KEY}` };
const JSON_BODY = { "content-type": "application/json" };
const ours = (code: string, message?: string) => ({
  error: { code, ...(message === undefined ? {} : { message }) },
});
const clerks = (code: string, message?: string) => ({
  errors: [
    {
      code,
      ...(message === undefined ? {} : { message, long_message: message }),
      meta: {},
    },
  ],
  clerk_trace_id: expect.stringMatching(/^trace_/) as unknown,
});

describe("the public surface", () => {
  it("serves the JWKS (at both addresses), discovery, health and avatars, to anyone", async () => {
    const jwks = await send("GET", "/.well-known/jwks.json");
    expect(jwks).toMatchObject({ status: 200, type: "application/json" });
    expect((jwks.body as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect(await send("GET", "/v1/jwks")).toEqual(jwks);
    expect((await send("GET", "/.well-known/openid-configuration")).body).toEqual({
      issuer: issuer.url,
      jwks_uri: `${issuer.url}/.well-known/jwks.json`,
    });
    expect(await send("GET", "/healthz")).toMatchObject({ status: 200, body: { ok: true } });
    const avatar = await send("GET", `/avatars/${DEMO.users.acmeAdmin.id}.svg`);
    expect(avatar).toMatchObject({ status: 200, type: "image/svg+xml" });
    expect(avatar.body).toMatch(/^<svg .*>AL<\/text><\/svg>$/);
  });

  it("answers only the exact path and method of each, 404 in our shape otherwise", async () => {
    for (const [method, path] of [
      ["GET", "/.well-known/jwks.json/"],
      ["GET", "/healthz/"],
      ["POST", "/healthz"],
      ["GET", "/avatars/a/b.svg"],
      ["GET", "/"],
      ["GET", "/nothing"],
    ] as const) {
      expect(await send(method, path), `${method} ${path}`).toMatchObject({
        status: 404,
        type: "application/json",
        body: ours("not_found", "not found"),
      });
    }
  });

  it("refuses a foreign Host on every surface, each in its own shape", async () => {
    const foreign = { host: "attacker.test" };
    expect(await send("GET", "/healthz", foreign)).toMatchObject({
      status: 421,
      body: ours("host_not_allowed"),
    });
    expect(await send("GET", "/admin/state", foreign)).toMatchObject({
      status: 421,
      body: ours("host_not_allowed"),
    });
    expect(await send("GET", "/v1/users", { ...foreign, ...BEARER })).toMatchObject({
      status: 421,
      body: clerks("host_not_allowed"),
    });
  });

  it("answers a malformed percent-encoding 400, in the shape of the path's surface", async () => {
    expect(await send("GET", "/%E0%A4%A")).toMatchObject({
      status: 400,
      body: ours("invalid_path", "malformed percent-encoding in the path"),
    });
    expect(await send("GET", "/v1/users/%E0%A4%A", BEARER)).toMatchObject({
      status: 400,
      body: clerks("invalid_path", "malformed percent-encoding in the path"),
    });
  });

  it("answers a request target that is no URL 400 (it used to leave an unhandled rejection)", async () => {
    expect(await send("GET", "//[")).toMatchObject({
      status: 400,
      body: ours("invalid_path", "the request target is not a path"),
    });
    expect(await send("GET", "/healthz")).toMatchObject({ status: 200 });
  });
});

describe("the admin surface", () => {
  it("routes by method and path (a trailing slash is the same path), 404 in our shape", async () => {
    expect(await send("GET", "/admin/state/")).toMatchObject({ status: 200 });
    const webhooks = await send("GET", "/admin/webhooks");
    expect(webhooks.status).toBe(200);
    expect((webhooks.body as { deliveries: unknown[] }).deliveries).toHaveLength(14);
    for (const [method, path] of [
      ["GET", "/admin/nothing"],
      ["POST", "/admin/state"],
      ["POST", "/admin/keys/other"],
      ["GET", "/admin/users/a/b"],
      ["HEAD", "/admin/state"],
      ["GET", "/admin"],
    ] as const) {
      const answer = await send(method, path, JSON_BODY, method === "POST" ? "{}" : undefined);
      expect(answer.status, `${method} ${path}`).toBe(404);
      if (method !== "HEAD") expect(answer.body).toEqual(ours("not_found", "no such admin route"));
    }
  });

  it("refuses foreign origins and non-JSON bodies before any route", async () => {
    expect(
      await send("POST", "/admin/nothing", { ...JSON_BODY, origin: "https://evil.test" }, "{}"),
    ).toMatchObject({ status: 403, body: ours("origin_not_allowed") });
    expect(
      await send("POST", "/admin/users", { "content-type": "text/plain" }, "{}"),
    ).toMatchObject({ status: 415, body: ours("unsupported_media_type") });
  });

  it("answers bad input 400 with details, unknown ids 404, conflicts 409, in our shape", async () => {
    const invalid = await send("POST", "/admin/users", JSON_BODY, JSON.stringify({ email: 1 }));
    expect(invalid).toMatchObject({ status: 400, body: ours("validation_error", "invalid input") });
    const details = (invalid.body as { error: { details: { path: string }[] } }).error.details;
    expect(details.map((d) => d.path).sort()).toEqual(["email", "firstName"]);
    expect(await send("POST", "/admin/users", JSON_BODY, "{not json")).toMatchObject({
      status: 400,
      body: ours("invalid_json", "body is not valid JSON"),
    });
    expect(
      await send("PATCH", "/admin/users/user_none", JSON_BODY, JSON.stringify({ firstName: "X" })),
    ).toEqual({
      status: 404,
      type: "application/json",
      body: { error: { code: "not_found", message: "no user user_none" } },
    });
    expect(
      await send(
        "POST",
        "/admin/organizations",
        JSON_BODY,
        JSON.stringify({ name: "Again", slug: "acme" }),
      ),
    ).toMatchObject({ status: 409, body: ours("conflict", "slug acme is taken") });
    expect(
      await send(
        "POST",
        "/admin/tokens",
        JSON_BODY,
        JSON.stringify({ userId: DEMO.users.personal.id, orgId: DEMO.orgs.acme.id }),
      ),
    ).toMatchObject({
      status: 403,
      body: ours(
        "not_a_member",
        `${DEMO.users.personal.id} is not a member of ${DEMO.orgs.acme.id}`,
      ),
    });
    expect(
      await send("POST", "/admin/tokens", JSON_BODY, JSON.stringify({ userId: "user_none" })),
    ).toMatchObject({ status: 404, body: ours("not_found", "no user user_none") });
    expect(await send("DELETE", "/admin/memberships/org_none/user_none")).toMatchObject({
      status: 404,
      body: ours("not_found"),
    });
  });

  it("mints a token and rotates the signing key", async () => {
    const minted = await send(
      "POST",
      "/admin/tokens",
      JSON_BODY,
      JSON.stringify({ userId: DEMO.users.acmeAdmin.id, orgId: DEMO.orgs.acme.id }),
    );
    expect(minted).toMatchObject({ status: 200, body: { token: expect.any(String) as unknown } });
    const rotated = await send("POST", "/admin/keys/rotate", JSON_BODY, "{}");
    expect(rotated).toMatchObject({ status: 200, body: { kid: expect.any(String) as unknown } });
  });
});

describe("the Backend API surface", () => {
  it("checks the key, then the method, then the path; every error in Clerk's shape", async () => {
    expect(await send("GET", "/v1/users")).toMatchObject({
      status: 401,
      body: clerks("authentication_invalid", "invalid or missing secret key"),
    });
    expect(await send("GET", "/v1/users", { authorization: "Bearer sk_wrong" })).toMatchObject({
      status: 401,
      body: clerks("authentication_invalid"),
    });
    expect(await send("POST", "/v1/nothing")).toMatchObject({ status: 401 });
    // Whatever reaches the Backend API answers in its shape (bare `/v1` used to answer in ours).
    expect(await send("GET", "/v1")).toMatchObject({
      status: 401,
      body: clerks("authentication_invalid"),
    });
    for (const path of ["/v1/users", "/v1/nothing"]) {
      expect(await send("PUT", path, BEARER), path).toMatchObject({
        status: 405,
        body: clerks("method_not_allowed", "answers GET, PATCH, DELETE, POST only"),
      });
    }
    // A method the surface uses, on a path no route takes with it.
    expect(await send("POST", "/v1/users", BEARER)).toMatchObject({
      status: 404,
      body: clerks("resource_not_found", "no such endpoint"),
    });
    expect(
      await send("GET", "/v1/users", { ...BEARER, origin: "https://evil.test" }),
    ).toMatchObject({ status: 403, body: clerks("origin_not_allowed") });
    for (const path of ["/v1/nothing", "/v1/users/a/b/c", "/v1/organizations/a/b", "/v1/"]) {
      expect(await send("GET", path, BEARER), path).toMatchObject({
        status: 404,
        body: clerks("resource_not_found", "no such endpoint"),
      });
    }
    expect(await send("GET", "/v1/users/user_none", BEARER)).toMatchObject({
      status: 404,
      body: clerks("resource_not_found", "user not found"),
    });
    expect(await send("GET", "/v1/users/user_none/organization_memberships", BEARER)).toMatchObject(
      { status: 404, body: clerks("resource_not_found", "user not found") },
    );
    expect(await send("GET", "/v1/organizations/org_none/memberships", BEARER)).toMatchObject({
      status: 404,
      body: clerks("resource_not_found", "organization not found"),
    });
    // Clerk's shape has no room for the issues: the code says it.
    expect(await send("GET", "/v1/organizations?limit=0", BEARER)).toEqual({
      status: 400,
      type: "application/json",
      body: clerks("validation_error", "invalid input"),
    });
  });

  it("answers the reads reconciliation makes", async () => {
    const users = await send("GET", "/v1/users?limit=2&offset=1", BEARER);
    expect(users.status).toBe(200);
    expect(users.body).toHaveLength(2);
    expect((await send("GET", "/v1/users/count", BEARER)).body).toEqual({
      object: "total_count",
      total_count: Object.keys(DEMO.users).length,
    });
    const ada = await send("GET", `/v1/users/${DEMO.users.acmeAdmin.id}`, BEARER);
    expect(ada).toMatchObject({ status: 200, body: { id: DEMO.users.acmeAdmin.id } });
    const theirs = await send(
      "GET",
      `/v1/users/${DEMO.users.acmeAdmin.id}/organization_memberships`,
      BEARER,
    );
    expect(theirs.body).toMatchObject({ total_count: 1 });
    expect((await send("GET", "/v1/organizations", BEARER)).body).toMatchObject({
      total_count: 2,
    });
    const acme = await send("GET", `/v1/organizations/${DEMO.orgs.acme.id}`, BEARER);
    expect(acme).toMatchObject({ status: 200, body: { id: DEMO.orgs.acme.id, slug: "acme" } });
    const members = await send(
      "GET",
      `/v1/organizations/${DEMO.orgs.acme.id}/memberships?limit=1`,
      BEARER,
    );
    expect(members.body).toMatchObject({ total_count: 3 });
    expect((members.body as { data: unknown[] }).data).toHaveLength(1);
  });
});
