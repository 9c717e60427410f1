import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signSessionCookie, verifySessionCookie, SESSION_MAX_AGE_SECONDS } from "./cookie";

const secret = "a-test-secret-of-at-least-thirty-two-chars";
const now = 1_800_000_000;
const payload = { v: 1 as const, userId: "user_ada", orgId: "org_acme", iat: now };

describe("session cookie", () => {
  it("round-trips a signed payload", () => {
    expect(verifySessionCookie(signSessionCookie(payload, secret), secret, now)).toEqual(payload);
    const personal = { ...payload, orgId: null };
    expect(verifySessionCookie(signSessionCookie(personal, secret), secret, now)).toEqual(personal);
  });

  it("rejects another secret, a changed body, junk and expired cookies", () => {
    const value = signSessionCookie(payload, secret);
    expect(verifySessionCookie(value, `${secret}x`, now)).toBeNull();
    const [, signature] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ ...payload, userId: "user_grace" })).toString(
      "base64url",
    );
    expect(verifySessionCookie(`${forged}.${signature}`, secret, now)).toBeNull();
    expect(verifySessionCookie("garbage", secret, now)).toBeNull();
    expect(verifySessionCookie(`${value}.x`, secret, now)).toBeNull();
    expect(verifySessionCookie(undefined, secret, now)).toBeNull();
    expect(verifySessionCookie(value, secret, now + SESSION_MAX_AGE_SECONDS + 1)).toBeNull();
  });

  it("rejects a validly signed body that fails the schema", () => {
    const body = Buffer.from(
      JSON.stringify({ v: 1, userId: "admin", orgId: null, iat: now }),
    ).toString("base64url");
    const mac = createHmac("sha256", secret).update(body).digest("base64url");
    expect(verifySessionCookie(`${body}.${mac}`, secret, now)).toBeNull();
  });
});
