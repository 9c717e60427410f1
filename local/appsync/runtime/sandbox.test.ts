/**
 * One context serves every invocation of a code file; these tests hold it to what a fresh
 * context per call gave: nothing an invocation leaves behind (on `globalThis`, in module
 * state, in the built-ins, in shared runtime modules, in `ctx`/`stash`) reaches the next,
 * also with many resolutions in flight at once.
 */
import { describe, expect, it } from "vitest";
import type { ResolverErrorShape } from "./errors";
import { runResolver, type FieldContext, type LoadedResolver } from "./pipeline";
import { compileAppSyncCode, MAX_CODE_BYTES } from "./sandbox";

const field = (id: string): FieldContext => ({
  arguments: { id },
  identity: { resolverContext: { userId: `user_${id}` } },
  source: null,
  request: { headers: {}, domainName: null },
  info: {
    fieldName: "item",
    parentTypeName: "Query",
    variables: {},
    selectionSetList: [],
    selectionSetGraphQL: "",
  },
  env: {},
});

const appended: ResolverErrorShape[] = [];
const options = (delay = () => Promise.resolve()) => ({
  timeoutMs: 500,
  appendError: (e: ResolverErrorShape) => appended.push(e),
  invokeDataSource: async (_: string, request: unknown) => {
    await delay();
    return { result: request };
  },
});

/** A unit resolver whose request handler returns `probe` and response returns the result. */
function unit(source: string): LoadedResolver {
  return {
    kind: "UNIT",
    code: compileAppSyncCode(source, "Query.item.ts"),
    dataSource: "none",
  };
}

