import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { executeGraphQL, MAX_CONFLICT_RETRIES, toApiError } from "./client";
import { ApiError } from "./errors";

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

const base = {
  url: "http://api.test/graphql",
  query: "{ me { userId } }",
  field: "me",
  schema: z.object({ userId: z.string() }),
};

afterEach(() => vi.restoreAllMocks());

/** console.error's lines while `run` runs (the server log). */
async function serverLog(run: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  });
  await run();
  return lines;
}

const ACCESS_DENIED =
  "User: arn:aws:sts::123456789012:assumed-role/waypoint-prod-api-role/resolver is not " +
  "authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:eu-west-1:123456789012:table/waypoint";

describe("internal error text never reaches users", () => {
  it("an unknown AppSync error type: our message with a reference; the raw text only in the log", async () => {
    let error: ApiError | undefined;
    const log = await serverLog(() => {
      error = toApiError({ message: ACCESS_DENIED, errorType: "DynamoDB:AccessDeniedException" });
    });
    expect(error?.type).toBe("Unavailable");
    expect(error?.message).not.toMatch(/arn:|123456789012|dynamodb/i);
    expect(error?.message).toMatch(
      /^The service is unavailable right now\. Please try again\. \(reference [0-9a-f]{8}\)$/,
    );
    expect(error?.reference).toMatch(/^[0-9a-f]{8}$/);
    expect(log).toHaveLength(1);
    expect(log[0]).toContain(`[ref ${error?.reference}]`);
    // The log keeps what an operator needs, with the account and the ARNs masked (logs carry
    // no ARNs either: app/lib/errors.ts).
    expect(log[0]).toContain("DynamoDB:AccessDeniedException");
    expect(log[0]).toContain("is not authorized to perform: dynamodb:Query on resource: <arn>");
    expect(log[0]).not.toMatch(/arn:aws|123456789012/);
  });

  it("an unreachable API: no URL and no network error text for the user", async () => {
    let thrown: unknown;
    const log = await serverLog(async () => {
      thrown = await executeGraphQL({
        ...base,
        url: "http://10.0.12.34:4000/graphql",
        getToken: () => Promise.resolve("tok"),
        fetchImpl: () =>
          Promise.reject(
            new TypeError("fetch failed", {
              cause: new Error("connect ECONNREFUSED 10.0.12.34:4000"),
            }),
          ),
      }).catch((error: unknown) => error);
    });
    expect(thrown).toBeInstanceOf(ApiError);
    const message = (thrown as ApiError).message;
    expect(message).not.toMatch(/10\.0\.12\.34|ECONNREFUSED|fetch failed|graphql/);
    expect(message).toContain(`reference ${(thrown as ApiError).reference}`);
    expect(log.join("\n")).toMatch(
      /the API \(WAYPOINT_API_URL\) is unreachable: .*fetch failed.*ECONNREFUSED 10\.0\.12\.34:4000/,
    );
  });

  it("the API's own messages of known types still reach users (they are written for them)", () => {
    expect(toApiError({ message: "Title is required", errorType: "ValidationError" }).message).toBe(
      "Title is required",
    );
  });
});

describe("toApiError", () => {
  it("maps AppSync error types onto ApiError types", () => {
    expect(toApiError({ message: "no", errorType: "Unauthorized" }).type).toBe("Unauthorized");
    expect(toApiError({ message: "gone", errorType: "NotFound" }).type).toBe("NotFound");
    const conflict = toApiError({
      message: "changed",
      errorType: "ConflictError",
      data: { currentVersion: 4 },
    });
    expect([conflict.type, conflict.currentVersion]).toEqual(["ConflictError", 4]);
    expect(toApiError({ message: "bad", errorType: "ValidationError" }).missingField).toBe(false);
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(toApiError({ message: "x", errorType: "InternalFailure" }).type).toBe("Unavailable");
  });

  it("flags a query for a field the API does not have (an older API)", () => {
    const error = toApiError({
      message:
        "Validation error of type FieldUndefined: Field 'syncEvents' in type 'Query' is undefined",
      errorType: "ValidationError",
    });
    expect([error.type, error.missingField]).toEqual(["ValidationError", true]);
    expect(
      toApiError({
        message: 'Cannot query field "syncEvents" on type "Query".',
        errorType: "ValidationError",
      }).missingField,
    ).toBe(true);
  });
});

