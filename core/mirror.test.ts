import { describe, expect, it } from "vitest";
import {
  eventRecord,
  membershipRemoval,
  membershipUpsert,
  planEvent,
  supersedes,
  TOMBSTONE_TTL_SECONDS,
  type Kind,
} from "./mirror";
import { keys } from "./table";

const NOW = Date.UTC(2026, 10, 26, 12);
const RETRY_WINDOW_SECONDS = 5 + 300 + 1800 + 7200 + 18_000 + 36_000 + 36_000; // Svix's schedule

describe("supersedes (the ordering rule)", () => {
  const live = (updatedAt: number) => ({ updatedAt });
  const tomb = (updatedAt: number) => ({ updatedAt, deleted: true });
  const write = (updatedAt: number) => ({ updatedAt, deleted: false });
  const deletion = (updatedAt: number) => ({ updatedAt, deleted: true });

  it("writes over nothing, and over older state only", () => {
    for (const kind of ["user", "org", "membership"] as Kind[]) {
      expect(supersedes(kind, undefined, write(5))).toBe(true);
      expect(supersedes(kind, live(4), write(5))).toBe(true);
      expect(supersedes(kind, live(5), write(5))).toBe(false);
      expect(supersedes(kind, live(6), write(5))).toBe(false);
    }
  });

  it("keeps deleted users and orgs deleted, whatever the time of a later write", () => {
    for (const kind of ["user", "org"] as Kind[]) {
      expect(supersedes(kind, tomb(5), write(6))).toBe(false);
      expect(supersedes(kind, tomb(5), write(1_000_000))).toBe(false);
      expect(supersedes(kind, tomb(5), deletion(9))).toBe(false); // already deleted
      expect(supersedes(kind, live(9), deletion(5))).toBe(true); // a deletion ends any state
    }
  });

  it("orders membership removals by time, the removal winning ties", () => {
    expect(supersedes("membership", live(5), deletion(5))).toBe(true);
    expect(supersedes("membership", tomb(5), write(5))).toBe(false);
    expect(supersedes("membership", tomb(5), write(6))).toBe(true); // added again later
    expect(supersedes("membership", live(6), deletion(5))).toBe(false); // a stale removal
    expect(supersedes("membership", tomb(5), deletion(5))).toBe(false);
  });
});

describe("planEvent", () => {
  it("writes a user profile conditionally on its Clerk updated_at", () => {
    const plan = planEvent(
      {
        type: "user.created",
        user: {
          id: "user_1",
          email: "a@x.test",
          firstName: "A",
          lastName: null,
          imageUrl: null,
          updatedAt: 42,
        },
      },
      NOW,
    );
    expect(plan.cascade).toBeUndefined();
    expect(plan.writes).toHaveLength(1);
    const [put] = plan.writes;
    expect(put && "Put" in put && put.Put.Item).toEqual({
      ...keys.user("user_1"),
      entity: "user",
      id: "user_1",
      email: "a@x.test",
      firstName: "A",
      lastName: null,
      imageUrl: null,
      updatedAt: 42,
    });
    expect(put && "Put" in put && put.Put.ExpressionAttributeValues).toEqual({ ":at": 42 });
  });

  it("replaces a deleted user by a tombstone that outlives Svix's retries, then cascades", () => {
    const plan = planEvent({ type: "user.deleted", userId: "user_1", deletedAt: NOW - 10 }, NOW);
    expect(plan.cascade).toEqual({ of: "user", userId: "user_1" });
    const [put] = plan.writes;
    const item = put && "Put" in put ? put.Put.Item : {};
    expect(item).toMatchObject({
      ...keys.user("user_1"),
      id: "user_1",
      deleted: true,
      deletedAt: NOW - 10,
    });
    expect(Object.keys(item).sort()).toEqual(
      ["PK", "SK", "entity", "id", "deleted", "deletedAt", "updatedAt", "expiresAt"].sort(),
    );
    const ttl = (item.expiresAt as number) - NOW / 1000;
    expect(ttl).toBe(TOMBSTONE_TTL_SECONDS);
    expect(ttl).toBeGreaterThan(RETRY_WINDOW_SECONDS * 2);
  });

  it("checks a membership against its tombstone, its user and its org", () => {
    const writes = membershipUpsert({
      orgId: "org_1",
      userId: "user_1",
      role: "org:admin",
      updatedAt: 7,
    });
    expect(writes.map((w) => Object.keys(w)[0])).toEqual([
      "Put",
      "ConditionCheck",
      "ConditionCheck",
      "ConditionCheck",
    ]);
    const checked = writes.flatMap((w) => ("ConditionCheck" in w ? [w.ConditionCheck.Key] : []));
    expect(checked).toEqual([
      keys.membershipTombstone("org_1", "user_1"),
      keys.user("user_1"),
      keys.org("org_1"),
    ]);
    const [put] = writes;
    expect(put && "Put" in put && put.Put.Item).toMatchObject({
      ...keys.membership("org_1", "user_1"),
      orgId: "org_1",
      userId: "user_1",
      role: "org:admin",
      updatedAt: 7,
    });
  });

  it("removes a membership and leaves its tombstone at the membership's updated_at", () => {
    const writes = membershipRemoval(
      { orgId: "org_1", userId: "user_1", role: "org:admin", updatedAt: 7 },
      NOW,
    );
    const [tombstone, removal] = writes;
    expect(tombstone && "Put" in tombstone && tombstone.Put.Item).toMatchObject({
      ...keys.membershipTombstone("org_1", "user_1"),
      deleted: true,
      updatedAt: 7,
    });
    expect(removal && "Delete" in removal && removal.Delete.Key).toEqual({
      PK: "ORG#org_1",
      SK: "MEMBER#user_1",
    });
  });
});

describe("eventRecord", () => {
  it("keeps ids, type, outcome and time only, expiring after the retry window", () => {
    const record = eventRecord(
      {
        svixId: "msg_1",
        type: "user.updated",
        objectId: "user_1",
        receivedAt: "2026-11-26T12:00:00.000Z",
        nowMs: NOW,
      },
      "failed",
      "data.first_name: expected string",
    );
    expect(record).toEqual({
      ...keys.webhookEvent("msg_1", "2026-11-26T12:00:00.000Z"),
      entity: "webhookEvent",
      svixId: "msg_1",
      type: "user.updated",
      objectId: "user_1",
      outcome: "failed",
      reason: "data.first_name: expected string",
      receivedAt: "2026-11-26T12:00:00.000Z",
      expiresAt: NOW / 1000 + 7 * 24 * 3600,
    });
  });
});
