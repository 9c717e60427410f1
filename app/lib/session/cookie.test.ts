import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  secureContextProblem,
  sessionCookieIsSecure,
  sessionCookieName,
  sessionCookieOptions,
  signSessionCookie,
  verifySessionCookie,
  SESSION_MAX_AGE_SECONDS,
} from "./cookie";

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

describe("session cookie flags", () => {
  const plain = new Headers({ host: "127.0.0.1:3000" });
  const proxied = new Headers({ host: "dashboard.example.com", "x-forwarded-proto": "https" });

  it("is Secure with the __Host- prefix in production, and on HTTPS requests outside it", () => {
    expect(sessionCookieIsSecure({ production: true, headers: plain })).toBe(true);
    expect(sessionCookieIsSecure({ production: false, headers: proxied })).toBe(true);
    expect(
      sessionCookieIsSecure({ production: false, headers: plain, url: "https://127.0.0.1/x" }),
    ).toBe(true);
    expect(sessionCookieIsSecure({ production: false, headers: plain, url: "http://x/" })).toBe(
      false,
    );
    expect(sessionCookieName(true)).toBe("__Host-waypoint_session");
    expect(sessionCookieName(false)).toBe("waypoint_session");
    expect(sessionCookieOptions(true)).toEqual({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: SESSION_MAX_AGE_SECONDS,
      secure: true,
    });
    expect(sessionCookieOptions(false)).toMatchObject({ httpOnly: true, secure: false });
  });

  it("says when a Secure cookie could not be kept: plain http on a host that is not loopback", () => {
    const on = (host: string) => new Headers({ host });
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000", "127.0.0.2"]) {
      expect(secureContextProblem({ production: true, headers: on(host) })).toBeNull();
    }
    expect(secureContextProblem({ production: true, headers: on("10.0.0.5:3000") })).toMatch(
      /needs https/,
    );
    expect(secureContextProblem({ production: true, headers: proxied })).toBeNull();
    expect(secureContextProblem({ production: false, headers: on("10.0.0.5:3000") })).toBeNull();
  });
});
