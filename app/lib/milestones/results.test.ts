import { describe, expect, it } from "vitest";
import { ApiError, LOST_ACCESS_MESSAGE } from "../api/errors";
import { CONFLICT_MESSAGE, UNAVAILABLE_MESSAGE, toActionError } from "./results";

describe("toActionError", () => {
  it("says a conflict means someone else changed it, with the current version", () => {
    const error = toActionError(
      new ApiError("ConflictError", "The milestone has changed since it was read", {
        currentVersion: 4,
      }),
    );
    expect(error).toEqual({ type: "ConflictError", message: CONFLICT_MESSAGE, currentVersion: 4 });
    expect(error.message).toContain("changed by someone else");
  });

  it("maps API validation messages onto their field", () => {
    expect(
      toActionError(new ApiError("ValidationError", "Title must be at most 200 characters")),
    ).toEqual({
      type: "ValidationError",
      message: "Title must be at most 200 characters",
      fieldErrors: { title: "Title must be at most 200 characters" },
    });
    expect(toActionError(new ApiError("ValidationError", "Invalid nextToken")).fieldErrors).toBe(
      undefined,
    );
  });

  it("explains denials: a role rule, or a lost membership", () => {
    expect(
      toActionError(
        new ApiError("Unauthorized", "Only the owner or an org admin may change this milestone"),
      ).message,
    ).toBe("Only the owner or an org admin may change this milestone.");
    expect(toActionError(new ApiError("Unauthorized", "Not authorized")).message).toBe(
      LOST_ACCESS_MESSAGE,
    );
  });

  it("never passes an unexpected error's details on", () => {
    const error = toActionError(new TypeError("secret at /srv/app/x.js:1:2"));
    expect(error).toEqual({ type: "Unavailable", message: UNAVAILABLE_MESSAGE });
    expect(toActionError(new ApiError("Unavailable", "HTTP 502 from 10.0.0.1"))).toEqual({
      type: "Unavailable",
      message: UNAVAILABLE_MESSAGE,
    });
  });
});
