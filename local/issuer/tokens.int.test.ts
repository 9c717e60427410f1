import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JWTPayload,
} from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeClaims, toResolverContext } from "../../core/claims";
import { startTestIssuer } from "../testing/issuer";
import { DEMO } from "./seed";
import type { Issuer } from "./server";

let issuer: Issuer;

beforeAll(async () => {
  issuer = await startTestIssuer({ seed: true });
});
afterAll(async () => {
  await issuer.close();
});

async function mint(body: Record<string, unknown>) {
  const response = await fetch(`${issuer.url}/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { token: string; expiresAt: number },
  };
}

async function verify(token: string) {
  const jwks = createRemoteJWKSet(new URL(issuer.jwksUrl));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    algorithms: ["RS256"],
    issuer: issuer.url,
  });
  return { payload, protectedHeader };
}

function context(payload: JWTPayload) {
  const result = normalizeClaims(payload);
  if (!result.ok) throw new Error(result.error);
  return toResolverContext(result.claims);
}

const { acmeAdmin, acmeMember1, personal } = DEMO.users;
const acme = DEMO.orgs.acme;

describe("tokens minted by the issuer", () => {
  it("verify with jose against the JWKS and carry Clerk's standard claims", async () => {
    const { status, body } = await mint({ userId: acmeAdmin.id, orgId: acme.id });
    expect(status).toBe(200);
    const { payload, protectedHeader } = await verify(body.token);
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(protectedHeader.kid).toMatch(/^ins_local_/);
    expect(payload).toMatchObject({
      sub: acmeAdmin.id,
      azp: "http://localhost:3000",
      v: 2,
      sts: "active",
    });
    expect(payload.sid).toMatch(/^sess_/);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(body.expiresAt).toBe(payload.exp);
  });

  it("give the same resolverContext in v1 and v2 for an admin, a member and a personal user", async () => {
    const cases = [
      {
        request: { userId: acmeAdmin.id, orgId: acme.id },
        expected: {
          userId: acmeAdmin.id,
          orgId: acme.id,
          orgRole: "org:admin",
          orgSlug: "acme",
          orgPermissions:
            // Clerk leaves system permissions (org:sys_*) out of session tokens; so does the issuer.
            "org:milestones:read,org:milestones:create,org:milestones:manage",
          impersonatorId: "",
        },
      },
      {
        request: { userId: acmeMember1.id, orgId: acme.id },
        expected: {
          userId: acmeMember1.id,
          orgId: acme.id,
          orgRole: "org:member",
          orgSlug: "acme",
          orgPermissions: "org:milestones:read,org:milestones:create",
          impersonatorId: "",
        },
      },
      {
        request: { userId: personal.id },
        expected: {
          userId: personal.id,
          orgId: "",
          orgRole: "",
          orgSlug: "",
          orgPermissions: "",
          impersonatorId: "",
        },
      },
    ];
    for (const { request, expected } of cases) {
      for (const format of ["v1", "v2"] as const) {
        const { body } = await mint({ ...request, format });
        const { payload } = await verify(body.token);
        expect(format === "v2" ? payload.v : payload.org_role, format).toBe(
          format === "v2" ? 2 : request.orgId ? expected.orgRole : undefined,
        );
        expect(context(payload), `${request.userId} ${format}`).toEqual(expected);
      }
    }
  });

  it("encode v2 permissions compactly: rol without prefix, fea + per + fpm", async () => {
    const { body } = await mint({ userId: acmeMember1.id, orgId: acme.id, format: "v2" });
    const { payload } = await verify(body.token);
    expect(payload.o).toEqual({
      id: acme.id,
      rol: "member",
      slg: "acme",
      per: "read,create",
      fpm: "3",
    });
    expect(payload.fea).toBe("o:milestones");
    expect(payload).not.toHaveProperty("org_permissions");
  });

  it("carry a custom role's own permissions", async () => {
    await fetch(`${issuer.url}/admin/memberships`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        orgId: DEMO.orgs.globex.id,
        userId: personal.id,
        role: "org:auditor",
        permissions: ["org:audit:read", "org:reports:export"],
      }),
    });
    for (const format of ["v1", "v2"] as const) {
      const { body } = await mint({ userId: personal.id, orgId: DEMO.orgs.globex.id, format });
      const ctx = context((await verify(body.token)).payload);
      expect(ctx.orgRole).toBe("org:auditor");
      expect(ctx.orgPermissions.split(",").sort()).toEqual([
        "org:audit:read",
        "org:reports:export",
      ]);
    }
  });

  it("mark pending sessions", async () => {
    const { body } = await mint({ userId: personal.id, sessionStatus: "pending" });
    expect((await verify(body.token)).payload.sts).toBe("pending");
  });

  it("are refused for a user outside the org, an unknown user, or bad input", async () => {
    expect((await mint({ userId: personal.id, orgId: acme.id })).status).toBe(403);
    expect((await mint({ userId: "user_nobody" })).status).toBe(404);
    expect((await mint({ userId: acmeAdmin.id, format: "v3" })).status).toBe(400);
    expect((await mint({})).status).toBe(400);
  });

  it("after key rotation carry the new kid, while tokens signed before still verify", async () => {
    const before = (await mint({ userId: acmeAdmin.id })).body.token;
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await fetch(`${issuer.url}/admin/keys/rotate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const { kid: newKid } = (await rotated.json()) as { kid: string };
    expect(newKid).not.toBe(oldKid);

    const after = (await mint({ userId: acmeAdmin.id })).body.token;
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([newKid, oldKid]);
    // A verifier holding a fresh copy of the JWKS accepts both.
    const local = createLocalJWKSet(jwks);
    await expect(jwtVerify(before, local)).resolves.toBeTruthy();
    await expect(jwtVerify(after, local)).resolves.toBeTruthy();
    // And the JWKS never exposes private parts.
    expect(JSON.stringify(jwks)).not.toMatch(/"(d|p|q|dp|dq|qi)":/);
  });
});
