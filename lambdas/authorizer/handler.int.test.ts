/** The authorizer against the real local issuer over HTTP: its JWKS, its tokens, its rotation. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO } from "../../local/issuer/seed";
import type { Issuer } from "../../local/issuer/server";
import { startTestIssuer } from "../../local/testing/issuer";
import { createHandler } from "./authorizer";

let issuer: Issuer;

beforeAll(async () => {
  issuer = await startTestIssuer({ seed: true });
  issuer.directory.createMembership({
    orgId: DEMO.orgs.globex.id,
    userId: DEMO.users.personal.id,
    role: "org:auditor",
    permissions: ["org:audit:read", "org:reports:export"],
  });
});
afterAll(async () => {
  await issuer.close();
});

async function mint(request: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${issuer.url}/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(request),
  });
  if (!response.ok) throw new Error(`mint failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

const event = (authorizationToken: string) => ({
  authorizationToken,
  requestContext: {
    apiId: "api",
    accountId: "1",
    requestId: "r",
    queryString: "{ me { id } }",
    variables: {},
  },
});

function handlerFor(now: () => number = Date.now) {
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler(
    {
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_ISSUER: issuer.url,
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
      AUTH_CACHE_TTL_SECONDS: "300",
    },
    { now, log: (entry) => logs.push(entry) },
  );
  return { handler, logs };
}

const { acmeAdmin, acmeMember1, personal } = DEMO.users;
const acme = DEMO.orgs.acme;

describe("the authorizer with the local issuer", () => {
  const cases = [
    {
      name: "personal",
      request: { userId: personal.id },
      context: {
        userId: personal.id,
        orgId: "",
        orgRole: "",
        orgSlug: "",
        orgPermissions: "",
        impersonatorId: "",
      },
    },
    {
      name: "org member",
      request: { userId: acmeMember1.id, orgId: acme.id },
      context: {
        userId: acmeMember1.id,
        orgId: acme.id,
        orgRole: "org:member",
        orgSlug: "acme",
        orgPermissions: "org:milestones:read,org:milestones:create",
        impersonatorId: "",
      },
    },
    {
      name: "org admin",
      request: { userId: acmeAdmin.id, orgId: acme.id },
      context: {
        userId: acmeAdmin.id,
        orgId: acme.id,
        orgRole: "org:admin",
        orgSlug: "acme",
        // Clerk leaves system permissions (org:sys_*) out of tokens; the issuer does too.
        orgPermissions: "org:milestones:read,org:milestones:create,org:milestones:manage",
        impersonatorId: "",
      },
    },
    {
      name: "custom role with permissions",
      request: { userId: personal.id, orgId: DEMO.orgs.globex.id },
      context: {
        userId: personal.id,
        orgId: DEMO.orgs.globex.id,
        orgRole: "org:auditor",
        orgSlug: "globex",
        orgPermissions: "org:audit:read,org:reports:export",
        impersonatorId: "",
      },
    },
  ];

  for (const { name, request, context } of cases) {
    for (const format of ["v1", "v2"] as const) {
      it(`gives exactly the expected resolverContext: ${name}, ${format}`, async () => {
        const { handler } = handlerFor();
        const result = await handler(event(`Bearer ${await mint({ ...request, format })}`));
        expect(result).toEqual({
          isAuthorized: true,
          resolverContext: context,
          ttlOverride: expect.any(Number) as number,
        });
        expect(result.ttlOverride).toBeGreaterThan(55);
        expect(result.ttlOverride).toBeLessThanOrEqual(60);
      });
    }
  }

  it("denies a pending session from the issuer", async () => {
    const { handler, logs } = handlerFor();
    expect(
      (await handler(event(await mint({ userId: personal.id, sessionStatus: "pending" }))))
        .isAuthorized,
    ).toBe(false);
    expect(logs.at(-1)).toMatchObject({ reason: "session_pending" });
  });

  it("follows a key rotation without restart, and keeps cached keys while the JWKS is down", async () => {
    let clock = Date.now();
    const { handler, logs } = handlerFor(() => clock);
    // Tokens that outlive the simulated minutes below.
    const before = await mint({ userId: acmeAdmin.id, lifetimeSeconds: 900 });
    expect((await handler(event(before))).isAuthorized).toBe(true);

    await fetch(`${issuer.url}/admin/keys/rotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const rotated = await mint({ userId: acmeAdmin.id, lifetimeSeconds: 900 });
    // A refetch for the new kid happens once the 60 s interval since the last fetch has passed.
    clock += 61_000;
    expect((await handler(event(rotated))).isAuthorized).toBe(true);
    expect(logs.filter((l) => l.event === "jwks.fetched")).toHaveLength(2);

    // One more rotation, then the JWKS endpoint goes away.
    await fetch(`${issuer.url}/admin/keys/rotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const unseen = await mint({ userId: acmeAdmin.id, lifetimeSeconds: 900 });
    const alsoUnseen = await mint({ userId: acmeMember1.id, lifetimeSeconds: 900 });
    await issuer.close();
    clock += 61_000;
    expect(await handler(event(unseen))).toEqual({ isAuthorized: false, ttlOverride: 0 });
    expect(logs.at(-1)).toMatchObject({ reason: "unknown_kid" });
    expect(logs.some((l) => l.event === "jwks.fetch_failed")).toBe(true);
    expect((await handler(event(alsoUnseen))).isAuthorized).toBe(false);
    // Tokens under keys fetched before the outage keep working.
    expect((await handler(event(before))).isAuthorized).toBe(true);
    expect((await handler(event(rotated))).isAuthorized).toBe(true);
    issuer = await startTestIssuer({ seed: true });
  });

  it("configures the exported `handler` from the environment at cold start", async () => {
    vi.stubEnv("CLERK_JWKS_URL", issuer.jwksUrl);
    vi.stubEnv("CLERK_ISSUER", issuer.url);
    vi.stubEnv("CLERK_AUTHORIZED_PARTIES", "http://localhost:3000");
    vi.resetModules();
    // Powertools writes to stdout and (warnings, errors) stderr, as on Lambda.
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const outSpy = vi.spyOn(process.stdout, "write").mockImplementation(capture);
    const errSpy = vi.spyOn(process.stderr, "write").mockImplementation(capture);
    try {
      const { handler } = await import("./handler");
      const token = await mint({ userId: acmeAdmin.id, orgId: acme.id, format: "v1" });
      expect(await handler(event(token))).toMatchObject({
        isAuthorized: true,
        resolverContext: { userId: acmeAdmin.id, orgRole: "org:admin" },
      });
      expect(await handler(event("garbage"))).toEqual({ isAuthorized: false, ttlOverride: 0 });
      outSpy.mockRestore();
      errSpy.mockRestore();
      const logged = written.join("");
      expect(logged).toContain('"reason":"token_malformed"');
      expect(logged).toContain('"AuthorizerDecisions":1');
      expect(logged).not.toContain(token.slice(0, 30));
    } finally {
      outSpy.mockRestore();
      errSpy.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
