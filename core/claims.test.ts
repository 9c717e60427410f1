import { __experimental_JWTPayloadToAuthObjectProperties as clerkParse } from "@clerk/shared/jwtPayloadParser";
import { describe, expect, it } from "vitest";
import {
  decodeOrgPermissions,
  encodeOrgPermissions,
  normalizeClaims,
  toResolverContext,
  type SessionClaims,
} from "./claims";

function ok(payload: unknown): SessionClaims {
  const result = normalizeClaims(payload);
  if (!result.ok) throw new Error(`expected claims, got ${result.error}`);
  return result.claims;
}

describe("normalizeClaims v1", () => {
  it("reads a personal session", () => {
    const claims = ok({ sub: "user_1", sid: "sess_1", iss: "x", exp: 1 });
    expect(claims).toEqual({
      userId: "user_1",
      sessionId: "sess_1",
      sessionStatus: undefined,
      orgId: undefined,
      orgRole: undefined,
      orgSlug: undefined,
      orgPermissions: [],
      impersonatorId: undefined,
      format: "v1",
    });
    expect(toResolverContext(claims)).toEqual({
      userId: "user_1",
      orgId: "",
      orgRole: "",
      orgSlug: "",
      orgPermissions: "",
      impersonatorId: "",
    });
  });

  it("reads an org session with its permissions", () => {
    const claims = ok({
      sub: "user_1",
      org_id: "org_1",
      org_role: "org:admin",
      org_slug: "acme",
      org_permissions: ["org:milestones:manage", "org:members:read"],
    });
    expect(toResolverContext(claims)).toEqual({
      userId: "user_1",
      orgId: "org_1",
      orgRole: "org:admin",
      orgSlug: "acme",
      orgPermissions: "org:milestones:manage,org:members:read",
      impersonatorId: "",
    });
  });

  it("rejects a payload without a subject or with ill-typed org claims", () => {
    expect(normalizeClaims({ org_id: "org_1" })).toEqual({ ok: false, error: "invalid_payload" });
    expect(normalizeClaims({ sub: "" })).toEqual({ ok: false, error: "missing_subject" });
    expect(normalizeClaims({ sub: "u", org_permissions: "org:a:b" })).toEqual({
      ok: false,
      error: "invalid_payload",
    });
    expect(normalizeClaims(null)).toEqual({ ok: false, error: "invalid_payload" });
    expect(normalizeClaims("user_1")).toEqual({ ok: false, error: "invalid_payload" });
  });
});

describe("normalizeClaims v2", () => {
  const base = { sub: "user_2", sid: "sess_2", sts: "active", v: 2 };

  it("prefixes the role and expands permissions from fea + per + fpm", () => {
    const claims = ok({
      ...base,
      fea: "o:milestones,u:profile,o:members",
      // actions: read=bit0, create=bit1, manage=bit2
      o: { id: "org_2", rol: "admin", slg: "globex", per: "read,create,manage", fpm: "7,1" },
    });
    expect(claims.orgRole).toBe("org:admin");
    expect(claims.sessionStatus).toBe("active");
    expect(claims.orgPermissions).toEqual([
      "org:milestones:read",
      "org:milestones:create",
      "org:milestones:manage",
      "org:members:read",
    ]);
    expect(claims.format).toBe("v2");
  });

  it("keeps custom roles and treats ou/uo features as org features", () => {
    const claims = ok({
      ...base,
      fea: "ou:reports, uo:exports",
      o: { id: "org_3", rol: "billing_manager", slg: "x", per: "view,export", fpm: "2,3" },
    });
    expect(claims.orgRole).toBe("org:billing_manager");
    expect(claims.orgPermissions).toEqual([
      "org:reports:export",
      "org:exports:view",
      "org:exports:export",
    ]);
  });

  it("has no org without `o`, and no permissions without per or fpm", () => {
    expect(ok(base).orgId).toBeUndefined();
    expect(ok({ ...base, fea: "o:a", o: { id: "org_1", rol: "member" } }).orgPermissions).toEqual(
      [],
    );
  });

  it("grants nothing for a malformed mask and ignores bits beyond the actions", () => {
    const claims = ok({
      ...base,
      fea: "o:a,o:b,o:c,o:d",
      o: { id: "org_1", rol: "member", per: "read,write", fpm: "x1,-1,1.0,15" },
    });
    expect(claims.orgPermissions).toEqual(["org:d:read", "org:d:write"]);
  });

  it("decodes masks wider than 53 bits exactly", () => {
    const actions = Array.from({ length: 70 }, (_, i) => `a${i}`);
    const mask = ((1n << 69n) | 1n).toString(); // 590295810358705651713
    expect(decodeOrgPermissions(["f"], actions.join(","), mask)).toEqual(["org:f:a0", "org:f:a69"]);
  });

  it("fails, where Clerk's parser throws, on a feature without a scope", () => {
    expect(normalizeClaims({ ...base, fea: "o:a,broken", o: { id: "org_1" } })).toEqual({
      ok: false,
      error: "malformed_features",
    });
  });

  it("rejects a non-string role", () => {
    expect(normalizeClaims({ ...base, o: { id: "org_1", rol: 1 } }).ok).toBe(false);
  });
});

