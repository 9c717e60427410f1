/** core/live.ts: which table changes become which live update, and for whom. */
import { describe, expect, it } from "vitest";
import { matchesFilter, toSubscriptionFilter } from "../local/appsync/runtime/subscription-filters";
import { matchesPattern } from "../local/streams/poller";
import {
  invalidationOf,
  invalidationsOfEvent,
  LIVE_UPDATE_PATTERNS,
  liveEffectOf,
  milestoneChangeOf,
  type PlainStreamRecord,
} from "./live";
import {
  changeFilter,
  invalidationPayload,
  invalidationTargetOf,
  subscriptionInvalidationFilter,
  type InvalidationTarget,
} from "./portable/live";
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

  const ends = (subscriber: Caller, target: InvalidationTarget) => {
    const filter = subscriptionInvalidationFilter(subscriber);
    if (filter === null) throw new Error("no invalidation filter");
    // Evaluated as AppSync does (the local runtime's implementation of its filter logic).
    return matchesFilter(toSubscriptionFilter(filter), invalidationPayload(target));
  };

  it("invalidation: a member's subscription ends for its membership, its org or its user, nothing else", () => {
    const member = caller({ kind: "org", orgId: "org_a" }, "user_m");
    expect(ends(member, { reach: "MEMBER", orgId: "org_a", userId: "user_m" })).toBe(true);
    expect(ends(member, { reach: "ORG", orgId: "org_a" })).toBe(true);
    expect(ends(member, { reach: "USER", userId: "user_m" })).toBe(true);
    // Another member of the same org, the same user's membership elsewhere, another org.
    expect(ends(member, { reach: "MEMBER", orgId: "org_a", userId: "user_x" })).toBe(false);
    expect(ends(member, { reach: "MEMBER", orgId: "org_b", userId: "user_m" })).toBe(false);
    expect(ends(member, { reach: "ORG", orgId: "org_b" })).toBe(false);
    expect(ends(member, { reach: "USER", userId: "user_x" })).toBe(false);
  });

  it("invalidation: a personal subscription ends for its user only; never for an org's", () => {
    const personal = caller({ kind: "personal", userId: "user_m" }, "user_m");
    expect(ends(personal, { reach: "USER", userId: "user_m" })).toBe(true);
    expect(ends(personal, { reach: "USER", userId: "user_x" })).toBe(false);
    expect(ends(personal, { reach: "ORG", orgId: "user_m" })).toBe(false);
    expect(ends(personal, { reach: "MEMBER", orgId: "org_a", userId: "user_m" })).toBe(false);
    expect(subscriptionInvalidationFilter(caller({ kind: "org", orgId: "a#b" }))).toBeNull();
  });

  it("the internal mutation's arguments name a membership, an org, a user, or nothing valid", () => {
    expect(invalidationTargetOf("org_a", "user_m")).toEqual({
      reach: "MEMBER",
      orgId: "org_a",
      userId: "user_m",
    });
    expect(invalidationTargetOf("org_a", null)).toEqual({ reach: "ORG", orgId: "org_a" });
    expect(invalidationTargetOf(undefined, "user_m")).toEqual({ reach: "USER", userId: "user_m" });
    expect(invalidationTargetOf(null, null)).toBeNull();
    expect(invalidationTargetOf("org#a", null)).toBeNull();
    expect(invalidationTargetOf("org_a", "")).toBeNull();
  });

  it("the webhook's direct call: a membership's removal or update, an org's or a user's deletion", () => {
    const membership = {
      orgId: "org_a",
      userId: "user_m",
      role: "org:member",
      permissions: [],
      updatedAt: 1,
    };
    const member = [{ reach: "MEMBER", orgId: "org_a", userId: "user_m" }];
    expect(
      invalidationsOfEvent({ type: "organizationMembership.deleted", membership } as never),
    ).toEqual(member);
    expect(
      invalidationsOfEvent({ type: "organizationMembership.updated", membership } as never),
    ).toEqual(member);
    expect(
      invalidationsOfEvent({ type: "organizationMembership.created", membership } as never),
    ).toEqual([]);
    expect(
      invalidationsOfEvent({ type: "organization.deleted", orgId: "org_a", deletedAt: 1 }),
    ).toEqual([{ reach: "ORG", orgId: "org_a" }]);
    expect(invalidationsOfEvent({ type: "user.deleted", userId: "user_m", deletedAt: 1 })).toEqual([
      { reach: "USER", userId: "user_m" },
    ]);
  });
});

/** A record as the stream has it (attribute values), for the mapping's patterns. */
const marshalled = (record: PlainStreamRecord) => {
  const attributes = (item: unknown) =>
    item === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(item as Record<string, unknown>).map(([k, v]) => [
            k,
            typeof v === "boolean"
              ? { BOOL: v }
              : typeof v === "number"
                ? { N: String(v) }
                : { S: v },
          ]),
        );
  return {
    eventName: record.eventName,
    dynamodb: { Keys: attributes(record.keys), NewImage: attributes(record.newImage) },
  };
};
const passesFilter = (record: PlainStreamRecord) =>
  LIVE_UPDATE_PATTERNS.some((pattern) => matchesPattern(marshalled(record), pattern));

