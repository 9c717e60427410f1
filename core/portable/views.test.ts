import { describe, expect, it } from "vitest";
import { orgCaller, personalCaller } from "./caller";
import { canDeleteView, canSaveViews, canShareView, canShareViews } from "./authorization";
import * as keys from "./keys";
import { MILESTONES_CREATE, MILESTONES_MANAGE, MILESTONES_READ } from "./permissions";
import { BUILT_IN_VIEWS, VIEW_LIMITS, viewNameProblem, viewStateProblem } from "./views";

const admin = orgCaller("user_a", "org_1", "org:admin", "", [
  MILESTONES_READ,
  MILESTONES_CREATE,
  MILESTONES_MANAGE,
]);
const member = orgCaller("user_m", "org_1", "org:member", "", [MILESTONES_READ, MILESTONES_CREATE]);
const guest = orgCaller("user_g", "org_1", "org:guest", "", []);
const personal = personalCaller("user_p", "");

describe("view names", () => {
  it("are 1–60 characters once trimmed", () => {
    expect(viewNameProblem("  Launch  ")).toBeNull();
    expect(viewNameProblem("   ")).not.toBeNull();
    expect(viewNameProblem("x".repeat(VIEW_LIMITS.nameMax))).toBeNull();
    expect(viewNameProblem(` ${"x".repeat(VIEW_LIMITS.nameMax)} `)).toBeNull();
    expect(viewNameProblem("x".repeat(VIEW_LIMITS.nameMax + 1))).not.toBeNull();
    expect(viewNameProblem("a\u0000b")).not.toBeNull();
  });
});

describe("view states", () => {
  it("accept the table's filters, each once, and the empty state", () => {
    expect(viewStateProblem("")).toBeNull();
    expect(viewStateProblem("status=BLOCKED&owner=user_1&sort=due&due=overdue")).toBeNull();
    expect(viewStateProblem("q=a+b%26c&size=50&hide=owner%2Cstatus")).toBeNull();
  });

  it("refuse cursors, unknown or repeated keys, empty values, spaces, and long strings", () => {
    expect(viewStateProblem("cursor=0_abc")).not.toBeNull();
    expect(viewStateProblem("status=DONE&evil=1")).not.toBeNull();
    expect(viewStateProblem("status=DONE&status=PLANNED")).not.toBeNull();
    expect(viewStateProblem("status=")).not.toBeNull();
    expect(viewStateProblem("status")).not.toBeNull();
    expect(viewStateProblem("q=a b")).not.toBeNull();
    expect(viewStateProblem("&status=DONE")).not.toBeNull();
    expect(viewStateProblem(`q=${"a".repeat(VIEW_LIMITS.stateMax)}`)).not.toBeNull();
  });
});

describe("built-in views", () => {
  it("have unique ids that no stored view can take", () => {
    const ids = BUILT_IN_VIEWS.map((view) => view.id);
    expect(new Set(ids).size).toBe(ids.length);
    // A stored view's id is a key part; a built-in's never reaches a key builder…
    expect(ids.every((id) => id.startsWith("builtin:"))).toBe(true);
    expect(BUILT_IN_VIEWS.map((view) => view.name)).toEqual([
      "My open",
      "Overdue",
      "Due this week",
      "Blocked",
    ]);
  });
});

describe("view rules", () => {
  it("let whoever reads milestones save views, nobody else", () => {
    expect([admin, member, personal].map(canSaveViews)).toEqual([true, true, true]);
    expect(canSaveViews(guest)).toBe(false);
  });

  it("let only holders of org:milestones:manage share, never in personal scope", () => {
    expect(canShareViews(admin)).toBe(true);
    expect(canShareViews(member)).toBe(false);
    expect(canShareViews(personal)).toBe(false);
    const lead = orgCaller("user_l", "org_1", "org:lead", "", [MILESTONES_READ, MILESTONES_MANAGE]);
    expect(canShareViews(lead)).toBe(true);
    const blind = orgCaller("user_b", "org_1", "org:blind", "", [MILESTONES_MANAGE]);
    expect(canShareViews(blind)).toBe(false);
  });

  it("let owners delete their views, sharers also the shared ones", () => {
    expect(canDeleteView(member, { ownerId: "user_m", shared: false })).toBe(true);
    expect(canDeleteView(member, { ownerId: "user_m", shared: true })).toBe(true);
    expect(canDeleteView(member, { ownerId: "user_a", shared: true })).toBe(false);
    expect(canDeleteView(admin, { ownerId: "user_m", shared: true })).toBe(true);
    expect(canDeleteView(admin, { ownerId: "user_m", shared: false })).toBe(false);
    expect(canDeleteView(guest, { ownerId: "user_g", shared: false })).toBe(false);
  });

  it("let sharers share their own views and unshare shared ones, not publish others'", () => {
    expect(canShareView(admin, { ownerId: "user_a", shared: false })).toBe(true);
    expect(canShareView(admin, { ownerId: "user_m", shared: true })).toBe(true);
    expect(canShareView(admin, { ownerId: "user_m", shared: false })).toBe(false);
    expect(canShareView(member, { ownerId: "user_m", shared: false })).toBe(false);
  });
});

describe("view keys", () => {
  const acme = { kind: "org", orgId: "org_1" } as const;
  const ada = { kind: "personal", userId: "user_ada" } as const;

  it("put a user's views under their id in the scope's partition", () => {
    expect(keys.userViewKey(acme, "user_m", "v1")).toEqual({
      PK: "ORG#org_1",
      SK: "VIEW#USER#user_m#v1",
    });
    expect(keys.userViewsQuery(acme, "user_m")).toMatchObject({
      partitionKey: "ORG#org_1",
      sortKeyPrefix: "VIEW#USER#user_m#",
    });
    expect(keys.userViewKey(ada, "user_ada", "v1")?.PK).toBe("USER#user_ada");
  });

  it("share only in orgs, under one prefix the user prefixes never match", () => {
    expect(keys.sharedViewKey(acme, "v1")).toEqual({ PK: "ORG#org_1", SK: "VIEW#ORG#v1" });
    expect(keys.sharedViewsQuery(acme)?.sortKeyPrefix).toBe("VIEW#ORG#");
    expect(keys.sharedViewKey(ada, "v1")).toBeNull();
    expect(keys.sharedViewsQuery(ada)).toBeNull();
    expect(keys.sharedViewCountKey(ada)).toBeNull();
  });

  it("keep the counters out of every views prefix", () => {
    const count = keys.userViewCountKey(acme, "user_m")?.SK ?? "";
    expect(count.startsWith("VIEW#")).toBe(false);
    expect(keys.sharedViewCountKey(acme)?.SK.startsWith("VIEW#")).toBe(false);
  });

  it("build no key from a malformed id", () => {
    expect(keys.userViewKey(acme, "user_m", "a#b")).toBeNull();
    expect(keys.userViewKey(acme, "u#x", "v1")).toBeNull();
    expect(keys.sharedViewKey(acme, "")).toBeNull();
  });
});
