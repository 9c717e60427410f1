/**
 * The local AppSync endpoint over HTTP with the test schema and resolvers, on DynamoDB
 * Local, with real tokens from the local issuer verified by the real authorizer handler.
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
let appsync: LocalAppSync;
let adminToken: string;
let personalToken: string;
const operations: string[] = [];
const FIXED_NOW = Date.parse("2026-01-15T10:00:00.000Z");

const acme = DEMO.orgs.acme.id;
const personal = DEMO.users.personal.id;

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("appsync"),
    startTestIssuer({ seed: true }),
  ]);
  const authorizer = createHandler(
    {
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_ISSUER: issuer.url,
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
    },
    { log: () => {} },
  );
  appsync = await startLocalAppSync({
    api: { ...testApi, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer,
    // A fixed clock for util.time, so that a retried create is byte-identical.
    now: () => FIXED_NOW,
    onDynamoDbOperation: (operation) => operations.push(operation),
  });
  [adminToken, personalToken] = await Promise.all([
    mintToken(issuer.url, { userId: DEMO.users.acmeAdmin.id, orgId: acme }),
    mintToken(issuer.url, { userId: personal }),
  ]);
});

afterAll(async () => {
  await appsync.close();
  await issuer.close();
  await table.drop();
});

const TODO = "listId id title done version createdAt dueDate meta";
const as = (token: string) => (query: string, variables?: Record<string, unknown>) =>
  graphql(appsync.url, token, query, variables);

describe("resolvers on DynamoDB Local", () => {
  it("runs a NONE resolver with the authorizer's resolverContext", async () => {
    const { status, body } = await as(adminToken)("{ whoami { userId orgId authType } }");
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        whoami: { userId: DEMO.users.acmeAdmin.id, orgId: acme, authType: "Lambda Authorization" },
      },
    });
  });

  it("creates, reads, updates and deletes", async () => {
    const call = as(adminToken);
    const created = await call(
      `mutation ($meta: AWSJSON) { createTodo(listId: "${acme}", id: "crud", title: "Write docs", dueDate: "2026-02-01", meta: $meta) { ${TODO} } }`,
      { meta: JSON.stringify({ priority: 1 }) },
    );
    expect(created.body).toEqual({
      data: {
        createTodo: {
          listId: acme,
          id: "crud",
          title: "Write docs",
          done: false,
          version: 1,
          createdAt: "2026-01-15T10:00:00.000Z",
          dueDate: "2026-02-01",
          meta: '{"priority":1}',
        },
      },
    });

    const read = await call(`{ todo(listId: "${acme}", id: "crud") { title version } }`);
    expect(read.body).toEqual({ data: { todo: { title: "Write docs", version: 1 } } });

    const updated = await call(
      `mutation { updateTodo(listId: "${acme}", id: "crud", expectedVersion: 1, done: true) { done version title } }`,
    );
    expect(updated.body).toEqual({
      data: { updateTodo: { done: true, version: 2, title: "Write docs" } },
    });

    const deleted = await call(
      `mutation { deleteTodo(listId: "${acme}", id: "crud") { id version } }`,
    );
    expect(deleted.body).toEqual({ data: { deleteTodo: { id: "crud", version: 2 } } });
    expect((await call(`{ todo(listId: "${acme}", id: "crud") { id } }`)).body).toEqual({
      data: { todo: null },
    });
  });

  it("surfaces a failed condition as DynamoDB:ConditionalCheckFailedException and changes nothing", async () => {
    const call = as(adminToken);
    await call(`mutation { createTodo(listId: "${acme}", id: "dup", title: "first") { id } }`);

    const again = await call(
      `mutation { createTodo(listId: "${acme}", id: "dup", title: "second") { id } }`,
    );
    expect(again.status).toBe(200);
    expect(again.body.data).toBeNull(); // createTodo is non-null: the null propagates
    expect(again.body.errors).toEqual([
      {
        path: ["createTodo"],
        data: null,
        errorType: "DynamoDB:ConditionalCheckFailedException",
        errorInfo: null,
        locations: [{ line: 1, column: 12, sourceName: null }],
        message: "The conditional request failed",
      },
    ]);

    const stale = await call(
      `mutation { updateTodo(listId: "${acme}", id: "dup", expectedVersion: 7, title: "lost") { id } }`,
    );
    expect(stale.body.errors?.[0]).toMatchObject({
      errorType: "DynamoDB:ConditionalCheckFailedException",
      data: { currentVersion: 1 },
    });
    expect(
      (await call(`{ todo(listId: "${acme}", id: "dup") { title version } }`)).body.data,
    ).toEqual({
      todo: { title: "first", version: 1 },
    });
  });

  it("treats a retried PutItem that finds exactly its own item as a success, as AppSync does", async () => {
    const call = as(adminToken);
    const create = `mutation { createTodo(listId: "${acme}", id: "retry", title: "same") { id title } }`;
    expect((await call(create)).body).toEqual({
      data: { createTodo: { id: "retry", title: "same" } },
    });
    expect((await call(create)).body).toEqual({
      data: { createTodo: { id: "retry", title: "same" } },
    });
  });

  it("queries with a filter and pages with nextToken", async () => {
    const call = as(personalToken);
    for (const [i, done] of [false, true, false, true, false, false, true].entries()) {
      await call(
        `mutation { createTodo(listId: "${personal}", id: "p${i}", title: "t${i}") { id } }`,
      );
      if (done) {
        await call(
          `mutation { updateTodo(listId: "${personal}", id: "p${i}", expectedVersion: 1, done: true) { id } }`,
        );
      }
    }
    const seen: string[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const page = await call(
        `query ($next: String) { todos(listId: "${personal}", done: false, limit: 2, nextToken: $next) { items { id done } nextToken } }`,
        { next: nextToken },
      );
      const todos = page.body.data?.todos as {
        items: { id: string; done: boolean }[];
        nextToken: string | null;
      };
      expect(todos.items.every((item) => !item.done)).toBe(true);
      seen.push(...todos.items.map((item) => item.id));
      nextToken = todos.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(seen.sort()).toEqual(["p0", "p2", "p4", "p5"]);
    expect(pages).toBeGreaterThan(1);
  });

  it("rejects a tampered or foreign nextToken with a typed error", async () => {
    const call = as(personalToken);
    const first = await call(
      `{ todos(listId: "${personal}", limit: 1) { items { id } nextToken } }`,
    );
    const token = (first.body.data?.todos as { nextToken: string }).nextToken;
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    const [payload = "", signature = ""] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({
        b: (JSON.parse(Buffer.from(payload, "base64url").toString()) as { b: string }).b,
        k: { PK: { S: `LIST#${acme}` }, SK: { S: "TODO#dup" } },
      }),
    ).toString("base64url");
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.x${signature.slice(1)}`,
      "garbage",
      `${token}.`,
    ]) {
      const answer = await call(
        `query ($t: String) { todos(listId: "${personal}", limit: 1, nextToken: $t) { items { id } } }`,
        { t: bad },
      );
      expect(answer.body.data).toBeNull();
      expect(answer.body.errors?.[0]).toMatchObject({
        errorType: "DynamoDB:ValidationException",
        message: "Invalid nextToken",
        path: ["todos"],
      });
    }
  });

  it("writes both items of a transaction, or neither", async () => {
    const call = as(adminToken);
    const ok = await call(
      `mutation { createTodoPair(listId: "${acme}", firstId: "tx1", secondId: "tx2", title: "pair") }`,
    );
    expect(ok.body).toEqual({ data: { createTodoPair: ["tx1", "tx2"] } });

    const clash = await call(
      `mutation { createTodoPair(listId: "${acme}", firstId: "tx3", secondId: "tx1", title: "pair") }`,
    );
    expect(clash.body.errors?.[0]).toMatchObject({
      errorType: "DynamoDB:TransactionCanceledException",
      data: { reasons: ["None", "ConditionalCheckFailed"] },
    });
    expect((await call(`{ todo(listId: "${acme}", id: "tx3") { id } }`)).body.data).toEqual({
      todo: null,
    });
  });

  it("batch-gets in the order asked, with null for a missing item", async () => {
    operations.length = 0;
    const answer = await as(adminToken)(
      `{ todosByIds(listId: "${acme}", ids: ["tx2", "nope", "tx1"]) { id } }`,
    );
    expect(answer.body).toEqual({ data: { todosByIds: [{ id: "tx2" }, null, { id: "tx1" }] } });
    expect(operations).toEqual(["BatchGetItem"]);
  });

  it("runs a pipeline: guard, stash, data; util.unauthorized fails the field; earlyReturn skips", async () => {
    await as(personalToken)(
      `mutation { createTodo(listId: "${personal}", id: "g1", title: "guarded") { id } }`,
    );
    expect(
      (await as(personalToken)(`{ guardedTodo(listId: "${personal}", id: "g1") { title } }`)).body,
    ).toEqual({
      data: { guardedTodo: { title: "guarded" } },
    });

    const denied = await as(adminToken)(
      `{ guardedTodo(listId: "${personal}", id: "g1") { title } }`,
    );
    expect(denied.body).toEqual({
      data: { guardedTodo: null },
      errors: [
        {
          path: ["guardedTodo"],
          data: null,
          errorType: "Unauthorized",
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: "Not Authorized to access guardedTodo on type Query",
        },
      ],
    });

    operations.length = 0;
    expect(
      (await as(adminToken)(`{ guardedTodo(listId: "archived", id: "x") { title } }`)).body,
    ).toEqual({
      data: { guardedTodo: null },
    });
    expect(operations).toEqual([]);
  });

  it("keeps the data and adds the error of util.appendError", async () => {
    const answer = await as(adminToken)(`{ todoWithWarning(listId: "${acme}", id: "tx1") { id } }`);
    expect(answer.body).toEqual({
      data: { todoWithWarning: { id: "tx1" } },
      errors: [
        {
          path: ["todoWithWarning"],
          data: { id: "tx1" },
          errorType: "Warning",
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: "This todo is shown from a warning resolver",
        },
      ],
    });
  });
});

describe("bad input", () => {
  it("refuses invalid AppSync scalars before any resolver runs, and writes nothing", async () => {
    operations.length = 0;
    for (const [query, variables] of [
      [
        `mutation { createTodo(listId: "${acme}", id: "bad1", title: "x", dueDate: "2026-02-30") { id } }`,
        {},
      ],
      [
        `mutation ($d: AWSDate) { createTodo(listId: "${acme}", id: "bad2", title: "x", dueDate: $d) { id } }`,
        { d: "tomorrow" },
      ],
      [
        `mutation ($m: AWSJSON) { createTodo(listId: "${acme}", id: "bad3", title: "x", meta: $m) { id } }`,
        { m: "{not json" },
      ],
    ] as const) {
      const answer = await as(adminToken)(query, variables);
      expect(answer.status).toBe(200);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.errorType).toBe("ValidationError");
    }
    expect(operations).toEqual([]);
  });

  it("answers a syntax error, an unknown field and a resolver's own validation with typed errors", async () => {
    expect((await as(adminToken)("{ whoami { ")).body.errors?.[0]?.errorType).toBe("InvalidSyntax");
    expect((await as(adminToken)("{ nope }")).body.errors?.[0]?.errorType).toBe("ValidationError");
    const tooMany = await as(adminToken)(
      `{ todos(listId: "${acme}", limit: 1000) { items { id } } }`,
    );
    expect(tooMany.body.errors?.[0]).toMatchObject({
      errorType: "ValidationError",
      message: "limit must be between 1 and 100",
    });
  });

  it("answers a body that is not a GraphQL request with 400, never a stack", async () => {
    for (const body of ["not json", "{}", JSON.stringify({ query: 42 }), "x".repeat(1_100_000)]) {
      const response = await fetch(appsync.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: adminToken },
        body,
      });
      const text = await response.text();
      expect(response.status).toBe(400);
      expect(JSON.parse(text)).toEqual({
        errors: [
          {
            errorType: "MalformedHttpRequestException",
            message: "The request body is not a GraphQL request",
          },
        ],
      });
    }
  });
});
