/** The control-flow signals an APPSYNC_JS handler can raise, as host-side classes. */

/** An error as AppSync reports it in `errors[]` (`util.error`, `util.appendError`). */
export interface ResolverErrorShape {
  message: string;
  errorType?: string | undefined;
  data?: unknown;
  errorInfo?: unknown;
}

/** `util.error(...)`: fails the field; AppSync sets it to null and reports the error. */
export class ResolverError extends Error implements ResolverErrorShape {
  constructor(
    message: string,
    readonly errorType?: string,
    readonly data?: unknown,
    readonly errorInfo?: unknown,
  ) {
    super(message);
    this.name = "ResolverError";
  }
}

/** `runtime.earlyReturn(value, { skipTo })`: stops the handler with a result. */
export class EarlyReturn extends Error {
  constructor(
    readonly value: unknown,
    readonly skipTo: "END" | "NEXT" | undefined,
  ) {
    super("earlyReturn");
    this.name = "EarlyReturn";
  }
}
