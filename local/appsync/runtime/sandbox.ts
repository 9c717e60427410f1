/**
 * Runs one handler (`request` or `response`) of an APPSYNC_JS bundle in a `node:vm` context
 * with a time limit. The bundle is the ES module that CDK deploys; it is turned into a
 * CommonJS-style body and compiled into a `vm.Script` once, so its `@aws-appsync/utils`
 * imports become calls to a `require` that knows only the runtime's modules. There is no
 * `process`, no network, no timers, no `eval`/`new Function`, and no other module.
 *
 * Isolation without a context per call (a fresh `vm.createContext` cost more than the
 * handler): each code file keeps one context, and every invocation
 * - evaluates the module body again, so module-level state starts fresh each time;
 * - gets `ctx`, `util`, `runtime`, `extensions` and `console` as new values;
 * - runs synchronously to the end (APPSYNC_JS has no async, a promise is refused, and the
 *   context's microtasks drain inside the call), so two invocations never overlap in one
 *   context, whatever is in flight around them;
 * - is followed by a reset of the global object to its snapshot (added properties deleted,
 *   changed ones restored); the built-ins (`Object.prototype`, `JSON`, `Math`, …) are frozen
 *   when the context is made, an assignment to an inherited method on an instance still
 *   works (it defines an own property), as on an unfrozen realm.
 * A context whose reset cannot be completed, or whose handler timed out or failed with a code
 * error, is dropped and the next invocation gets a new one.
 *
 * node:vm is not a security boundary: this catches mistakes in our own resolvers (a stray
 * import, a runaway loop), it does not contain hostile code.
 */
import vm from "node:vm";
import { transformSync } from "esbuild";
import { dynamodbModule } from "./dynamodb-module";
import { EarlyReturn, ResolverError, type ResolverErrorShape } from "./errors";
import { createUtil } from "./util";
import { dynamodbUtils } from "./dynamodb-values";

/** AppSync's limit on `code` of a resolver or function (CreateResolver, CreateFunction). */
export const MAX_CODE_BYTES = 32_768;

export interface CompiledCode {
  readonly file: string;
  readonly script: vm.Script;
  /** The context this code runs in, made on first use and dropped when tainted. */
  sandbox?: Sandbox | undefined;
}

/** Compiles a bundle (ES module text) for repeated invocation. */
export function compileAppSyncCode(code: string, file: string): CompiledCode {
  const size = Buffer.byteLength(code, "utf8");
  if (size > MAX_CODE_BYTES) {
    throw new Error(
      `${file}: bundled code is ${size} bytes; AppSync accepts at most ${MAX_CODE_BYTES} per resolver or function`,
    );
  }
  const body = transformSync(code, {
    format: "cjs",
    loader: "js",
    target: "es2022",
    sourcefile: file,
    logLevel: "silent",
  }).code;
  // Everything, the module's top level included, runs inside one timed runInContext. The
  // invocation's values are read from one global and held in locals before any user code.
  const source = `"use strict";
(() => {
  const { handlerName: __handlerName, ctxJson: __ctxJson, out: __out, require: __require } =
    globalThis.__invocation;
  const { parse: __parse, stringify: __stringify } = JSON;
  const module = { exports: {} };
  ((module, exports, require) => {
${body}
  })(module, module.exports, __require);
  const handler = module.exports[__handlerName];
  if (typeof handler !== "function") throw new __DefinitionError(__handlerName);
  const ctx = __parse(__ctxJson);
  ctx.args = ctx.arguments;
  let value;
  try {
    value = handler(ctx);
  } finally {
    __out.stash = __stringify(ctx.stash);
  }
  if (value !== null && typeof value === "object" && typeof value.then === "function") {
    throw new __DefinitionError("promise");
  }
  __out.value = value === undefined ? undefined : __stringify(value);
})();`;
  return { file, script: new vm.Script(source, { filename: file }) };
}

/** Names set anew before each invocation; the reset leaves them to the next one. */
const PER_INVOCATION = ["__invocation", "util", "runtime", "extensions", "console"] as const;

/**
 * Runs in a new context before any user code: freezes the built-ins reachable from the
 * global object and returns the function that puts the global object back as it is now.
 * Data properties of the frozen objects become accessors whose setter defines an own
 * property on the receiver, so `obj.toString = f` on an instance still works (SES's
 * "override mistake" taming) while the built-in itself cannot be changed.
 */