describe("executeGraphQL", () => {
  it("sends the token and parses the field", async () => {
    const fetchImpl = vi.fn<typeof fetch>(() =>
      Promise.resolve(answer(200, { data: { me: { userId: "user_ada" } } })),
    );
    const result = await executeGraphQL({
      ...base,
      getToken: () => Promise.resolve("tok"),
      fetchImpl,
    });
    expect(result).toEqual({ userId: "user_ada" });
    const init = fetchImpl.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get("authorization")).toBe("tok");
  });

  it("retries a 401 once with a freshly minted token, then says Unauthorized", async () => {
    const getToken = vi.fn((opts?: { skipCache?: boolean }) =>
      Promise.resolve(opts?.skipCache ? "fresh" : "stale"),
    );
    const fetchImpl = vi.fn<typeof fetch>((_url, init) =>
      Promise.resolve(
        new Headers(init?.headers).get("authorization") === "fresh"
          ? answer(200, { data: { me: { userId: "user_ada" } } })
          : answer(401, { errors: [{ errorType: "UnauthorizedException", message: "no" }] }),
      ),
    );
    await expect(executeGraphQL({ ...base, getToken, fetchImpl })).resolves.toEqual({
      userId: "user_ada",
    });
    expect(getToken.mock.calls.map((c) => c[0])).toEqual([undefined, { skipCache: true }]);

    const denied = vi.fn<typeof fetch>(() => Promise.resolve(answer(401, {})));
    await expect(executeGraphQL({ ...base, getToken, fetchImpl: denied })).rejects.toMatchObject({
      type: "Unauthorized",
    });
  });

  it("sends a write cancelled by a concurrent one (TransactionConflict) again, a bounded number of times", async () => {
    const conflict = () =>
      answer(200, {
        data: { me: null },
        errors: [{ errorType: "TransactionConflict", message: "Another change; try again" }],
      });
    const getToken = vi.fn(() => Promise.resolve("tok"));
    let sent = 0;
    const twice = vi.fn<typeof fetch>(() =>
      Promise.resolve(++sent <= 2 ? conflict() : answer(200, { data: { me: { userId: "u" } } })),
    );
    await expect(executeGraphQL({ ...base, getToken, fetchImpl: twice })).resolves.toEqual({
      userId: "u",
    });
    expect(twice).toHaveBeenCalledTimes(3);
    // Not a token problem: the cached token is used each time.
    expect(getToken.mock.calls.every((c) => c.length === 1 && c[0] === undefined)).toBe(true);

    const always = vi.fn<typeof fetch>(() => Promise.resolve(conflict()));
    await expect(executeGraphQL({ ...base, getToken, fetchImpl: always })).rejects.toMatchObject({
      type: "Unavailable",
      message: "Another change; try again",
    });
    expect(always).toHaveBeenCalledTimes(1 + MAX_CONFLICT_RETRIES);

    // A stale version is the caller's to resolve: never sent again.
    const stale = vi.fn<typeof fetch>(() =>
      Promise.resolve(
        answer(200, { errors: [{ errorType: "ConflictError", message: "changed" }] }),
      ),
    );
    await expect(executeGraphQL({ ...base, getToken, fetchImpl: stale })).rejects.toMatchObject({
      type: "ConflictError",
    });
    expect(stale).toHaveBeenCalledTimes(1);
  });

  it("turns GraphQL errors, unreachable APIs and unexpected shapes into ApiError", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const getToken = () => Promise.resolve("tok");
    await expect(
      executeGraphQL({
        ...base,
        getToken,
        fetchImpl: () =>
          Promise.resolve(
            answer(200, {
              data: { me: null },
              errors: [{ errorType: "Unauthorized", message: "Not authorized" }],
            }),
          ),
      }),
    ).rejects.toEqual(new ApiError("Unauthorized", "Not authorized"));
    await expect(
      executeGraphQL({
        ...base,
        getToken,
        fetchImpl: () => Promise.reject(new Error("ECONNREFUSED")),
      }),
    ).rejects.toMatchObject({ type: "Unavailable" });
    await expect(
      executeGraphQL({
        ...base,
        getToken,
        fetchImpl: () => Promise.resolve(answer(200, { data: { me: { id: 1 } } })),
      }),
    ).rejects.toMatchObject({ type: "Unavailable" });
    await expect(
      executeGraphQL({
        ...base,
        getToken,
        fetchImpl: () => Promise.resolve(new Response("<html>", { status: 502 })),
      }),
    ).rejects.toMatchObject({ type: "Unavailable" });
  });
});
