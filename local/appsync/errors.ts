/** graphql-js errors in AppSync's response shape. */
import type { GraphQLError } from "graphql";
import { ResolverError, type ResolverErrorShape } from "./runtime/errors";

export interface AppSyncError {
  path?: readonly (string | number)[] | null;
  data?: unknown;
  errorType?: string | null;
  errorInfo?: unknown;
  locations?: readonly { line: number; column: number; sourceName: null }[] | null;
  message: string;
}

const locationsOf = (error: {
  locations?: readonly { line: number; column: number }[] | undefined;
}) => error.locations?.map(({ line, column }) => ({ line, column, sourceName: null })) ?? null;

/**
 * A resolver's error keeps its type, data and info; graphql-js's own errors (validation,
 * coercion, non-null) keep their message; anything else is an internal failure whose
 * details stay in the log.
 */
export function toAppSyncError(
  error: GraphQLError,
  fallbackType: string,
  log?: (m: string) => void,
): AppSyncError {
  const original = error.originalError;
  const base = { path: error.path ?? null, locations: locationsOf(error) };
  if (original instanceof ResolverError) {
    return {
      ...base,
      data: original.data ?? null,
      errorType: original.errorType ?? null,
      errorInfo: original.errorInfo ?? null,
      message: original.message,
    };
  }
  if (original && original.name !== "GraphQLError") {
    log?.(`internal error at ${error.path?.join(".") ?? "?"}: ${original.message}`);
    return {
      ...base,
      data: null,
      errorType: "InternalFailure",
      errorInfo: null,
      message: "An internal failure occurred",
    };
  }
  return { ...base, data: null, errorType: fallbackType, errorInfo: null, message: error.message };
}

/** An error appended with `util.appendError` at a field. */
export function appendedError(
  error: ResolverErrorShape,
  path: readonly (string | number)[],
  locations: readonly { line: number; column: number }[],
): AppSyncError {
  return {
    path,
    data: error.data ?? null,
    errorType: error.errorType ?? null,
    errorInfo: error.errorInfo ?? null,
    locations: locationsOf({ locations }),
    message: error.message,
  };
}
