import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { executeGraphQL, toApiError } from "./client";
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

  it("turns GraphQL errors, unreachable APIs and unexpected shapes into ApiError", async () => {
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
