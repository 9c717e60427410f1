import { describe, expect, it } from "vitest";
import {
  BULK_DELETE_MAX,
  isMilestoneStatus,
  MILESTONE_LIMITS,
  MILESTONE_STATUSES,
} from "./milestone";
import { orgIdOf, scopeName, scopeOf } from "./scope";

describe("scope", () => {
  it("is the active org's, or the user's own without one", () => {
    expect(scopeOf("u1", "org_a")).toEqual({ kind: "org", orgId: "org_a" });
    expect(scopeOf("u1", null)).toEqual({ kind: "personal", userId: "u1" });
    expect(scopeOf("u1", "")).toEqual({ kind: "personal", userId: "u1" });
  });

  it("names the GraphQL enum and the org id", () => {
    expect(scopeName({ kind: "org", orgId: "o" })).toBe("ORG");
    expect(scopeName({ kind: "personal", userId: "u" })).toBe("PERSONAL");
    expect(orgIdOf({ kind: "org", orgId: "o" })).toBe("o");
    expect(orgIdOf({ kind: "personal", userId: "u" })).toBeNull();
  });
});

describe("milestone constants", () => {
  it("knows exactly the four statuses", () => {
    for (const status of MILESTONE_STATUSES) expect(isMilestoneStatus(status)).toBe(true);
    for (const value of ["LATER", "done", "", null, 1])
      expect(isMilestoneStatus(value)).toBe(false);
  });

  it("fits a bulk delete and its audit entries in one 100-item transaction", () => {
    expect(BULK_DELETE_MAX * 2).toBeLessThanOrEqual(100);
    expect(MILESTONE_LIMITS.titleMin).toBeLessThanOrEqual(MILESTONE_LIMITS.titleMax);
  });
});
