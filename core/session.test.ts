import { describe, expect, it } from "vitest";
import { cacheTtlSeconds, decideSession } from "./session";

const policy = { authorizedParties: ["https://app.test"] };
const base = { sub: "user_1", exp: 2_000_000_000, azp: "https://app.test" };

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
      },
    });
  });

  it("checks azp only when parties are configured, and then requires it", () => {
    expect(decideSession({ sub: "u", exp: 1 }, { authorizedParties: [] }).ok).toBe(true);
    expect(decideSession({ sub: "u", exp: 1 }, policy)).toEqual({
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

describe("cacheTtlSeconds", () => {
  it("never outlives the token, and stays within AppSync's 0–3600 s", () => {
    expect(cacheTtlSeconds(300, 1060, 1000)).toBe(60);
    expect(cacheTtlSeconds(300, 5000, 1000)).toBe(300);
    expect(cacheTtlSeconds(5000, 100_000, 1000)).toBe(3600);
    expect(cacheTtlSeconds(300, 999, 1000)).toBe(0);
    expect(cacheTtlSeconds(300, 1060.9, 1000.5)).toBe(60);
  });
});