describe("the stream → invalidation rule", () => {
  const membershipKeys = keys.membership("org_a", "user_m");
  const membership = {
    ...membershipKeys,
    entity: "membership",
    orgId: "org_a",
    userId: "user_m",
    role: "org:member",
    updatedAt: 5,
  };
  const record = (
    eventName: string,
    image: Record<string, unknown> | undefined,
    k: unknown = undefined,
  ): PlainStreamRecord => ({ eventName, keys: k, newImage: image, createdAt: 1 });

  it("a membership's removal (keys only) ends that membership's subscriptions", () => {
    const removal = record("REMOVE", undefined, membershipKeys);
    expect(passesFilter(removal)).toBe(true);
    expect(invalidationOf(removal)).toEqual({ reach: "MEMBER", orgId: "org_a", userId: "user_m" });
    expect(liveEffectOf(removal)).toEqual({
      kind: "invalidate",
      target: { reach: "MEMBER", orgId: "org_a", userId: "user_m" },
    });
  });

  it("a membership rewritten (MODIFY: role or permissions) ends them; a new membership does not", () => {
    const modified = record("MODIFY", { ...membership, role: "org:admin" }, membershipKeys);
    expect(passesFilter(modified)).toBe(true);
    expect(invalidationOf(modified)).toEqual({
      reach: "MEMBER",
      orgId: "org_a",
      userId: "user_m",
    });
    const inserted = record("INSERT", membership, membershipKeys);
    expect(passesFilter(inserted)).toBe(true); // one pattern with milestones (AWS's limit of 5)
    expect(liveEffectOf(inserted)).toBeNull();
  });

  it("an org's tombstone ends every subscription of the org; a user's every one of the user", () => {
    const org = record("INSERT", {
      ...keys.org("org_a"),
      entity: "org",
      id: "org_a",
      deleted: true,
    });
    const user = record("MODIFY", {
      ...keys.user("user_m"),
      entity: "user",
      id: "user_m",
      deleted: true,
    });
    expect(passesFilter(org) && passesFilter(user)).toBe(true);
    expect(invalidationOf(org)).toEqual({ reach: "ORG", orgId: "org_a" });
    expect(invalidationOf(user)).toEqual({ reach: "USER", userId: "user_m" });
    // A live profile's write is not a tombstone: the filter drops it, and it ends nothing.
    const live = record("MODIFY", { ...keys.org("org_a"), entity: "org", id: "org_a", name: "A" });
    expect(passesFilter(live)).toBe(false);
    expect(liveEffectOf(live)).toBeNull();
  });

  it("a membership's tombstone, a removed invitation or an org milestone's removal end nothing", () => {
    const tombstoneKeys = keys.membershipTombstone("org_a", "user_m");
    const tombstone = record(
      "INSERT",
      {
        ...tombstoneKeys,
        entity: "membershipTombstone",
        orgId: "org_a",
        userId: "user_m",
        deleted: true,
      },
      tombstoneKeys,
    );
    expect(passesFilter(tombstone)).toBe(false);
    expect(liveEffectOf(tombstone)).toBeNull();
    const invitation = record("REMOVE", undefined, keys.invitation("org_a", "inv_1"));
    expect(passesFilter(invitation)).toBe(false);
    expect(liveEffectOf(invitation)).toBeNull();
    const orgMilestone = record(
      "REMOVE",
      undefined,
      keys.milestone({ kind: "org", orgId: "org_a" }, "01JX"),
    );
    expect(passesFilter(orgMilestone)).toBe(false);
    expect(liveEffectOf(orgMilestone)).toBeNull();
  });

  it("throws on a membership or tombstone image that does not parse (retried, then the DLQ)", () => {
    expect(() => liveEffectOf(record("MODIFY", { ...membership, userId: "a#b" }))).toThrow();
    expect(() =>
      liveEffectOf(record("INSERT", { SK: "PROFILE", entity: "org", deleted: true })),
    ).toThrow();
  });
});

describe("the stream → publish rule: only milestone changes publish", () => {
  const org = { kind: "org", orgId: "org_a" } as const;
  const personal = { kind: "personal", userId: "user_p" } as const;
  const neighbours = (scope: typeof org | typeof personal) => [
    { ...keys.milestoneStats(scope, 3), entity: "milestoneStats", PLANNED: 2 },
    { ...keys.userView(scope, "user_p", "01JV"), entity: "view", name: "Mine", state: "" },
    ...(scope.kind === "org"
      ? [{ ...keys.sharedView(org, "01JV"), entity: "view", name: "Ours", state: "" }]
      : []),
    { ...keys.userViewCount(scope, "user_p"), entity: "viewCount", count: 1 },
    ...(scope.kind === "org"
      ? [{ ...keys.sharedViewCount(org), entity: "viewCount", count: 1 }]
      : []),
  ];

  for (const scope of [org, personal])
    it(`counters, saved views and view counters (${scope.kind}): INSERT, MODIFY and REMOVE publish nothing`, () => {
      for (const item of neighbours(scope)) {
        const itemKeys = { PK: item.PK, SK: item.SK };
        for (const eventName of ["INSERT", "MODIFY", "REMOVE"]) {
          const r: PlainStreamRecord = {
            eventName,
            keys: itemKeys,
            newImage: eventName === "REMOVE" ? undefined : item,
            createdAt: 1,
          };
          // Some pass the mapping's filter (a personal partition's removals do): they still
          // publish nothing and end nothing.
          expect(liveEffectOf(r), `${eventName} ${item.SK}`).toBeNull();
        }
      }
    });

  it("a milestone write passes the filter and publishes", () => {
    const r: PlainStreamRecord = {
      eventName: "INSERT",
      keys: undefined,
      newImage: milestone,
      createdAt: 1,
    };
    expect(passesFilter(r)).toBe(true);
    expect(liveEffectOf(r)).toMatchObject({ kind: "publish", change: { kind: "CREATED" } });
  });
});