const LOCKDOWN = `"use strict";
(() => {
  const g = globalThis;
  const { ownKeys, getOwnPropertyDescriptor: describe, defineProperty: define, deleteProperty,
    getPrototypeOf } = Reflect;
  const { freeze, isExtensible, is } = Object;
  const skip = new Set(${JSON.stringify(PER_INVOCATION)});
  // Host-realm values are frozen by the host (see deepFreeze); walking them would freeze
  // the host's own built-ins.
  const host = new Set(["__DefinitionError"]);
  const seen = new Set();
  const queue = [];
  const visit = (value) => {
    if ((typeof value === "object" && value !== null) || typeof value === "function") {
      if (value !== g && !seen.has(value)) { seen.add(value); queue.push(value); }
    }
  };
  for (const key of ownKeys(g)) {
    if (skip.has(key) || host.has(key)) continue;
    const d = describe(g, key);
    visit(d.value); visit(d.get); visit(d.set);
  }
  visit(getPrototypeOf(g));
  while (queue.length) {
    const object = queue.pop();
    visit(getPrototypeOf(object));
    for (const key of ownKeys(object)) {
      const d = describe(object, key);
      visit(d.value); visit(d.get); visit(d.set);
      if ("value" in d && d.writable && d.configurable && typeof object !== "function") {
        const value = d.value;
        define(object, key, {
          get() { return value; },
          set(next) {
            if (this === object) throw new TypeError("Cannot assign to read only property '" + String(key) + "'");
            define(this, key, { value: next, writable: true, enumerable: true, configurable: true });
          },
          enumerable: d.enumerable,
          configurable: false,
        });
      }
    }
  }
  for (const object of seen) freeze(object);
  const snapshot = new Map();
  for (const key of ownKeys(g)) if (!skip.has(key)) snapshot.set(key, describe(g, key));
  const same = (a, b) =>
    a !== undefined && is(a.value, b.value) && a.get === b.get && a.set === b.set &&
    a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
  return () => {
    if (!isExtensible(g)) return false;
    for (const key of ownKeys(g)) {
      if (skip.has(key) || snapshot.has(key)) continue;
      if (!deleteProperty(g, key)) return false;
    }
    for (const [key, d] of snapshot) {
      if (!same(describe(g, key), d) && !define(g, key, d)) return false;
    }
    for (const key of skip) {
      const d = describe(g, key);
      if (d && (!d.configurable || !("value" in d))) return false;
    }
    return true;
  };
})();`;
const lockdown = new vm.Script(LOCKDOWN, { filename: "appsync-js-lockdown" });

interface Sandbox {
  context: vm.Context;
  /** The host-side object the context's global is backed by. */
  globals: Record<string, unknown>;
  /** Restores the global object; false when it could not be (the context is then dropped). */
  reset: () => boolean;
}

function createSandbox(file: string): Sandbox {
  const globals: Record<string, unknown> = { __DefinitionError: DefinitionError };
  const context = vm.createContext(globals, {
    name: file,
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: "afterEvaluate",
  });
  const reset = lockdown.runInContext(context) as () => boolean;
  return { context, globals, reset };
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

/** A call a handler made to AppSync's `extensions` (subscriptions), as JSON data. */
export type ExtensionCall =
  | { kind: "setSubscriptionFilter"; filter: unknown }
  | { kind: "setSubscriptionInvalidationFilter"; filter: unknown }
  | { kind: "invalidateSubscriptions"; subscriptionField: unknown; payload: unknown };

export interface InvokeOptions {
  timeoutMs: number;
  /** Receives the handler's subscription extension calls (the server acts on them). */
  onExtension?: (call: ExtensionCall) => void;
  appendError: (error: ResolverErrorShape) => void;
  log?: (message: string) => void;
  now?: () => number;
}

/** A handler that is missing or returns a promise: a mistake in the resolver's code. */
class DefinitionError extends Error {}

/**
 * Host objects every invocation can reach (the rest of `util` is made per invocation):
 * frozen, so a handler that assigns to one changes nothing for the next.
 */
function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return;
  if (seen.has(value)) return;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    const d = Reflect.getOwnPropertyDescriptor(value, key);
    if (d && "value" in d && key !== "prototype") deepFreeze(d.value, seen);
  }
  Object.freeze(value);
}
deepFreeze(dynamodbModule);
deepFreeze(dynamodbUtils);
Object.freeze(DefinitionError.prototype);
Object.freeze(DefinitionError);

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
  // AppSync's extensions: there is no cache locally; the subscription ones are handed to
  // the server (detached from the sandbox's realm), which keeps or acts on them.
  const onExtension = options.onExtension ?? (() => {});
  const extensions = {
    evictFromApiCache: () => {},
    setSubscriptionFilter: (filter: unknown) =>
      onExtension({ kind: "setSubscriptionFilter", filter: toJson(filter) }),
    setSubscriptionInvalidationFilter: (filter: unknown) =>
      onExtension({ kind: "setSubscriptionInvalidationFilter", filter: toJson(filter) }),
    invalidateSubscriptions: (input: unknown) => {
      const value = toJson(input) as { subscriptionField?: unknown; payload?: unknown } | null;
      onExtension({
        kind: "invalidateSubscriptions",
        subscriptionField: value?.subscriptionField,
        payload: value?.payload,
      });
    },
  };
  const log = options.log ?? (() => {});
  const out: { stash?: string; value?: string } = {};
  const sandbox = (code.sandbox ??= createSandbox(code.file));
  Object.assign(sandbox.globals, {
    util,
    runtime,
    extensions,
    console: {
      log: (...args: unknown[]) => log(args.map(String).join(" ")),
      error: (...args: unknown[]) => log(args.map(String).join(" ")),
    },
    __invocation: {
      handlerName: handler,
      ctxJson: JSON.stringify(ctx),
      out,
      require: (name: string) => {
        if (!MODULE_NAMES.has(name))
          throw new Error(`module "${name}" is not available in APPSYNC_JS`);
        return name === "@aws-appsync/utils" ? { util, runtime, extensions } : dynamodbModule;
      },
    },
  });
  const stash = () =>
    out.stash === undefined ? ctx.stash : (JSON.parse(out.stash) as Record<string, unknown>);
  let clean = false;
  try {
    code.script.runInContext(sandbox.context, {
      timeout: options.timeoutMs,
      displayErrors: false,
    });
    clean = true;
  } catch (error) {
    if (error instanceof EarlyReturn) {
      clean = true;
      return {
        kind: "earlyReturn",
        value: toJson(error.value),
        skipTo: error.skipTo,
        stash: stash(),
      };
    }
    if (error instanceof ResolverError) {
      clean = true;
      throw error;
    }
    throw codeError(error, code.file, handler);
  } finally {
    // A timeout or a code error may have left the context half-way: drop it.
    if (!clean || !sandbox.reset()) code.sandbox = undefined;
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
