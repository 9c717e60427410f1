/**
 * Handlers run from ES-module source (as esbuild bundles them) in the sandbox; the data
 * source is a stub recording the request objects it receives.
 */
import { describe, expect, it } from "vitest";
import type { ResolverErrorShape } from "./errors";
import { runResolver, type DataSourceOutcome, type FieldContext } from "./pipeline";
import { compileAppSyncCode } from "./sandbox";

const field: FieldContext = {
  arguments: { id: "42" },
  identity: { resolverContext: { userId: "user_ada", orgId: "org_acme" } },
  source: null,
  request: { headers: { "x-test": "1" }, domainName: null },
  info: {
    fieldName: "item",
    parentTypeName: "Query",
    variables: {},
    selectionSetList: ["id"],
    selectionSetGraphQL: "{ id }",
  },
  env: { TABLE: "t" },
};

function harness(
  answer: (request: unknown) => DataSourceOutcome = () => ({ result: { ok: true } }),
) {
  const requests: { dataSource: string; request: unknown }[] = [];
  const appended: ResolverErrorShape[] = [];
  return {
    requests,
    appended,
    options: {
      timeoutMs: 200,
      appendError: (e: ResolverErrorShape) => appended.push(e),
      invokeDataSource: (dataSource: string, request: unknown) => {
        requests.push({ dataSource, request });
        return Promise.resolve(answer(request));
      },
    },
  };
}

const code = (source: string, file = "Query.item.ts") => compileAppSyncCode(source, file);

describe("unit resolvers", () => {
  it("request → data source → response, with the AppSync ctx", async () => {
    const h = harness((request) => ({ result: { echoed: request } }));
    const resolver = code(`
      import { util } from "@aws-appsync/utils";
      import { get } from "@aws-appsync/utils/dynamodb";
      export function request(ctx) {
        return get({ key: { id: ctx.args.id, user: ctx.identity.resolverContext.userId, t: ctx.env.TABLE } });
      }
      export function response(ctx) {
        return { result: ctx.result, same: ctx.args === ctx.arguments, info: ctx.info.parentTypeName + "." + ctx.info.fieldName, header: ctx.request.headers["x-test"] };
      }`);
    const value = await runResolver(
      { kind: "UNIT", code: resolver, dataSource: "table" },
      field,
      h.options,
    );
    const request = {
      operation: "GetItem",
      key: { id: { S: "42" }, user: { S: "user_ada" }, t: { S: "t" } },
    };
    expect(h.requests).toEqual([{ dataSource: "table", request }]);
    expect(value).toEqual({
      result: { echoed: request },
      same: true,
      info: "Query.item",
      header: "1",
    });
  });

  it("ctx.error reaches the response handler, which decides (util.error fails the field)", async () => {
    const h = harness(() => ({
      result: null,
      error: {
        type: "DynamoDB:ConditionalCheckFailedException",
        message: "The conditional request failed",
      },
    }));
    const resolver = code(`
      import { util } from "@aws-appsync/utils";
      export function request(ctx) { return { operation: "GetItem", key: {} }; }
      export function response(ctx) { if (ctx.error) util.error(ctx.error.message, ctx.error.type, { id: ctx.args.id }); return 1; }`);
    await expect(
      runResolver({ kind: "UNIT", code: resolver, dataSource: "t" }, field, h.options),
    ).rejects.toMatchObject({
      message: "The conditional request failed",
      errorType: "DynamoDB:ConditionalCheckFailedException",
      data: { id: "42" },
    });
  });

  it("earlyReturn in the request handler skips the data source and the response handler", async () => {
    const h = harness();
    const resolver = code(`
      import { runtime } from "@aws-appsync/utils";
      export function request(ctx) { runtime.earlyReturn({ cached: true }); return {}; }
      export function response(ctx) { return "not me"; }`);
    expect(
      await runResolver({ kind: "UNIT", code: resolver, dataSource: "t" }, field, h.options),
    ).toEqual({ cached: true });
    expect(h.requests).toEqual([]);
  });

  it("util.appendError keeps the value and reports the error", async () => {
    const h = harness();
    const resolver = code(`
      import { util } from "@aws-appsync/utils";
      export function request(ctx) { return {}; }
      export function response(ctx) { util.appendError("partial", "PartialResult"); return "value"; }`);
    expect(
      await runResolver({ kind: "UNIT", code: resolver, dataSource: "t" }, field, h.options),
    ).toBe("value");
    expect(h.appended).toEqual([
      { message: "partial", errorType: "PartialResult", data: undefined, errorInfo: undefined },
    ]);
  });
});