describe("encodeOrgPermissions", () => {
  it("round-trips through the decoder", () => {
    const features = ["milestones", "members"];
    const permissions = ["org:milestones:read", "org:members:read", "org:milestones:manage"];
    const { per, fpm } = encodeOrgPermissions(features, permissions);
    expect(per).toBe("read,manage");
    expect(fpm).toBe("3,1");
    expect(new Set(decodeOrgPermissions(features, per, fpm))).toEqual(new Set(permissions));
  });

  it("refuses keys it cannot encode", () => {
    expect(() => encodeOrgPermissions(["a"], ["org:b:read"])).toThrow(/unknown feature/);
    expect(() => encodeOrgPermissions(["a"], ["a:read"])).toThrow(/not an org permission/);
  });
});

/** A small deterministic PRNG, so a failure reproduces. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("agreement with @clerk/shared's jwtPayloadParser", () => {
  const random = prng(20261126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const maybe = <T>(value: T): T | undefined => (random() < 0.2 ? undefined : value);
  const maskChoices = ["0", "1", "3", "7", "15", "255", "0007", "", " 5 ", "x", "-1", "2.5"];
  const bigMask = () => (BigInt(Math.floor(random() * 2 ** 30)) << 60n).toString();
  const feaChoices = ["o:a", "u:b", "ou:c", "uo:d", " o:e ", "o:", "x:f", "o:g", "no_colon"];

  function v2Payload() {
    const fea = maybe(
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(feaChoices)).join(","),
    );
    const per = maybe(
      Array.from({ length: Math.floor(random() * 5) }, (_, i) =>
        pick(["read", "write", " x ", `p${i}`]),
      ).join(","),
    );
    const fpm = maybe(
      Array.from({ length: Math.floor(random() * 5) }, () =>
        random() < 0.1 ? bigMask() : pick(maskChoices),
      ).join(","),
    );
    const o = maybe({
      id: maybe(`org_${Math.floor(random() * 10)}`),
      rol: maybe(pick(["admin", "member", "", "custom_role"])),
      slg: maybe("slug"),
      per,
      fpm,
    });
    return {
      sub: "user_x",
      sid: "sess_x",
      v: 2,
      ...(fea === undefined ? {} : { fea }),
      ...(o ? { o } : {}),
    };
  }

  function v1Payload() {
    return {
      sub: "user_y",
      org_id: maybe("org_1"),
      org_role: maybe(pick(["org:admin", "org:member", "org:custom"])),
      org_slug: maybe("acme"),
      org_permissions: maybe(["org:a:read", "org:b:write"].slice(0, Math.floor(random() * 3))),
    };
  }

  it("produces what Clerk produces on 2,000 generated payloads", () => {
    let compared = 0;
    let thrown = 0;
    for (let i = 0; i < 2000; i++) {
      const payload = i % 4 === 0 ? v1Payload() : v2Payload();
      let expected: ReturnType<typeof clerkParse> | undefined;
      try {
        expected = clerkParse(payload as Parameters<typeof clerkParse>[0]);
      } catch {
        expected = undefined;
      }
      const ours = normalizeClaims(payload);
      if (expected === undefined) {
        thrown++;
        expect(ours, JSON.stringify(payload)).toEqual({ ok: false, error: "malformed_features" });
        continue;
      }
      compared++;
      if (!ours.ok) throw new Error(`we rejected what Clerk accepts: ${JSON.stringify(payload)}`);
      expect(
        {
          userId: ours.claims.userId,
          orgId: ours.claims.orgId,
          orgRole: ours.claims.orgRole,
          orgSlug: ours.claims.orgSlug,
          orgPermissions: ours.claims.orgPermissions,
        },
        JSON.stringify(payload),
      ).toEqual({
        userId: expected.userId,
        orgId: expected.orgId,
        orgRole: expected.orgRole,
        orgSlug: expected.orgSlug,
        orgPermissions: expected.orgPermissions ?? [],
      });
    }
    // The generator must exercise both branches, or the comparison proves little.
    expect(compared).toBeGreaterThan(1000);
    expect(thrown).toBeGreaterThan(50);
  });
});
