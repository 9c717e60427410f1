import { describe, expect, it } from "vitest";
import { cacheTtlSeconds, decideSession } from "./session";

const policy = { authorizedParties: ["https://app.test"], allowImpersonation: false };
const base = { sub: "user_1", sid: "sess_1", exp: 2_000_000_000, azp: "https://app.test" };

describe("decideSession", () => {
  it("allows an active v2 org session and builds the resolverContext", () => {
    const decision = decideSession(
      {
        ...base,
        v: 2,
        sts: "active",
        fea: "o:milestones",
        o: { id: "org_1", rol: "admin", slg: "acme", per: "read,manage", fpm: "3" },
      },
      policy,
    );
    expect(decision).toEqual({
      ok: true,
      expiresAt: 2_000_000_000,
      context: {
        userId: "user_1",
        orgId: "org_1",
        orgRole: "org:admin",
        orgSlug: "acme",
        orgPermissions: "org:milestones:read,org:milestones:manage",
        impersonatorId: "",
      },
    });
  });

  it("checks azp only when parties are configured, and then requires it", () => {
    const open = { authorizedParties: [], allowImpersonation: false };
    expect(decideSession({ sub: "u", sid: "s", exp: 1 }, open).ok).toBe(true);
    expect(decideSession({ sub: "u", sid: "s", exp: 1 }, policy)).toEqual({
      ok: false,
      reason: "azp_missing",
    });
    expect(decideSession({ ...base, azp: "https://other.test" }, policy)).toEqual({
      ok: false,
      reason: "azp_not_allowed",
    });
  });

  it("denies pending and unknown session statuses, allows v1 without sts", () => {
    expect(decideSession({ ...base, sts: "pending" }, policy)).toEqual({
      ok: false,
      reason: "session_pending",
    });
    expect(decideSession({ ...base, sts: "ended" }, policy)).toEqual({
      ok: false,
      reason: "session_status_unknown",
    });
    expect(decideSession(base, policy).ok).toBe(true);
  });

  it("refuses payloads it cannot read", () => {
    for (const payload of [null, [], "x", { ...base, exp: "2000000000" }, { ...base, sub: 1 }]) {
      expect(decideSession(payload, policy).ok, JSON.stringify(payload)).toBe(false);
    }
    expect(decideSession({ ...base, sub: "" }, policy)).toEqual({
      ok: false,
      reason: "subject_missing",
    });
  });
});

describe("session tokens only", () => {
  it("denies a JWT-template token (no `sid`) with its own reason, whatever its claims", () => {
    const template = { ...base, sid: undefined, org_id: "org_1", org_role: "org:admin" };
    for (const payload of [template, { ...base, sid: "" }, { ...base, sid: 42 }]) {
      expect(decideSession(payload, policy), JSON.stringify(payload)).toEqual({
        ok: false,
        reason: "not_a_session_token",
      });
    }
  });
});

describe("impersonation (`act`)", () => {
  const impersonated = {
    ...base,
    act: { sub: "user_support", iss: "https://dashboard.clerk.com" },
  };
  const allowing = { ...policy, allowImpersonation: true };

  it("is denied unless the policy allows it", () => {
    expect(decideSession(impersonated, policy)).toEqual({
      ok: false,
      reason: "impersonation_not_allowed",
    });
    // Even an actor claim that names nobody: an impersonation all the same.
    expect(decideSession({ ...base, act: {} }, policy)).toEqual({
      ok: false,
      reason: "impersonation_not_allowed",
    });
  });

  it("when allowed, carries the actor into the resolverContext, in v1 and v2", () => {
    const v1 = decideSession(impersonated, allowing);
    expect(v1).toMatchObject({
      ok: true,
      context: { userId: "user_1", impersonatorId: "user_support" },
    });
    const v2 = decideSession({ ...impersonated, v: 2, sts: "active" }, allowing);
    expect(v2).toMatchObject({ ok: true, context: { impersonatorId: "user_support" } });
    expect(decideSession(base, allowing)).toMatchObject({
      ok: true,
      context: { impersonatorId: "" },
    });
  });

  it("when allowed, refuses an actor claim it cannot attribute", () => {
    for (const act of [{}, { sub: "" }, { sub: 7 }, "user_support", null]) {
      expect(decideSession({ ...base, act }, allowing).ok, JSON.stringify(act)).toBe(false);
    }
  });
});

describe("cacheTtlSeconds", () => {
  it("never outlives the token, and stays within AppSync's 0–3600 s", () => {
    expect(cacheTtlSeconds(300, 1060, 1000)).toBe(60);
    expect(cacheTtlSeconds(300, 5000, 1000)).toBe(300);
    expect(cacheTtlSeconds(5000, 100_000, 1000)).toBe(3600);
    expect(cacheTtlSeconds(300, 999, 1000)).toBe(0);
    expect(cacheTtlSeconds(300, 1060.9, 1000.5)).toBe(60);
  });
});