describe("isolation between invocations of one code file", () => {
  it("a write to globalThis is gone in the next invocation", async () => {
    const resolver = unit(`
      export function request(ctx) {
        const seen = globalThis.counter === undefined ? "clean" : "leaked";
        globalThis.counter = 1;
        globalThis.JSON = { stringify: () => "hijacked" };
        return { seen };
      }
      export function response(ctx) { return ctx.result; }`);
    for (let i = 0; i < 3; i++) {
      expect(await runResolver(resolver, field(String(i)), options())).toEqual({ seen: "clean" });
    }
  });

  it("module-level state starts fresh each time", async () => {
    const resolver = unit(`
      const cache = { calls: 0, ids: [] };
      let count = 0;
      export function request(ctx) {
        cache.calls++; count++; cache.ids.push(ctx.args.id);
        return { calls: cache.calls, count, ids: cache.ids };
      }
      export function response(ctx) { return ctx.result; }`);
    expect(await runResolver(resolver, field("a"), options())).toEqual({
      calls: 1,
      count: 1,
      ids: ["a"],
    });
    expect(await runResolver(resolver, field("b"), options())).toEqual({
      calls: 1,
      count: 1,
      ids: ["b"],
    });
  });

  it("built-ins cannot be changed, and an instance can still shadow an inherited method", async () => {
    const resolver = unit(`
      export function request(ctx) {
        const seen = [].polluted === undefined && ({}).polluted === undefined ? "clean" : "leaked";
        const attempts = [];
        const tries = [
          () => { Array.prototype.polluted = 1; },
          () => { Object.prototype.polluted = 1; },
          () => { Math.max = () => 0; },
          () => { JSON.parse = () => "hijacked"; },
        ];
        for (const attempt of tries) {
          try { attempt(); attempts.push("changed"); } catch (e) { attempts.push("refused"); }
        }
        const own = {};
        own.toString = () => "mine";
        return { seen, attempts, own: String(own), max: Math.max(1, 2) };
      }
      export function response(ctx) { return ctx.result; }`);
    for (let i = 0; i < 2; i++) {
      expect(await runResolver(resolver, field(String(i)), options())).toEqual({
        seen: "clean",
        attempts: ["refused", "refused", "refused", "refused"],
        own: "mine",
        max: 2,
      });
    }
  });

  it("the runtime's shared modules cannot be changed by a handler", async () => {
    const resolver = unit(`
      import { util } from "@aws-appsync/utils";
      import * as ddb from "@aws-appsync/utils/dynamodb";
      export function request(ctx) {
        const seen = util.marker === undefined && ddb.get.marker === undefined ? "clean" : "leaked";
        const outcomes = [];
        for (const attempt of [() => { util.dynamodb.toDynamoDB = () => "x"; }, () => { ddb.get.marker = 1; }]) {
          try { attempt(); outcomes.push("changed"); } catch (e) { outcomes.push("refused"); }
        }
        util.marker = 1;
        return { seen, outcomes, value: util.dynamodb.toDynamoDB("v") };
      }
      export function response(ctx) { return ctx.result; }`);
    for (let i = 0; i < 2; i++) {
      expect(await runResolver(resolver, field(String(i)), options())).toEqual({
        seen: "clean",
        outcomes: ["refused", "refused"],
        value: { S: "v" },
      });
    }
  });

  it("stash and ctx data stay with their own resolution, with 20 in flight at once", async () => {
    // One pipeline; its function's request writes the caller's id to the stash, globalThis and
    // a module object, then the data source yields to let the other resolutions run.
    const fn = compileAppSyncCode(
      `
      const mod = { owner: null };
      export function request(ctx) {
        const before = { stash: ctx.stash.owner ?? null, global: globalThis.owner ?? null, mod: mod.owner };
        ctx.stash.owner = ctx.args.id; globalThis.owner = ctx.args.id; mod.owner = ctx.args.id;
        ctx.args.extra = "left behind";
        return { before };
      }
      export function response(ctx) {
        return { before: ctx.result.before, stash: ctx.stash.owner, global: globalThis.owner ?? null, mod: mod.owner, extra: ctx.args.extra ?? null };
      }`,
      "fn.ts",
    );
    const resolver: LoadedResolver = {
      kind: "PIPELINE",
      code: compileAppSyncCode(
        `export function request(ctx) { return {}; }
         export function response(ctx) { return { ...ctx.prev.result, mine: ctx.stash.owner === ctx.args.id }; }`,
        "pipeline.ts",
      ),
      functions: [{ code: fn, dataSource: "none" }],
    };
    const yieldRandomly = () =>
      new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
    const ids = Array.from({ length: 20 }, (_, i) => `u${i}`);
    const results = await Promise.all(
      ids.map((id) => runResolver(resolver, field(id), options(yieldRandomly))),
    );
    expect(results).toEqual(
      ids.map((id) => ({
        before: { stash: null, global: null, mod: null },
        stash: id,
        global: null,
        mod: null,
        extra: null,
        mine: true,
      })),
    );
  });

  it("a handler that times out or pins a property on the global object leaves the next invocation working", async () => {
    const resolver = unit(`
      export function request(ctx) {
        if (ctx.args.id === "spin") { for (;;) {} }
        if (ctx.args.id === "lock") Object.defineProperty(globalThis, "locked", { value: true, configurable: false });
        return { locked: globalThis.locked ?? false };
      }
      export function response(ctx) { return ctx.result; }`);
    await expect(runResolver(resolver, field("spin"), options())).rejects.toThrow(
      /exceeded its execution time limit/,
    );
    expect(await runResolver(resolver, field("ok"), options())).toEqual({ locked: false });
    expect(await runResolver(resolver, field("lock"), options())).toEqual({ locked: true });
    expect(await runResolver(resolver, field("ok"), options())).toEqual({ locked: false });
  });
});

describe("AppSync's code size limit", () => {
  const padded = (bytes: number) => {
    const head =
      "export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }\n//";
    return head + "x".repeat(bytes - head.length);
  };

  it(`accepts ${MAX_CODE_BYTES} bytes and refuses one more at load`, () => {
    expect(MAX_CODE_BYTES).toBe(32_768);
    expect(() => compileAppSyncCode(padded(MAX_CODE_BYTES), "big.ts")).not.toThrow();
    expect(() => compileAppSyncCode(padded(MAX_CODE_BYTES + 1), "big.ts")).toThrow(
      "big.ts: bundled code is 32769 bytes; AppSync accepts at most 32768 per resolver or function",
    );
  });

  it("counts bytes, not characters", () => {
    const source = padded(MAX_CODE_BYTES - 1) + "é"; // one character, two bytes in UTF-8
    expect(source.length).toBe(MAX_CODE_BYTES);
    expect(() => compileAppSyncCode(source, "big.ts")).toThrow(/32769 bytes/);
  });
});
