/**
 * The forged-token matrix (docs/authorizer.md lists it): every case must be denied, each
 * for the reason we expect, by the real handler over real keys. The JWKS "network" is a
 * stub that serves our key set; the integration test covers the real HTTP path.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createHandler } from "./authorizer";

const ISSUER = "https://clerk.example.test";
const PARTY = "https://app.example.test";
const KID = "ins_test_1";
const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0);
const NOW = NOW_MS / 1000;

let privateKey: CryptoKey;
let jwks: { keys: JWK[] };
let publicPem: string;
let otherPrivate: CryptoKey;
let otherNodeKey: KeyObject;
let nodePrivate: KeyObject;

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: KID, alg: "RS256", use: "sig" }] };
  publicPem = await exportSPKI(pair.publicKey);
  otherPrivate = (await generateKeyPair("RS256")).privateKey;
  const nodePair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  otherNodeKey = nodePair.privateKey;
  // The same key as `privateKey`, as a node KeyObject, for hand-made tokens.
  const { createPrivateKey } = await import("node:crypto");
  nodePrivate = createPrivateKey({
    key: await exportJWK(pair.privateKey),
    format: "jwk",
  });
});

function claims(extra: Record<string, unknown> = {}) {
  return {
    iss: ISSUER,
    sub: "user_1",
    sid: "sess_1",
    azp: PARTY,
    iat: NOW - 10,
    nbf: NOW - 10,
    exp: NOW + 50,
    v: 2,
    sts: "active",
    ...extra,
  };
}

function sign(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = {},
  key: CryptoKey = privateKey,
) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT", ...header })
    .sign(key);
}

/** A token built by hand: any header, any payload bytes, signed RS256 (or not). */
function handMade(
  header: unknown,
  payload: string,
  key: KeyObject | null = nodePrivate,
  alg = "RSA-SHA256",
) {
  const input = `${b64(JSON.stringify(header))}.${b64(payload)}`;
  if (!key) return `${input}.`;
  return `${input}.${createSign(alg).update(input).sign(key).toString("base64url")}`;
}

function authorizer(env: Record<string, string> = {}) {
  const logs: Record<string, unknown>[] = [];
  let fetches = 0;
  const handler = createHandler(
    {
      CLERK_JWKS_URL: "https://clerk.example.test/.well-known/jwks.json",
      CLERK_ISSUER: ISSUER,
      CLERK_AUTHORIZED_PARTIES: `${PARTY},https://admin.example.test`,
      AUTH_CACHE_TTL_SECONDS: "300",
      ...env,
    },
    {
      getJson: () => {
        fetches++;
        return Promise.resolve(jwks);
      },
      now: () => NOW_MS,
      log: (entry) => logs.push(entry),
    },
  );
  const call = (authorizationToken: unknown) =>
    handler({
      authorizationToken,
      requestContext: {
        requestId: "req-1",
        apiId: "a",
        accountId: "1",
        queryString: "{ me { id } }",
        variables: {},
      },
    });
  return { call, logs, fetches: () => fetches };
}

describe("a valid token, as the control", () => {
  it("is allowed, with and without `Bearer`", async () => {
    const { call } = authorizer();
    const token = await sign(claims());
    for (const value of [token, `Bearer ${token}`, `bearer  ${token}`]) {
      expect(await call(value)).toEqual({
        isAuthorized: true,
        resolverContext: {
          userId: "user_1",
          orgId: "",
          orgRole: "",
          orgSlug: "",
          orgPermissions: "",
          impersonatorId: "",
        },
        ttlOverride: 50,
      });
    }
  });
});

