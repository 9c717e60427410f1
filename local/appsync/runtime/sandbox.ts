/**
 * Runs one handler (`request` or `response`) of an APPSYNC_JS bundle in a fresh `node:vm`
 * context with a time limit. The bundle is the ES module that CDK deploys; it is turned
 * into a CommonJS-style body once, so its `@aws-appsync/utils` imports become calls to a
 * `require` that knows only the runtime's modules. There is no `process`, no network, no
 * timers, no `eval`/`new Function`, and no other module.
 *
 * node:vm is not a security boundary: this catches mistakes in our own resolvers (a stray
 * import, a runaway loop), it does not contain hostile code.
 */
import vm from "node:vm";
import { transformSync } from "esbuild";
import { dynamodbModule } from "./dynamodb-module";
import { EarlyReturn, ResolverError, type ResolverErrorShape } from "./errors";
import { createUtil } from "./util";

export interface CompiledCode {
  readonly file: string;
  readonly script: vm.Script;
}

/** Compiles a bundle (ES module text) for repeated invocation. */
export function compileAppSyncCode(code: string, file: string): CompiledCode {
  const body = transformSync(code, {
    format: "cjs",
    loader: "js",
    target: "es2022",
    sourcefile: file,
    logLevel: "silent",
  }).code;
  // Everything, the module's top level included, runs inside one timed runInContext.
  const source = `"use strict";
(() => {
  const module = { exports: {} };
  ((module, exports, require) => {
${body}
  })(module, module.exports, __require);
  const handler = module.exports[__handlerName];
  if (typeof handler !== "function") throw new __DefinitionError(__handlerName);
  const ctx = JSON.parse(__ctxJson);
  ctx.args = ctx.arguments;
  let value;
  try {
    value = handler(ctx);
  } finally {
    __out.stash = JSON.stringify(ctx.stash);
  }
  if (value !== null && typeof value === "object" && typeof value.then === "function") {
    throw new __DefinitionError("promise");
  }
  __out.value = value === undefined ? undefined : JSON.stringify(value);
})();`;
  return { file, script: new vm.Script(source, { filename: file }) };
}

/** The context object AppSync hands a handler (JSON data only). */
export interface HandlerContext {
  arguments: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  stash: Record<string, unknown>;
  prev?: { result: unknown };
  result?: unknown;
  error?: { message: string; type: string };
  request: { headers: Record<string, string>; domainName: string | null };
  info: {
    fieldName: string;
    parentTypeName: string;
    variables: Record<string, unknown>;
    selectionSetList: string[];
    selectionSetGraphQL: string;
  };
  env: Record<string, string>;
}

export type HandlerOutcome =
  | { kind: "return"; value: unknown; stash: Record<string, unknown> }
  | {
      kind: "earlyReturn";
      value: unknown;
      skipTo: "END" | "NEXT" | undefined;
      stash: Record<string, unknown>;
    };

export interface InvokeOptions {
  timeoutMs: number;
  appendError: (error: ResolverErrorShape) => void;
  log?: (message: string) => void;
  now?: () => number;
}

/** A handler that is missing or returns a promise: a mistake in the resolver's code. */
class DefinitionError extends Error {}

const MODULE_NAMES = new Set(["@aws-appsync/utils", "@aws-appsync/utils/dynamodb"]);

/**
 * Runs `handler` of `code` with `ctx`. Returns its value (or early return) and the stash
 * as the handler left it; throws `ResolverError` for `util.error`/`util.unauthorized` and
 * for code errors (message only, never a host stack).
 */
export function invokeHandler(
  code: CompiledCode,
  handler: "request" | "response",
  ctx: HandlerContext,
  options: InvokeOptions,
): HandlerOutcome {
  const util = createUtil({
    info: ctx.info,
    appendError: options.appendError,
    ...(options.now ? { now: options.now } : {}),
  });
  const runtime = {
    earlyReturn(value?: unknown, returnOptions?: { skipTo?: "END" | "NEXT" }): never {
      throw new EarlyReturn(value ?? null, returnOptions?.skipTo);
    },
  };
  // AppSync's extensions act on caching and subscriptions, which do not exist locally.
  const extensions = {
    evictFromApiCache: () => {},
    setSubscriptionFilter: () => {},
    setSubscriptionInvalidationFilter: () => {},
    invalidateSubscriptions: () => {},
  };
  const log = options.log ?? (() => {});
  const out: { stash?: string; value?: string } = {};
  const globals = {
    util,
    runtime,
    extensions,
    console: {
      log: (...args: unknown[]) => log(args.map(String).join(" ")),
      error: (...args: unknown[]) => log(args.map(String).join(" ")),
    },
    __require: (name: string) => {
      if (!MODULE_NAMES.has(name))
        throw new Error(`module "${name}" is not available in APPSYNC_JS`);
      return name === "@aws-appsync/utils" ? { util, runtime, extensions } : dynamodbModule;
    },
    __handlerName: handler,
    __ctxJson: JSON.stringify(ctx),
    __out: out,
    __DefinitionError: DefinitionError,
  };
  const context = vm.createContext(globals, {
    name: code.file,
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: "afterEvaluate",
  });
  const stash = () =>
    out.stash === undefined ? ctx.stash : (JSON.parse(out.stash) as Record<string, unknown>);
  try {
    code.script.runInContext(context, { timeout: options.timeoutMs, displayErrors: false });
  } catch (error) {
    if (error instanceof EarlyReturn) {
      return {
        kind: "earlyReturn",
        value: toJson(error.value),
        skipTo: error.skipTo,
        stash: stash(),
      };
    }
    if (error instanceof ResolverError) throw error;
    throw codeError(error, code.file, handler);
  }
  return {
    kind: "return",
    value: out.value === undefined ? null : (JSON.parse(out.value) as unknown),
    stash: stash(),
  };
}

/** Detaches a value from the sandbox's realm (and drops what JSON cannot carry). */
function toJson(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function codeError(error: unknown, file: string, handler: string): ResolverError {
  const name = file.split("/").pop() ?? file;
  if (error instanceof DefinitionError) {
    return error.message === "promise"
      ? new ResolverError(
          `${name}: ${handler} returned a promise; APPSYNC_JS is synchronous`,
          "Code",
        )
      : new ResolverError(`${name}: no "${handler}" function exported`, "Code");
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
    return new ResolverError(`${name}: ${handler} exceeded its execution time limit`, "Code");
  }
  // A TypeError etc. from the sandbox's realm: its message only, never a stack.
  const message = (error as { message?: unknown } | null)?.message;
  return new ResolverError(
    `${name}: ${handler} failed: ${typeof message === "string" ? message : "error"}`,
    "Code",
  );
}