describe("pipeline resolvers", () => {
  const before = code(
    `
    export function request(ctx) { ctx.stash.trail = ["before"]; return { started: true }; }
    export function response(ctx) { return { result: ctx.prev.result, trail: ctx.stash.trail.concat("after") }; }`,
    "Query.item.ts",
  );
  const fn = (name: string, body = "") =>
    code(
      `
      import { runtime } from "@aws-appsync/utils";
      export function request(ctx) {
        ctx.stash.trail.push("${name}.request:" + JSON.stringify(ctx.prev.result));
        ${body}
        return { operation: "GetItem", key: { fn: { S: "${name}" } } };
      }
      export function response(ctx) { ctx.stash.trail.push("${name}.response"); return { from: "${name}", ds: ctx.result }; }`,
      `${name}.ts`,
    );

  it("carries stash through every step and hands prev.result on", async () => {
    const h = harness(() => ({ result: "row" }));
    const value = await runResolver(
      {
        kind: "PIPELINE",
        code: before,
        functions: [
          { code: fn("auth"), dataSource: "t" },
          { code: fn("data"), dataSource: "t" },
        ],
      },
      field,
      h.options,
    );
    expect(value).toEqual({
      result: { from: "data", ds: "row" },
      trail: [
        "before",
        'auth.request:{"started":true}',
        "auth.response",
        'data.request:{"from":"auth","ds":"row"}',
        "data.response",
        "after",
      ],
    });
    expect(h.requests).toHaveLength(2);
  });

  it("earlyReturn in a function skips its data source and response, then goes on", async () => {
    const h = harness(() => ({ result: "row" }));
    const value = await runResolver(
      {
        kind: "PIPELINE",
        code: before,
        functions: [
          { code: fn("auth", "runtime.earlyReturn({ skipped: true });"), dataSource: "t" },
          { code: fn("data"), dataSource: "t" },
        ],
      },
      field,
      h.options,
    );
    expect(value).toMatchObject({
      trail: [
        "before",
        'auth.request:{"started":true}',
        'data.request:{"skipped":true}',
        "data.response",
        "after",
      ],
    });
    expect(h.requests).toEqual([
      { dataSource: "t", request: { operation: "GetItem", key: { fn: { S: "data" } } } },
    ]);
  });

  it("earlyReturn with skipTo END goes straight to the resolver's response handler", async () => {
    const h = harness();
    const value = await runResolver(
      {
        kind: "PIPELINE",
        code: before,
        functions: [
          {
            code: fn("auth", 'runtime.earlyReturn("denied", { skipTo: "END" });'),
            dataSource: "t",
          },
          { code: fn("data"), dataSource: "t" },
        ],
      },
      field,
      h.options,
    );
    expect(value).toEqual({
      result: "denied",
      trail: ["before", 'auth.request:{"started":true}', "after"],
    });
    expect(h.requests).toEqual([]);
  });

  it("util.error in a function fails the whole field; later steps never run", async () => {
    const h = harness();
    const failing = code(`
      import { util } from "@aws-appsync/utils";
      export function request(ctx) { util.unauthorized(); }
      export function response(ctx) { return null; }`);
    await expect(
      runResolver(
        {
          kind: "PIPELINE",
          code: before,
          functions: [
            { code: failing, dataSource: "t" },
            { code: fn("data"), dataSource: "t" },
          ],
        },
        field,
        h.options,
      ),
    ).rejects.toMatchObject({
      errorType: "Unauthorized",
      message: "Not Authorized to access item on type Query",
    });
    expect(h.requests).toEqual([]);
  });
});

describe("the sandbox", () => {
  const run = (source: string) =>
    runResolver(
      { kind: "UNIT", code: code(source, "Query.bad.ts"), dataSource: "t" },
      field,
      harness().options,
    );

  it("stops a runaway handler at its time limit", async () => {
    await expect(
      run(
        `export function request(ctx) { for (;;) {} } export function response(ctx) { return 1; }`,
      ),
    ).rejects.toMatchObject({
      errorType: "Code",
      message: "Query.bad.ts: request exceeded its execution time limit",
    });
  });

  it("offers no require, process, network, timers or eval", async () => {
    for (const body of [
      `require("node:fs")`,
      `process.exit(1)`,
      `fetch("http://127.0.0.1")`,
      `setTimeout(() => {}, 1)`,
      `eval("1")`,
      `new Function("return 1")()`,
    ]) {
      await expect(
        run(
          `export function request(ctx) { return ${body}; } export function response(ctx) { return 1; }`,
        ),
      ).rejects.toMatchObject({
        errorType: "Code",
      });
    }
  });

  it("refuses an import of anything but the runtime's modules", async () => {
    await expect(
      run(
        `import { readFileSync } from "node:fs"; export function request() { return readFileSync; } export function response() { return 1; }`,
      ),
    ).rejects.toMatchObject({
      errorType: "Code",
      message: expect.stringContaining('module "node:fs" is not available') as unknown,
    });
  });

  it("rejects a promise (APPSYNC_JS is synchronous) and a missing handler", async () => {
    await expect(
      run(
        `export async function request() { return {}; } export function response() { return 1; }`,
      ),
    ).rejects.toMatchObject({
      message: expect.stringContaining("returned a promise") as unknown,
    });
    await expect(run(`export function request() { return {}; }`)).rejects.toMatchObject({
      message: 'Query.bad.ts: no "response" function exported',
    });
  });

  it("reports a code error by its message only, with no stack", async () => {
    const error = (await run(
      `export function request(ctx) { return ctx.args.missing.deeper; } export function response() { return 1; }`,
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^Query\.bad\.ts: request failed: Cannot read properties of undefined/,
    );
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it("gives each invocation a fresh context: module state does not leak between calls", async () => {
    const source = `let calls = 0; export function request() { calls += 1; return { calls }; } export function response(ctx) { return ctx.result; }`;
    const compiled = code(source);
    const h = harness((request) => ({ result: request }));
    const first = await runResolver(
      { kind: "UNIT", code: compiled, dataSource: "t" },
      field,
      h.options,
    );
    const second = await runResolver(
      { kind: "UNIT", code: compiled, dataSource: "t" },
      field,
      h.options,
    );
    expect([first, second]).toEqual([{ calls: 1 }, { calls: 1 }]);
  });
});
