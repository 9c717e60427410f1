/**
 * One GraphQL call to AppSync with the user's token, and the mapping of AppSync's answers
 * (HTTP status, `errors[].errorType`) onto ApiError. No React, no Next: unit-tested.
 */
import { z, type ZodType } from "zod";
import { ApiError, internalFailure, type ApiErrorType } from "./errors";

const errorSchema = z.object({
  message: z.string(),
  errorType: z.string().nullish(),
  data: z.unknown().optional(),
});
const responseSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(errorSchema).nullish(),
});

export type AppSyncErrorShape = z.infer<typeof errorSchema>;

/**
 * The errorType of a write that a concurrent transaction cancelled (api/resolvers/lib/stats.ts):
 * nothing was written and the same request may be sent again.
 */
export const TRANSACTION_CONFLICT = "TransactionConflict";
/** How many times a TransactionConflict is sent again before it is reported. */
export const MAX_CONFLICT_RETRIES = 4;

/** A short, growing, jittered pause before sending a cancelled write again. */
const conflictPause = (retry: number) =>
  new Promise((resolve) => setTimeout(resolve, 10 * 2 ** retry + Math.random() * 10));

const MISSING_FIELD = /Cannot query field|FieldUndefined|Unknown type|Unknown argument/i;

/**
 * The ApiError for one AppSync error (the first of a response's errors decides). The known
 * types carry our resolvers' own messages, meant for people; any other type's message is
 * AppSync's or AWS's (an access-denied text names the account and the role) and goes to the
 * server log only: the user gets our sentence and its reference.
 */
export function toApiError(error: AppSyncErrorShape): ApiError {
  const type = error.errorType ?? "";
  const known: Record<string, ApiErrorType> = {
    Unauthorized: "Unauthorized",
    UnauthorizedException: "Unauthorized",
    NotFound: "NotFound",
    ConflictError: "ConflictError",
    ValidationError: "ValidationError",
  };
  // Still cancelled by concurrent writes after executeGraphQL's retries: nothing was written.
  if (type === TRANSACTION_CONFLICT) return new ApiError("Unavailable", error.message);
  const mapped = known[type];
  if (mapped) {
    return new ApiError(
      mapped,
      error.message,
      error.data ?? undefined,
      mapped === "ValidationError" && MISSING_FIELD.test(error.message),
    );
  }
  if (/Validation|InvalidSyntax|BadRequest/i.test(type)) {
    return new ApiError(
      "ValidationError",
      error.message,
      undefined,
      MISSING_FIELD.test(error.message),
    );
  }
  return internalFailure(`AppSync error ${type || "(no type)"}`, error.message);
}

export interface GraphQLRequest<T> {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The field of `data` holding the result. */
  field: string;
  schema: ZodType<T>;
  getToken: (opts?: { skipCache?: boolean }) => Promise<string>;
  fetchImpl?: typeof fetch;
}

/**
 * Sends the document with a fresh token; on HTTP 401 retries once with a newly minted token
 * (an expired cached token), then gives up with Unauthorized. A write cancelled by a
 * concurrent one (TransactionConflict: nothing written) is sent again, at most
 * {@link MAX_CONFLICT_RETRIES} times, after a short pause.
 */
export async function executeGraphQL<T>(request: GraphQLRequest<T>): Promise<T> {
  const doFetch = request.fetchImpl ?? fetch;
  let conflicts = 0;
  for (let attempt = 0; ; attempt++) {
    const token = await request.getToken(attempt > 0 ? { skipCache: true } : undefined);
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: token },
        body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
        cache: "no-store",
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw internalFailure("the API (WAYPOINT_API_URL) is unreachable", error);
    }
    if (response.status === 401) {
      if (attempt === 0) continue;
      throw new ApiError("Unauthorized", "The API did not accept the session");
    }
    const json = (await response.json().catch(() => null)) as unknown;
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError("Unavailable", `The API answered HTTP ${response.status} unexpectedly`);
    }
    const first = parsed.data.errors?.[0];
    if (first?.errorType === TRANSACTION_CONFLICT && conflicts < MAX_CONFLICT_RETRIES) {
      await conflictPause(conflicts);
      conflicts++;
      attempt--; // not a token problem: the next send keeps the cached token
      continue;
    }
    if (first) throw toApiError(first);
    if (!response.ok) throw new ApiError("Unavailable", `The API answered HTTP ${response.status}`);
    const value = request.schema.safeParse(parsed.data.data?.[request.field] ?? null);
    if (!value.success) {
      throw new ApiError("Unavailable", `Unexpected ${request.field} result from the API`);
    }
    return value.data;
  }
}