describe("the forged-token matrix", () => {
  const cases: [string, () => unknown, string][] = [
    [
      "alg none",
      () => handMade({ alg: "none", typ: "JWT" }, JSON.stringify(claims()), null),
      "token_malformed",
    ],
    [
      "alg none with a junk signature",
      () =>
        `${b64(JSON.stringify({ alg: "none", kid: KID }))}.${b64(JSON.stringify(claims()))}.c2ln`,
      "alg_not_allowed",
    ],
    [
      "HS256 signed with the public key as secret",
      () => {
        const input = `${b64(JSON.stringify({ alg: "HS256", kid: KID, typ: "JWT" }))}.${b64(JSON.stringify(claims()))}`;
        return `${input}.${createHmac("sha256", publicPem).update(input).digest("base64url")}`;
      },
      "alg_not_allowed",
    ],
    [
      "RS512 with the right key",
      () =>
        handMade({ alg: "RS512", kid: KID }, JSON.stringify(claims()), nodePrivate, "RSA-SHA512"),
      "alg_not_allowed",
    ],
    [
      "signed by another key under our kid",
      () => sign(claims(), {}, otherPrivate),
      "signature_invalid",
    ],
    ["unknown kid", () => sign(claims(), { kid: "ins_unknown" }), "unknown_kid"],
    [
      "no kid",
      () => handMade({ alg: "RS256", typ: "JWT" }, JSON.stringify(claims())),
      "kid_missing",
    ],
    ["expired (beyond the 5 s skew)", () => sign(claims({ exp: NOW - 6 })), "expired"],
    ["nbf in the future (beyond the skew)", () => sign(claims({ nbf: NOW + 6 })), "not_yet_valid"],
    ["wrong iss", () => sign(claims({ iss: "https://evil.example.test" })), "issuer_mismatch"],
    [
      "azp not allowed",
      () => sign(claims({ azp: "https://evil.example.test" })),
      "azp_not_allowed",
    ],
    ["azp missing", () => sign(claims({ azp: undefined })), "azp_missing"],
    [
      "payload tampered (sub changed)",
      async () => {
        const [h, , s] = (await sign(claims())).split(".");
        return `${h}.${b64(JSON.stringify(claims({ sub: "user_admin" })))}.${s}`;
      },
      "signature_invalid",
    ],
    [
      "signature stripped",
      async () => `${(await sign(claims())).split(".").slice(0, 2).join(".")}.`,
      "token_malformed",
    ],
    ["truncated", async () => (await sign(claims())).slice(0, -12), "signature_invalid"],
    ["two dots only", () => "..", "token_malformed"],
    ["empty", () => "", "token_missing"],
    ["whitespace", () => "  \t ", "token_missing"],
    ["`Bearer` with no token", () => "Bearer ", "token_missing"],
    ["not a string", () => 42, "token_missing"],
    ["100 KB token", async () => sign(claims({ pad: "x".repeat(100 * 1024) })), "token_too_large"],
    ["just over 8 KB", async () => sign(claims({ pad: "x".repeat(6 * 1024) })), "token_too_large"],
    [
      "non-JSON header",
      () => `${b64("not json")}.${b64(JSON.stringify(claims()))}.c2ln`,
      "token_malformed",
    ],
    [
      "JSON-array payload",
      () => handMade({ alg: "RS256", kid: KID }, JSON.stringify([claims()])),
      "claims_invalid",
    ],
    ["missing sub", () => sign(claims({ sub: undefined })), "claims_invalid"],
    [
      "non-string sub",
      () => handMade({ alg: "RS256", kid: KID }, JSON.stringify(claims({ sub: 123 }))),
      "claims_invalid",
    ],
    ["empty sub", () => sign(claims({ sub: "" })), "subject_missing"],
    ["`o` of the wrong type", () => sign(claims({ o: "org_1" })), "claims_invalid"],
    [
      "`fea` element without a scope",
      () =>
        sign(claims({ fea: "broken", o: { id: "org_1", rol: "admin", per: "read", fpm: "1" } })),
      "claims_invalid",
    ],
    [
      "exp as a string",
      () => handMade({ alg: "RS256", kid: KID }, JSON.stringify(claims({ exp: String(NOW + 50) }))),
      "claims_invalid",
    ],
    [
      "exp missing",
      () => handMade({ alg: "RS256", kid: KID }, JSON.stringify(claims({ exp: undefined }))),
      "claims_invalid",
    ],
    ["sts pending", () => sign(claims({ sts: "pending" })), "session_pending"],
    ["sts unknown", () => sign(claims({ sts: "revoked" })), "session_status_unknown"],
    [
      "another issuer's valid key set",
      () =>
        handMade(
          { alg: "RS256", kid: "ins_other_instance" },
          JSON.stringify(claims({ iss: "https://other.clerk.test" })),
          otherNodeKey,
        ),
      "unknown_kid",
    ],
    [
      "a valid token with an extra trailing dot segment",
      async () => `${await sign(claims())}.`,
      "token_malformed",
    ],
    [
      "a valid token with a fourth segment",
      async () => `${await sign(claims())}.e30`,
      "token_malformed",
    ],
    [
      "an embedded attacker `jwk` header",
      () =>
        handMade(
          { alg: "RS256", kid: KID, jwk: { kty: "RSA" } },
          JSON.stringify(claims()),
          otherNodeKey,
        ),
      "signature_invalid",
    ],
    [
      "a `jku` header pointing elsewhere",
      () =>
        handMade(
          { alg: "RS256", kid: "attacker", jku: "https://evil.example.test/jwks" },
          JSON.stringify(claims()),
          otherNodeKey,
        ),
      "unknown_kid",
    ],
    [
      "an unknown critical header",
      () =>
        handMade(
          { alg: "RS256", kid: KID, crit: ["exp-ext"], "exp-ext": 1 },
          JSON.stringify(claims()),
        ),
      "token_malformed",
    ],
    ["`Basic` credentials", () => "Basic dXNlcjpwYXNz", "token_malformed"],
    ["a scheme glued to the token", async () => `Bearer${await sign(claims())}`, "token_malformed"],
    [
      // A JWT template's token: same key, same issuer, no session; long-lived and with
      // whatever claims the template writes (here an admin role it asserts for itself).
      "a JWT-template token (no `sid`), claiming an admin role",
      () =>
        sign(
          claims({
            sid: undefined,
            v: undefined,
            sts: undefined,
            exp: NOW + 30 * 24 * 3600,
            org_id: "org_1",
            org_role: "org:admin",
            org_permissions: ["org:milestones:manage"],
          }),
        ),
      "not_a_session_token",
    ],
    ["an empty `sid`", () => sign(claims({ sid: "" })), "not_a_session_token"],
    [
      "an impersonated session (`act`), impersonation not allowed",
      () => sign(claims({ act: { sub: "user_support", iss: "https://dashboard.clerk.com" } })),
      "impersonation_not_allowed",
    ],
  ];

  it(`has at least 25 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, make, reason] of cases) {
    it(`denies: ${name}`, async () => {
      const { call, logs } = authorizer();
      const token = await make();
      expect(await call(token)).toEqual({ isAuthorized: false, ttlOverride: 0 });
      expect(logs.at(-1)).toMatchObject({
        level: "WARN",
        event: "denied",
        reason,
        request_id: "req-1",
      });
      // The token never reaches the log.
      if (typeof token === "string" && token.length > 20) {
        expect(JSON.stringify(logs)).not.toContain(token.slice(0, 20));
      }
    });
  }

  it("denies every case through one warm handler too, between valid tokens", async () => {
    // The verifier remembers decoded headers across requests; a header seen on a valid token
    // must never carry a forged one (same header, other payload or signature) through.
    const { call, logs } = authorizer();
    const valid = await sign(claims());
    for (const [name, make, reason] of cases) {
      expect((await call(valid)).isAuthorized, `valid before: ${name}`).toBe(true);
      expect(await call(await make()), name).toEqual({ isAuthorized: false, ttlOverride: 0 });
      expect(logs.at(-1), name).toMatchObject({ reason });
    }
    expect((await call(valid)).isAuthorized).toBe(true);
  });

  it("keeps verifying while more distinct headers arrive than it remembers", async () => {
    const { call } = authorizer();
    for (let i = 0; i < 40; i++) {
      const valid = await sign(claims(), { typ: `JWT${i}` });
      const forged = await sign(claims(), { typ: `JWT${i}` }, otherPrivate);
      expect((await call(valid)).isAuthorized).toBe(true);
      expect((await call(forged)).isAuthorized).toBe(false);
    }
  });
});

describe("impersonation allowed (WAYPOINT_ALLOW_IMPERSONATION=1)", () => {
  const allowing = { WAYPOINT_ALLOW_IMPERSONATION: "1" };

  it("carries the actor (`act.sub`) into the resolverContext", async () => {
    const { call } = authorizer(allowing);
    const token = await sign(claims({ act: { sub: "user_support", sid: "sess_support" } }));
    expect(await call(token)).toEqual({
      isAuthorized: true,
      resolverContext: {
        userId: "user_1",
        orgId: "",
        orgRole: "",
        orgSlug: "",
        orgPermissions: "",
        impersonatorId: "user_support",
      },
      ttlOverride: 50,
    });
  });

  it("still denies template tokens, and an actor claim that names nobody", async () => {
    const { call, logs } = authorizer(allowing);
    const cases: [Record<string, unknown>, string][] = [
      [claims({ sid: undefined, act: { sub: "user_support" } }), "not_a_session_token"],
      [claims({ act: {} }), "claims_invalid"],
      [claims({ act: { sub: "" } }), "claims_invalid"],
      [claims({ act: "user_support" }), "claims_invalid"],
    ];
    for (const [payload, reason] of cases) {
      expect(await call(await sign(payload))).toEqual({ isAuthorized: false, ttlOverride: 0 });
      expect(logs.at(-1), JSON.stringify(payload.act)).toMatchObject({ reason });
    }
  });
});

describe("skew, cache TTL and the event", () => {
  it("accepts a token expired or not yet valid within the 5 s skew", async () => {
    const { call } = authorizer();
    expect((await call(await sign(claims({ exp: NOW - 4 })))).isAuthorized).toBe(true);
    expect((await call(await sign(claims({ nbf: NOW + 4 })))).isAuthorized).toBe(true);
  });

  it("caches an allow for min(configured TTL, time to expiry), and never below 0", async () => {
    const { call } = authorizer();
    expect(await call(await sign(claims({ exp: NOW + 3600 })))).toMatchObject({ ttlOverride: 300 });
    expect(await call(await sign(claims({ exp: NOW + 42 })))).toMatchObject({ ttlOverride: 42 });
    expect(await call(await sign(claims({ exp: NOW - 3 })))).toMatchObject({ ttlOverride: 0 });
  });

  it("denies an event that is not an authorizer event, without throwing", async () => {
    const handler = createHandler({ CLERK_JWT_KEY: publicPem }, { log: () => {} });
    for (const event of [undefined, null, "token", { authorizationToken: ["a"] }, {}]) {
      await expect(handler(event)).resolves.toEqual({ isAuthorized: false, ttlOverride: 0 });
    }
  });

  it("denies everything when misconfigured, and says so once in the log", async () => {
    const logs: Record<string, unknown>[] = [];
    const handler = createHandler({ CLERK_JWKS_URL: "not a url" }, { log: (e) => logs.push(e) });
    expect(await handler({ authorizationToken: await sign(claims()) })).toEqual({
      isAuthorized: false,
      ttlOverride: 0,
    });
    expect(logs[0]).toMatchObject({ level: "ERROR", event: "config_invalid" });
    // "Once": the requests after it are denied (and counted) without another error line.
    await handler({ authorizationToken: "x" });
    expect(logs.filter((l) => l.level === "ERROR")).toHaveLength(1);
  });

  it("verifies networklessly with CLERK_JWT_KEY, the PEM given with escaped newlines", async () => {
    let fetched = false;
    const handler = createHandler(
      { CLERK_JWT_KEY: publicPem.replace(/\n/g, "\\n"), CLERK_ISSUER: ISSUER },
      {
        now: () => NOW_MS,
        getJson: () => ((fetched = true), Promise.reject(new Error("no network"))),
        log: () => {},
      },
    );
    const result = await handler({
      authorizationToken: `Bearer ${await sign(claims({ azp: undefined }))}`,
    });
    expect(result.isAuthorized).toBe(true);
    expect(fetched).toBe(false);
  });
});
