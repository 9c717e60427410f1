/**
 * Runs a unit or pipeline resolver as AppSync does: request handler → data source →
 * response handler, per function in a pipeline, with `ctx.stash` carried through,
 * `ctx.prev.result` handed on, and `runtime.earlyReturn` skipping as documented.
 */
import type { ResolverErrorShape } from "./errors";
import {
  invokeHandler,
  type CompiledCode,
  type ExtensionCall,
  type HandlerContext,
} from "./sandbox";

/** What a data source answers: a result, or an error AppSync puts in `ctx.error`. */
export interface DataSourceOutcome {
  result: unknown;
  error?: { message: string; type: string };
}

export type InvokeDataSource = (dataSource: string, request: unknown) => Promise<DataSourceOutcome>;

export interface Step {
  code: CompiledCode;
  dataSource: string;
}

export type LoadedResolver =
  | { kind: "UNIT"; code: CompiledCode; dataSource: string }
  | { kind: "PIPELINE"; code: CompiledCode; functions: readonly Step[] };

/** The parts of `ctx` fixed for one field resolution. */
export type FieldContext = Omit<HandlerContext, "stash" | "prev" | "result" | "error">;

export interface RunOptions {
  invokeDataSource: InvokeDataSource;
  timeoutMs: number;
  appendError: (error: ResolverErrorShape) => void;
  onExtension?: (call: ExtensionCall) => void;
  log?: (message: string) => void;
  now?: () => number;
}

/** Resolves one field; throws `ResolverError` when the field fails. */
export async function runResolver(
  resolver: LoadedResolver,
  field: FieldContext,
  options: RunOptions,
): Promise<unknown> {
  const invoke = options;
  let stash: Record<string, unknown> = {};
  const call = (
    code: CompiledCode,
    handler: "request" | "response",
    extra: Partial<HandlerContext>,
  ) => {
    const outcome = invokeHandler(code, handler, { ...field, stash, ...extra }, invoke);
    stash = outcome.stash;
    return outcome;
  };

  /** request → data source → response of one step; `skip` when it returned early. */
  const step = async (
    code: CompiledCode,
    dataSource: string,
    prev: { result: unknown } | undefined,
  ) => {
    const request = call(code, "request", prev ? { prev } : {});
    if (request.kind === "earlyReturn") return request;
    const { result, error } = await options.invokeDataSource(dataSource, request.value);
    return call(code, "response", {
      ...(prev ? { prev } : {}),
      result,
      ...(error ? { error } : {}),
    });
  };

  if (resolver.kind === "UNIT") {
    return (await step(resolver.code, resolver.dataSource, undefined)).value;
  }

  const before = call(resolver.code, "request", {});
  let prev = { result: before.value };
  if (before.kind !== "earlyReturn") {
    for (const fn of resolver.functions) {
      const outcome = await step(fn.code, fn.dataSource, prev);
      prev = { result: outcome.value };
      if (outcome.kind === "earlyReturn" && outcome.skipTo === "END") break;
    }
  }
  return call(resolver.code, "response", { prev }).value;
}
