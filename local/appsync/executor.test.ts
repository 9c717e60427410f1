/**
 * AppSync's request execution time limit, on the executor: a request whose data source does
 * not answer within it gets AppSync's ExecutionTimeout error, and nothing after the limit
 * reaches a data source. (The limit is 30 s; the test sets a short one.)
 */
import { describe, expect, it } from "vitest";
import { createExecutor, EXECUTION_TIMEOUT, REQUEST_TIMEOUT_MS } from "./executor";
import type { LoadedResolver } from "./runtime/pipeline";
import { compileAppSyncCode } from "./runtime/sandbox";
import { loadAppSyncSchema } from "./schema";
import { testApi } from "./testing/api";

const whoami: LoadedResolver = {
  kind: "PIPELINE",
  code: compileAppSyncCode(
    `export function request(ctx) { return {}; }
     export function response(ctx) { return ctx.prev.result; }`,
    "Query.whoami.ts",
  ),
  // Two steps: the first's data source is the one that hangs; the second must never run.
  functions: ["first", "second"].map((name) => ({
    dataSource: name,
    code: compileAppSyncCode(
      `export function request(ctx) { console.log("${name} request"); return { payload: ctx.prev.result }; }
       export function response(ctx) { return ctx.result; }`,
      `${name}.ts`,
    ),
  })),
};

function setup(answer: (dataSource: string) => Promise<unknown>) {
  const calls: string[] = [];
  const logged: string[] = [];
  const executor = createExecutor({
    log: (message) => logged.push(message),
    schema: loadAppSyncSchema(testApi.schemaFile),
    resolvers: new Map([["Query.whoami", whoami]]),
    environment: {},
    timeoutMs: 1000,
    requestTimeoutMs: 50,
  });
  const run = () =>
    executor.run(
      { query: "{ whoami { userId } }" },
      {
        identity: { resolverContext: {} },
        headers: {},
        deniedFields: new Set(),
        invokeDataSource: async (dataSource) => {
          calls.push(dataSource);
          return { result: await answer(dataSource) };
        },
      },
    );
  return { calls, logged, run };
}

describe("request execution time limit", () => {
  it("is AppSync's 30 s by default", () => {
    expect(REQUEST_TIMEOUT_MS).toBe(30_000);
  });

  it("answers ExecutionTimeout with data null when the request runs past it", async () => {
    let release: (value: unknown) => void = () => {};
    const { calls, logged, run } = setup((dataSource) =>
      dataSource === "first"
        ? new Promise((resolve) => (release = resolve))
        : Promise.resolve({ userId: "late" }),
    );
    expect(await run()).toEqual({
      data: null,
      errors: [
        {
          path: null,
          data: null,
          errorType: "ExecutionTimeout",
          errorInfo: null,
          locations: null,
          message: "Execution timed out.",
        },
      ],
    });
    expect(EXECUTION_TIMEOUT.errorType).toBe("ExecutionTimeout");
    // The abandoned resolution goes on when its data source answers, and is refused the next.
    release({ userId: "first" });
    await expect.poll(() => logged).toContain("second request");
    expect(calls).toEqual(["first"]);
  });

  it("does not touch a request that finishes in time", async () => {
    const { calls, run } = setup(() => Promise.resolve({ userId: "user_ada" }));
    expect(await run()).toEqual({ data: { whoami: { userId: "user_ada" } } });
    expect(calls).toEqual(["first", "second"]);
  });
});

describe("document cache", () => {
  const executor = () =>
    createExecutor({
      schema: loadAppSyncSchema(testApi.schemaFile),
      resolvers: new Map([["Query.whoami", whoami]]),
      environment: {},
      timeoutMs: 1000,
    });
  const scope = (userId: string) => ({
    identity: { resolverContext: {} },
    headers: {},
    deniedFields: new Set<string>(),
    invokeDataSource: () => Promise.resolve({ result: { userId } }),
  });

  it("runs a cached document with each request's own values and variables", async () => {
    const run = executor();
    const query = "query Who($skip: Boolean!) { whoami { userId @skip(if: $skip) } }";
    expect(await run.run({ query, variables: { skip: false } }, scope("user_ada"))).toEqual({
      data: { whoami: { userId: "user_ada" } },
    });
    expect(await run.run({ query, variables: { skip: true } }, scope("user_bob"))).toEqual({
      data: { whoami: {} },
    });
    expect(await run.run({ query, variables: { skip: false } }, scope("user_bob"))).toEqual({
      data: { whoami: { userId: "user_bob" } },
    });
  });

  it("answers an invalid query with its errors every time, not once", async () => {
    const run = executor();
    for (const [query, errorType] of [
      ["{ whoami { nope } }", "ValidationError"],
      ["{ whoami {", "InvalidSyntax"],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        const answer = await run.run({ query }, scope("user_ada"));
        expect(answer.data).toBeNull();
        expect(answer.errors?.map((e) => e.errorType)).toEqual([errorType]);
      }
      expect(run.document(query)).toBeUndefined();
    }
  });

  it("gives the document the request ran (the server finds mutations in it)", () => {
    const run = executor();
    const query = "mutation M { a: whoami { userId } }";
    // Not valid against the test schema (whoami is a query): no document.
    expect(run.document(query)).toBeUndefined();
    const valid = run.document("{ whoami { userId } }");
    expect(valid?.definitions).toHaveLength(1);
    expect(run.document("{ whoami { userId } }")).toBe(valid);
  });
});
