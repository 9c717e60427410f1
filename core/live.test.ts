/** core/live.ts: which table changes become which live update, and for whom. */
import { describe, expect, it } from "vitest";
import { membershipsToInvalidate, milestoneChangeOf } from "./live";
import { changeFilter, memberInvalidationFilter } from "./portable/live";
import { keys } from "./table";
import type { Caller } from "./portable/caller";

const milestone = {
  entity: "milestone",
  id: "01JMS",
  scope: "ORG",
  orgId: "org_a",
  ownerId: "user_o",
  title: "T",
  description: "",
  status: "PLANNED",
  dueDate: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
  version: 2,
  changedBy: "user_admin",
};

describe("milestoneChangeOf", () => {
  it("an org milestone write: its org's audience, the writer as actor", () => {
    const change = milestoneChangeOf({
      eventName: "MODIFY",
      keys: undefined,
      newImage: milestone,
      createdAt: 1,
    });
    expect(change).toMatchObject({
      kind: "UPDATED",
      milestoneId: "01JMS",
      actorId: "user_admin",
      orgId: "org_a",
      audience: "ORG#org_a",
      milestone: { id: "01JMS", version: 2, orgId: "org_a" },
    });
    expect(change?.milestone).not.toHaveProperty("changedBy");
  });

  it("a personal milestone: the owner's audience, whatever orgId the item might carry", () => {
    const change = milestoneChangeOf({
      eventName: "INSERT",
      keys: undefined,
      newImage: { ...milestone, scope: "PERSONAL", orgId: "org_a", changedBy: undefined },
      createdAt: 1,
    });
    expect(change).toMatchObject({ kind: "CREATED", audience: "USER#user_o", actorId: "user_o" });
  });

  it("a personal removal from its keys; an org removal from its audit entry; other keys none", () => {
    const personal = keys.milestone({ kind: "personal", userId: "user_p" }, "01JX");
    expect(
      milestoneChangeOf({ eventName: "REMOVE", keys: personal, newImage: undefined, createdAt: 1 }),
    ).toMatchObject({
      kind: "DELETED",
      milestoneId: "01JX",
      audience: "USER#user_p",
      milestone: null,
    });
    const org = keys.milestone({ kind: "org", orgId: "org_a" }, "01JX");
    expect(
      milestoneChangeOf({ eventName: "REMOVE", keys: org, newImage: undefined, createdAt: 1 }),
    ).toBeNull();
    expect(
      milestoneChangeOf({
        eventName: "INSERT",
        keys: undefined,
        newImage: {
          entity: "audit",
          action: "milestone.delete",
          orgId: "org_a",
          actorId: "user_admin",
          targetId: "01JX",
          at: "2026-01-02T00:00:00.000Z",
        },
        createdAt: 1,
      }),
    ).toMatchObject({
      kind: "DELETED",
      milestoneId: "01JX",
      audience: "ORG#org_a",
      actorId: "user_admin",
    });
  });

  it("throws on a milestone image that does not parse (a bug to see, not to skip)", () => {
    expect(() =>
      milestoneChangeOf({
        eventName: "INSERT",
        keys: undefined,
        newImage: { ...milestone, status: "?" },
        createdAt: 1,
      }),
    ).toThrow();
  });
});

describe("filters", () => {
  const caller = (scope: Caller["scope"], userId = "user_m"): Caller => ({
    userId,
    scope,
    role: "",
    isAdmin: false,
    permissions: [],
    impersonatorId: "",
  });

  it("a subscriber's filter is its scope's audience only", () => {
    expect(changeFilter(caller({ kind: "org", orgId: "org_a" }))).toEqual({
      audience: { eq: "ORG#org_a" },
    });
    expect(changeFilter(caller({ kind: "personal", userId: "user_m" }))).toEqual({
      audience: { eq: "USER#user_m" },
    });
    expect(changeFilter(caller({ kind: "org", orgId: "a#b" }))).toBeNull();
  });

  it("invalidation: an org member's membership; none in personal scope", () => {
    expect(memberInvalidationFilter(caller({ kind: "org", orgId: "org_a" }))).toEqual({
      orgId: { eq: "org_a" },
      userId: { eq: "user_m" },
    });
    expect(memberInvalidationFilter(caller({ kind: "personal", userId: "user_m" }))).toBeNull();
  });

  it("a membership's removal or update ends its live updates; other events none", () => {
    const membership = {
      orgId: "org_a",
      userId: "user_m",
      role: "org:member",
      permissions: [],
      updatedAt: 1,
    };
    expect(
      membershipsToInvalidate({ type: "organizationMembership.deleted", membership } as never),
    ).toEqual([{ orgId: "org_a", userId: "user_m" }]);
    expect(
      membershipsToInvalidate({ type: "organizationMembership.updated", membership } as never),
    ).toEqual([{ orgId: "org_a", userId: "user_m" }]);
    expect(
      membershipsToInvalidate({ type: "organizationMembership.created", membership } as never),
    ).toEqual([]);
  });
});
