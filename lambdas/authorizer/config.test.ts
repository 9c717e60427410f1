import { describe, expect, it } from "vitest";
import { parseAuthorizerConfig } from "./config";

describe("parseAuthorizerConfig", () => {
  it("reads the JWKS mode with its lists and defaults", () => {
    expect(
      parseAuthorizerConfig({
        CLERK_JWKS_URL: "https://x.clerk.accounts.dev/.well-known/jwks.json",
        CLERK_AUTHORIZED_PARTIES: " https://a.test, https://b.test ,",
        CLERK_ISSUER: "",
      }),
    ).toEqual({
      jwtKeyPem: undefined,
      jwksUrl: "https://x.clerk.accounts.dev/.well-known/jwks.json",
      issuer: undefined,
      authorizedParties: ["https://a.test", "https://b.test"],
      allowImpersonation: false,
      cacheTtlSeconds: 300,
    });
  });

  it("wraps a bare base64 key body into a PEM", () => {
    const config = parseAuthorizerConfig({ CLERK_JWT_KEY: "QUJD".repeat(30) });
    expect(config.jwtKeyPem?.split("\n")[0]).toBe("-----BEGIN PUBLIC KEY-----");
    expect(config.jwtKeyPem?.split("\n")[1]).toHaveLength(64);
  });

  it("refuses a configuration with no key source, a bad URL or a TTL past AppSync's limit", () => {
    expect(() => parseAuthorizerConfig({})).toThrow(/CLERK_JWT_KEY.*CLERK_JWKS_URL/);
    expect(() => parseAuthorizerConfig({ CLERK_JWKS_URL: "ftp://x" })).toThrow(/CLERK_JWKS_URL/);
    // Not a URL at all: a schema error naming the variable, not "the schema must be synchronous".
    expect(() => parseAuthorizerConfig({ CLERK_JWKS_URL: "not a url" })).toThrow(
      /^invalid authorizer environment: CLERK_JWKS_URL: /,
    );
    expect(() =>
      parseAuthorizerConfig({ CLERK_JWKS_URL: "https://x.test", AUTH_CACHE_TTL_SECONDS: "2.5" }),
    ).toThrow(/AUTH_CACHE_TTL_SECONDS/);
    expect(() =>
      parseAuthorizerConfig({ CLERK_JWKS_URL: "https://x.test", AUTH_CACHE_TTL_SECONDS: "3601" }),
    ).toThrow(/AUTH_CACHE_TTL_SECONDS/);
  });

  it("takes the JWKS over https only, plain http for loopback hosts alone", () => {
    for (const url of [
      "http://clerk.example.test/.well-known/jwks.json",
      "http://10.0.0.5:4001/.well-known/jwks.json",
      "http://127.0.0.1.evil.test/.well-known/jwks.json",
      "http://localhost.evil.test/.well-known/jwks.json",
    ]) {
      expect(() => parseAuthorizerConfig({ CLERK_JWKS_URL: url }), url).toThrow(
        /CLERK_JWKS_URL: must be https:/,
      );
    }
    for (const url of [
      "https://clerk.example.test/.well-known/jwks.json",
      "http://127.0.0.1:4001/.well-known/jwks.json",
      "http://127.3.2.1:4001/.well-known/jwks.json",
      "http://localhost:4001/.well-known/jwks.json",
      "http://[::1]:4001/.well-known/jwks.json",
    ]) {
      expect(parseAuthorizerConfig({ CLERK_JWKS_URL: url }).jwksUrl, url).toBe(url);
    }
  });

  it("treats blank variables as unset, and names them without their values", () => {
    expect(() => parseAuthorizerConfig({ CLERK_JWKS_URL: " ", CLERK_JWT_KEY: "" })).toThrow(
      /^invalid authorizer environment: set CLERK_JWT_KEY \(PEM\) or CLERK_JWKS_URL$/,
    );
    const config = parseAuthorizerConfig({
      CLERK_JWKS_URL: "https://x.test/jwks.json",
      AUTH_CACHE_TTL_SECONDS: "",
      WAYPOINT_ALLOW_IMPERSONATION: " ",
    });
    expect([config.cacheTtlSeconds, config.allowImpersonation]).toEqual([300, false]);
    let message = "";
    try {
      parseAuthorizerConfig({ CLERK_JWKS_URL: "http://clerk.internal.example/jwks.json" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid authorizer environment: CLERK_JWKS_URL: must be https:/);
    expect(message).not.toContain("clerk.internal.example");
  });
});
