/**
 * Lambda authorization through the local endpoint: the real authorizer handler, real
 * tokens from the local issuer. The handler is wrapped only to count its calls and, for
 * `deniedFields`, to add that list to its real answer (our authorizer never denies fields).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler } from "../../lambdas/authorizer/authorizer";
import type { Issuer } from "../issuer/server";
import { DEMO } from "../issuer/seed";
import { createTestTable } from "../testing/dynamodb";
import { startTestIssuer } from "../testing/issuer";
import { startLocalAppSync, type LocalAppSync } from "./server";
import { testApi } from "./testing/api";
import { graphql, mintToken } from "./testing/client";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let issuer: Issuer;
let realAuthorizer: (event: unknown) => Promise<unknown>;
const servers: LocalAppSync[] = [];

const acme = DEMO.orgs.acme.id;
const UNAUTHORIZED = {
  errors: [
    { errorType: "UnauthorizedException", message: "You are not authorized to make this call." },
  ],
};

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("appsync-auth"),
    startTestIssuer({ seed: true }),
  ]);
  realAuthorizer = createHandler(
    {
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_ISSUER: issuer.url,
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
    },
    { log: () => {} },
  );
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await issuer.close();
  await table.drop();
});

/** A server whose authorizer is the real one, counted; `clock` drives the cache's time. */
async function start(
  wrap: (answer: Record<string, unknown>) => Record<string, unknown> = (a) => a,
  authorizer = realAuthorizer,
) {
  const calls: unknown[] = [];
  const clock = { now: Date.now() };
  const server = await startLocalAppSync({
    api: { ...testApi, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer: async (event) => {
      calls.push(event);
      return wrap((await authorizer(event)) as Record<string, unknown>);
    },
    now: () => clock.now,
  });
  servers.push(server);
  return { server, calls, clock };
}

const adminToken = () => mintToken(issuer.url, { userId: DEMO.users.acmeAdmin.id, orgId: acme });

describe("Lambda authorization", () => {
  it("allows a valid token and hands AppSync's event to the authorizer", async () => {
    const { server, calls } = await start();
    const token = await adminToken();
    const answer = await graphql(server.url, token, "query Me { whoami { userId orgId } }");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { whoami: { userId: DEMO.users.acmeAdmin.id, orgId: acme } },
    });
    expect(calls).toEqual([
      {
        authorizationToken: token,
        requestContext: {
          apiId: "local",
          accountId: "000000000000",
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
          queryString: "query Me { whoami { userId orgId } }",
          operationName: undefined,
          variables: {},
        },
      },
    ]);
  });

  it("denies a missing, forged or expired token with 401 and AppSync's body, running nothing", async () => {
    const { server } = await start();
    const valid = await adminToken();
    const [header, payload] = valid.split(".");
    const write = `mutation { createTodo(listId: "${acme}", id: "never", title: "x") { id } }`;
    for (const token of [undefined, "", "Bearer nonsense", `${header}.${payload}.forged`]) {
      const answer = await graphql(server.url, token, write);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(UNAUTHORIZED);
    }
    // The same real handler, ten minutes later: the token has expired.
    const later = createHandler(
      {
        CLERK_JWKS_URL: issuer.jwksUrl,
        CLERK_ISSUER: issuer.url,
        CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
      },
      { log: () => {}, now: () => Date.now() + 600_000 },
    );
    const { server: future } = await start((a) => a, later);
    const expired = await graphql(future.url, valid, write);
    expect([expired.status, expired.body]).toEqual([401, UNAUTHORIZED]);

    expect(
      (await graphql(server.url, valid, `{ todo(listId: "${acme}", id: "never") { id } }`)).body,
    ).toEqual({
      data: { todo: null },
    });
  });

  it("caches a decision by token for its ttlOverride: no second call within it, a new call after", async () => {
    const { server, calls, clock } = await start();
    const token = await adminToken();
    for (let i = 0; i < 3; i++) {
      expect((await graphql(server.url, token, "{ whoami { userId } }")).status).toBe(200);
    }
    expect(calls).toHaveLength(1);

    // The real authorizer's ttlOverride is bounded by the token's 60 s life.
    clock.now += 61_000;
    expect((await graphql(server.url, token, "{ whoami { userId } }")).status).toBe(200);
    expect(calls).toHaveLength(2);

    // Another token is another cache entry.
    expect((await graphql(server.url, await adminToken(), "{ whoami { userId } }")).status).toBe(
      200,
    );
    expect(calls).toHaveLength(3);
  });

  it("does not cache a deny (ttlOverride 0)", async () => {
    const { server, calls } = await start();
    await graphql(server.url, "Bearer nonsense", "{ whoami { userId } }");
    await graphql(server.url, "Bearer nonsense", "{ whoami { userId } }");
    expect(calls).toHaveLength(2);
  });

  it("nulls the fields named in deniedFields (short form and ARN), and only those", async () => {
    const { server } = await start((answer) =>
      answer.isAuthorized
        ? {
            ...answer,
            deniedFields: [
              "Todo.secret",
              "arn:aws:appsync:us-east-1:111122223333:apis/local/types/Caller/fields/orgId",
            ],
          }
        : answer,
    );
    const token = await adminToken();
    const created = await graphql(
      server.url,
      token,
      `mutation { createTodo(listId: "${acme}", id: "s1", title: "has a secret", secret: "hidden") { id secret } }`,
    );
    expect(created.body).toEqual({ data: { createTodo: { id: "s1", secret: null } } });
    expect(
      (await graphql(server.url, token, `{ todo(listId: "${acme}", id: "s1") { title secret } }`))
        .body,
    ).toEqual({
      data: { todo: { title: "has a secret", secret: null } },
    });
    expect((await graphql(server.url, token, "{ whoami { userId orgId } }")).body).toEqual({
      data: { whoami: { userId: DEMO.users.acmeAdmin.id, orgId: null } },
    });

    // The value is there: a caller without the denial reads it.
    const { server: open } = await start();
    expect(
      (await graphql(open.url, token, `{ todo(listId: "${acme}", id: "s1") { secret } }`)).body,
    ).toEqual({
      data: { todo: { secret: "hidden" } },
    });
  });
});
