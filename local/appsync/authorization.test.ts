/** The authorization cache and the authorizer contract, with a stub authorizer (a boundary). */
import { describe, expect, it } from "vitest";
import { createAuthorization, normalizeDeniedField, type AuthorizerEvent } from "./authorization";

const event = (token: string): AuthorizerEvent => ({
  authorizationToken: token,
  requestContext: {
    apiId: "a",
    accountId: "1",
    requestId: "r",
    queryString: "{ x }",
    variables: {},
  },
});

function setup(answer: (token: string) => unknown) {
  const clock = { now: 1_000_000 };
  let calls = 0;
  const auth = createAuthorization({
    authorizer: (e) => {
      calls++;
      const value = answer((e as AuthorizerEvent).authorizationToken);
      return value instanceof Error ? Promise.reject(value) : Promise.resolve(value);
    },
    defaultTtlSeconds: 300,
    now: () => clock.now,
  });
  return { auth, clock, calls: () => calls };
}

describe("createAuthorization", () => {
  it("uses the configured TTL when the authorizer gives no ttlOverride", async () => {
    const { auth, clock, calls } = setup(() => ({
      isAuthorized: true,
      resolverContext: { userId: "u" },
    }));
    expect(await auth.authorize(event("t"))).toMatchObject({
      allowed: true,
      resolverContext: { userId: "u" },
    });
    clock.now += 299_000;
    await auth.authorize(event("t"));
    expect(calls()).toBe(1);
    clock.now += 2_000;
    await auth.authorize(event("t"));
    expect(calls()).toBe(2);
  });

  it("caches a deny that carries a TTL, as AppSync does", async () => {
    const { auth, calls } = setup(() => ({ isAuthorized: false, ttlOverride: 60 }));
    expect(await auth.authorize(event("t"))).toEqual({ allowed: false });
    await auth.authorize(event("t"));
    expect(calls()).toBe(1);
  });

  it("denies, and does not cache, an authorizer that throws or answers out of contract", async () => {
    for (const answer of [
      new Error("boom"),
      null,
      { isAuthorized: "yes" },
      { isAuthorized: true, resolverContext: { nested: { a: 1 } } },
      { isAuthorized: true, ttlOverride: -1 },
    ]) {
      const { auth, calls } = setup(() => answer);
      expect(await auth.authorize(event("t"))).toEqual({ allowed: false });
      await auth.authorize(event("t"));
      expect(calls()).toBe(2);
    }
  });

  it("reads deniedFields in both of AppSync's forms", () => {
    expect(normalizeDeniedField("Todo.secret")).toBe("Todo.secret");
    expect(
      normalizeDeniedField("arn:aws:appsync:eu-west-1:123:apis/abc/types/Todo/fields/secret"),
    ).toBe("Todo.secret");
  });
});
