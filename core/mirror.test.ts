import { describe, expect, it } from "vitest";
import {
  deliveryFacts,
  duplicateRecord,
  eventRecord,
  MAX_REASON_LENGTH,
  membershipRemoval,
  membershipUpsert,
  planEvent,
  safeReason,
  supersedes,
  EVENT_RECORD_TTL_SECONDS,
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

  it("keeps an accepted or revoked invitation final; its tombstone wins ties", () => {
    expect(supersedes("invitation", undefined, write(5))).toBe(true);
    expect(supersedes("invitation", undefined, deletion(5))).toBe(true); // before its created
    expect(supersedes("invitation", live(5), write(5))).toBe(false); // the same created again
    expect(supersedes("invitation", live(5), deletion(5))).toBe(true);
    expect(supersedes("invitation", live(5), deletion(6))).toBe(true);
    expect(supersedes("invitation", live(6), deletion(5))).toBe(false);
    expect(supersedes("invitation", tomb(5), write(1_000_000))).toBe(false); // no resurrection
    expect(supersedes("invitation", tomb(5), deletion(9))).toBe(false);
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
    const plan = planEvent({
      type: "user.created",
      user: {
        id: "user_1",
        email: "a@x.test",
        firstName: "A",
        lastName: null,
        imageUrl: null,
        updatedAt: 42,
      },
    });
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

  it("replaces a deleted user by a permanent tombstone (no TTL), then cascades", () => {
    const plan = planEvent({ type: "user.deleted", userId: "user_1", deletedAt: NOW - 10 });
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
      ["PK", "SK", "entity", "id", "deleted", "deletedAt", "updatedAt"].sort(),
    );
  });

  it("writes no tombstone with an expiry: org, user and membership tombstones are for good", () => {
    const plans = [
      planEvent({ type: "organization.deleted", orgId: "org_1", deletedAt: NOW }).writes,
      planEvent({ type: "user.deleted", userId: "user_1", deletedAt: NOW }).writes,
      membershipRemoval({ orgId: "org_1", userId: "user_1", role: "org:admin", updatedAt: 7 }),
    ];
    for (const writes of plans) {
      const [put] = writes;
      const item = put && "Put" in put ? put.Put.Item : undefined;
      expect(item).toMatchObject({ deleted: true });
      expect(item).not.toHaveProperty("expiresAt");
    }
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
    const writes = membershipRemoval({
      orgId: "org_1",
      userId: "user_1",
      role: "org:admin",
      updatedAt: 7,
    });
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

describe("planEvent for invitations", () => {
  const invitation = {
    id: "orginv_1",
    orgId: "org_1",
    email: "new@x.test",
    role: "org:member",
    status: "pending" as const,
    createdAt: Date.UTC(2026, 0, 2),
    updatedAt: Date.UTC(2026, 0, 2),
  };

  it("writes a pending invitation in its org's partition and its org's pending list", () => {
    const { writes, cascade } = planEvent({ type: "organizationInvitation.created", invitation });
    expect(cascade).toBeUndefined();
    const [put, orgCheck] = writes;
    expect(put).toMatchObject({
      Put: {
        Item: {
          ...keys.invitation("org_1", "orginv_1"),
          ...keys.pendingInvitationIndex("org_1", "2026-01-02T00:00:00.000Z", "orginv_1"),
          email: "new@x.test",
          role: "org:member",
          status: "pending",
          updatedAt: invitation.updatedAt,
        },
        ExpressionAttributeValues: { ":at": invitation.updatedAt },
      },
    });
    expect(put && "Put" in put && put.Put.ConditionExpression).toContain("#at < :at");
    expect(orgCheck).toEqual({
      ConditionCheck: {
        Key: keys.org("org_1"),
        ConditionExpression: "attribute_not_exists(#deleted)",
        ExpressionAttributeNames: { "#deleted": "deleted" },
      },
    });
  });

  it("replaces an accepted or revoked one by its tombstone: no email, no pending-list entry", () => {
    for (const status of ["accepted", "revoked"] as const) {
      const type = `organizationInvitation.${status}` as const;
      const [put] = planEvent({
        type,
        invitation: { ...invitation, status, updatedAt: invitation.updatedAt + 1 },
      }).writes;
      if (!put || !("Put" in put)) throw new Error("expected a Put");
      expect(put.Put.Item).toEqual({
        ...keys.invitation("org_1", "orginv_1"),
        entity: "invitation",
        id: "orginv_1",
        orgId: "org_1",
        status,
        deleted: true,
        updatedAt: invitation.updatedAt + 1,
      });
      expect(put.Put.ConditionExpression).toContain("#at <= :at");
    }
  });
});

describe("deliveryFacts", () => {
  it("takes type, object and org from the parsed event, whatever its kind", () => {
    const at = { svixId: "msg_1", receivedAt: "2026-11-26T12:00:00.000Z", nowMs: NOW };
    const ignored = {
      kind: "ignored",
      type: "organizationInvitation.created",
      objectId: "orginv_1",
      orgId: "org_1",
    } as const;
    expect(deliveryFacts({ ...at, parsed: ignored })).toEqual({
      ...at,
      type: "organizationInvitation.created",
      objectId: "orginv_1",
      orgId: "org_1",
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
        orgId: undefined,
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
    // Dedupe outlives every retry Svix makes of the same message.
    expect(EVENT_RECORD_TTL_SECONDS).toBeGreaterThan(RETRY_WINDOW_SECONDS * 2);
  });

  const membershipFacts = {
    svixId: "msg_2",
    type: "organizationMembership.updated",
    objectId: "orgmem_1",
    orgId: "org_acme",
    receivedAt: "2026-11-26T12:00:01.000Z",
    nowMs: NOW,
  };

  it("lists a record concerning an org in that org's sync log as well as the global one", () => {
    const record = eventRecord(membershipFacts, "applied");
    const orgLog = keys.orgSyncEvents("org_acme");
    expect(record).toMatchObject({
      GSI1PK: keys.webhookEvents().partitionKey,
      GSI2PK: orgLog.partitionKey,
      GSI2SK: "2026-11-26T12:00:01.000Z#msg_2",
      orgId: "org_acme",
      outcome: "applied",
    });
    expect(record.GSI2PK).not.toBe(keys.orgSyncEvents("org_globex").partitionKey);
    // Repeats show in the org's log too, after the first delivery.
    const repeat = duplicateRecord({ ...membershipFacts, receivedAt: "2026-11-26T12:00:02.000Z" });
    expect(repeat).toMatchObject({
      GSI2PK: orgLog.partitionKey,
      GSI2SK: "2026-11-26T12:00:02.000Z#msg_2",
      orgId: "org_acme",
      outcome: "duplicate",
    });
    expect(repeat.expiresAt).toBe(NOW / 1000 + 7 * 24 * 3600);
  });

  it("keeps records of no single org (user.*) out of every org's log", () => {
    const facts = { ...membershipFacts, type: "user.updated", objectId: "user_1" };
    for (const record of [
      eventRecord({ ...facts, orgId: undefined }, "applied"),
      duplicateRecord({ ...facts, orgId: undefined }),
    ]) {
      expect(record).not.toHaveProperty("GSI2PK");
      expect(record).not.toHaveProperty("GSI2SK");
      expect(record).not.toHaveProperty("orgId");
      expect(record.GSI1PK).toBe(keys.webhookEvents().partitionKey);
    }
  });

  it("stores reasons as one short line of printable text", () => {
    const long = `data.role: ${"x".repeat(1000)}`;
    const stored = eventRecord(membershipFacts, "failed", long).reason;
    expect(stored).toHaveLength(MAX_REASON_LENGTH);
    expect(stored?.endsWith("...")).toBe(true);
    expect(safeReason("data.role: bad\n    at parse (/var/task/index.js:1:2)\u0000")).toBe(
      "data.role: bad at parse (/var/task/index.js:1:2)",
    );
    expect(safeReason("  two   spaces\tand tab  ")).toBe("two spaces and tab");
    expect(safeReason("\n\u0007")).toBe("invalid payload");
    expect(safeReason("data.name: Too big: expected string to have <=2048 characters")).toBe(
      "data.name: Too big: expected string to have <=2048 characters",
    );
  });
});
