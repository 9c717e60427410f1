import { reportInternal, UNAVAILABLE_MESSAGE, withReference } from "../errors";

/** The data module's one error type: AppSync's error types mapped to the ones pages handle. */
export type ApiErrorType =
  "Unauthorized" | "NotFound" | "ConflictError" | "ValidationError" | "Unavailable";

export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    message: string,
    /** Extra data from the API, e.g. `{ currentVersion }` on a ConflictError. */
    readonly data?: unknown,
    /** The query asked for a field the API does not have (an older API): a ValidationError. */
    readonly missingField = false,
    /** The server log's reference of an internal failure (its message says it too). */
    readonly reference?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The current version an update conflicted with, when the API gave it. */
  get currentVersion(): number | undefined {
    const data = this.data as { currentVersion?: unknown } | null | undefined;
    return typeof data?.currentVersion === "number" ? data.currentVersion : undefined;
  }
}

export function isApiError(error: unknown, type?: ApiErrorType): error is ApiError {
  return error instanceof ApiError && (type === undefined || error.type === type);
}

/** Shown when the API denies a valid token: the membership is gone from the mirror. */
export const LOST_ACCESS_MESSAGE = "You no longer have access to this organization";

/**
 * An Unavailable error for a failure whose details are internal: the message is ours, with a
 * reference; `detail` (raw text, an error) goes to the server log under that reference.
 */
export function internalFailure(what: string, detail: unknown): ApiError {
  const reference = reportInternal(what, detail);
  return new ApiError(
    "Unavailable",
    withReference(UNAVAILABLE_MESSAGE, reference),
    undefined,
    false,
    reference,
  );
}
