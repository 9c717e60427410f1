import { exportJWK, generateKeyPair, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createJwksKeyResolver } from "./key-resolver";

let keyA: JWK;
let keyB: JWK;

beforeAll(async () => {
  keyA = {
    ...(await exportJWK((await generateKeyPair("RS256")).publicKey)),
    kid: "a",
    alg: "RS256",
    use: "sig",
  };
  keyB = {
    ...(await exportJWK((await generateKeyPair("RS256")).publicKey)),
    kid: "b",
    alg: "RS256",
    use: "sig",
  };
});

/** A JWKS endpoint stub whose contents and availability the test controls. */
function endpoint() {
  const state = { keys: [] as JWK[], up: true, fetches: 0 };
  const getJson = (): Promise<unknown> => {
    state.fetches++;
    if (!state.up) return Promise.reject(new Error("connect ECONNREFUSED"));
    return Promise.resolve({ keys: state.keys });
  };
  return { state, getJson };
}

describe("createJwksKeyResolver", () => {
  it("fetches once, then answers known kids from its cache", async () => {
    const jwks = endpoint();
    jwks.state.keys = [keyA];
    let now = 0;
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
      now: () => now,
    });
    for (let i = 0; i < 20; i++) expect((await resolver.getKey("a")).ok).toBe(true);
    now += 3_600_000;
    expect((await resolver.getKey("a")).ok).toBe(true);
    expect(jwks.state.fetches).toBe(1);
  });

  it("refetches for an unknown kid at most once per 60 s, and picks up a rotated key", async () => {
    const jwks = endpoint();
    jwks.state.keys = [keyA];
    let now = 0;
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
      now: () => now,
    });
    await resolver.getKey("a");
    jwks.state.keys = [keyB, keyA]; // rotation at the issuer
    now += 10_000;
    for (let i = 0; i < 50; i++)
      expect(await resolver.getKey("forged")).toEqual({ ok: false, reason: "unknown_kid" });
    expect(await resolver.getKey("b")).toEqual({ ok: false, reason: "unknown_kid" }); // still cooling down
    expect(jwks.state.fetches).toBe(1);
    now += 50_000;
    expect((await resolver.getKey("b")).ok).toBe(true);
    expect(jwks.state.fetches).toBe(2);
  });

  it("shares one fetch between concurrent lookups", async () => {
    const jwks = endpoint();
    jwks.state.keys = [keyA];
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => resolver.getKey("a")));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(jwks.state.fetches).toBe(1);
  });

  it("keeps cached keys working while the endpoint is down, and denies unknown kids", async () => {
    const jwks = endpoint();
    jwks.state.keys = [keyA];
    let now = 0;
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
      now: () => now,
    });
    await resolver.getKey("a");
    jwks.state.up = false;
    now += 120_000;
    expect(await resolver.getKey("b")).toEqual({ ok: false, reason: "unknown_kid" });
    expect((await resolver.getKey("a")).ok).toBe(true);
    expect(jwks.state.fetches).toBe(2);
    // Failed fetches are rate-limited too.
    for (let i = 0; i < 10; i++) await resolver.getKey("b");
    expect(jwks.state.fetches).toBe(2);
  });

  it("says jwks_unavailable when it never had keys", async () => {
    const jwks = endpoint();
    jwks.state.up = false;
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
    });
    expect(await resolver.getKey("a")).toEqual({ ok: false, reason: "jwks_unavailable" });
    expect(await resolver.getKey(undefined)).toEqual({ ok: false, reason: "kid_missing" });
  });

  it("refuses a document that is not a key set, and logs a short reason", async () => {
    const logs: Record<string, unknown>[] = [];
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: () => Promise.resolve({ keys: "n/a", secret: "x".repeat(500) }),
      log: (entry) => logs.push(entry),
    });
    expect(await resolver.getKey("a")).toEqual({ ok: false, reason: "jwks_unavailable" });
    expect(logs).toEqual([{ event: "jwks.fetch_failed", error: "not a JWKS" }]);
  });

  it("ignores keys that cannot verify RS256 and survives a malformed one", async () => {
    const jwks = endpoint();
    jwks.state.keys = [
      { ...keyA, kid: "ps", alg: "PS256" },
      { ...keyA, kid: "enc", use: "enc" },
      { kty: "EC", kid: "ec", crv: "P-256", x: "x", y: "y" },
      { kty: "RSA", kid: "broken", n: "AQAB" },
      keyB,
    ];
    const resolver = createJwksKeyResolver({
      jwksUrl: "https://x.test/jwks",
      getJson: jwks.getJson,
    });
    expect((await resolver.getKey("b")).ok).toBe(true);
    for (const kid of ["ps", "enc", "ec", "broken"])
      expect((await resolver.getKey(kid)).ok, kid).toBe(false);
  });
});
