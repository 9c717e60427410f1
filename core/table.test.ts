import { describe, expect, it } from "vitest";
import { InvalidKeyPartError, keys, TABLE, toCreateTableParams, toQueryParams } from "./table";

const acme = { kind: "org", orgId: "org_acme" } as const;
const alice = { kind: "personal", userId: "user_alice" } as const;

describe("key builders", () => {
  it("puts a membership in its org's partition and under its user in GSI1", () => {
    const membership = keys.membership("org_acme", "user_alice");
    expect(membership).toEqual({
      PK: "ORG#org_acme",
      SK: "MEMBER#user_alice",
      GSI1PK: "USER#user_alice",
      GSI1SK: "ORG#org_acme",
    });
    const members = keys.orgMembers("org_acme");
    expect(membership.PK).toBe(members.partitionKey);
    expect(membership.SK.startsWith(members.sortKeyPrefix ?? "?")).toBe(true);
    const orgs = keys.userOrgs("user_alice");
    expect(membership.GSI1PK).toBe(orgs.partitionKey);
    expect(membership.GSI1SK.startsWith(orgs.sortKeyPrefix ?? "?")).toBe(true);
  });

  it("keys a milestone by its scope, so another scope cannot address it", () => {
    expect(keys.milestone(acme, "m1")).toEqual({ PK: "ORG#org_acme", SK: "MILESTONE#m1" });
    expect(keys.milestone(alice, "m1")).toEqual({ PK: "USER#user_alice", SK: "MILESTONE#m1" });
    expect(keys.milestone({ kind: "org", orgId: "org_globex" }, "m1")).not.toEqual(
      keys.milestone(acme, "m1"),
    );
  });

  it("indexes a milestone where each list query looks", () => {
    const indexes = keys.milestoneIndexes(acme, {
      id: "m1",
      updatedAt: "2026-11-26T10:00:00.000Z",
      dueDate: null,
      status: "DONE",
    });
    const byUpdated = keys.milestones(acme, { sort: "UPDATED_AT" });
    const byDue = keys.milestones(acme, { sort: "DUE_DATE" });
    const byStatus = keys.milestones(acme, { sort: "UPDATED_AT", status: "DONE" });
    expect([byUpdated.indexName, indexes.GSI1PK]).toEqual(["GSI1", byUpdated.partitionKey]);
    expect([byDue.indexName, indexes.GSI2PK]).toEqual(["GSI2", byDue.partitionKey]);
    expect([byStatus.indexName, indexes.GSI3PK]).toEqual(["GSI3", byStatus.partitionKey]);
    expect(byUpdated.ascending).toBe(false);
    // No due date sorts after every real date.
    expect(indexes.GSI2SK > "9999-12-31#m1").toBe(true);
    expect(byUpdated.partitionKey).not.toBe(
      keys.milestones(alice, { sort: "UPDATED_AT" }).partitionKey,
    );
  });

  it("refuses ids that could address another item", () => {
    expect(() => keys.user("user_1#PROFILE")).toThrow(InvalidKeyPartError);
    expect(() => keys.membership("org_1", "")).toThrow(InvalidKeyPartError);
    expect(() => keys.milestone(acme, "a\nb")).toThrow(InvalidKeyPartError);
    expect(() => keys.webhookEvent("x".repeat(257), "t")).toThrow(InvalidKeyPartError);
  });

  it("keys webhook events by svix id and indexes them by time", () => {
    const event = keys.webhookEvent("msg_1", "2026-11-26T10:00:00.000Z");
    expect(event.PK).toBe("WEBHOOK#msg_1");
    expect(event.GSI1PK).toBe(keys.webhookEvents().partitionKey);
  });

  it("lists an org's deliveries in GSI2, apart from every milestone list there", () => {
    const index = keys.orgSyncEventIndex("org_acme", "2026-11-26T10:00:00.000Z", "msg_1");
    const log = keys.orgSyncEvents("org_acme");
    expect(index).toEqual({
      GSI2PK: "SYNC#ORG#org_acme",
      GSI2SK: "2026-11-26T10:00:00.000Z#msg_1",
    });
    expect(log).toMatchObject({
      indexName: "GSI2",
      partitionKeyName: "GSI2PK",
      partitionKey: index.GSI2PK,
      sortKeyName: "GSI2SK",
      ascending: false,
    });
    expect(log.partitionKey).not.toBe(keys.orgSyncEvents("org_globex").partitionKey);
    for (const sort of ["UPDATED_AT", "DUE_DATE"] as const) {
      const milestones = keys.milestones(acme, { sort });
      if (milestones.indexName === "GSI2")
        expect(milestones.partitionKey).not.toBe(log.partitionKey);
    }
    expect(
      keys.milestoneIndexes(acme, { id: "m", updatedAt: "t", status: "DONE" }).GSI2PK,
    ).not.toBe(log.partitionKey);
    expect(() => keys.orgSyncEvents("org#x")).toThrow(InvalidKeyPartError);
    expect(() => keys.orgSyncEventIndex("org_1", "t", "msg#1")).toThrow(InvalidKeyPartError);
  });

  it("puts a membership's tombstone in its org's partition but outside the members query", () => {
    const tombstone = keys.membershipTombstone("org_acme", "user_alice");
    const members = keys.orgMembers("org_acme");
    expect(tombstone.PK).toBe(members.partitionKey);
    expect(tombstone.SK.startsWith(members.sortKeyPrefix ?? "?")).toBe(false);
    expect(tombstone).not.toHaveProperty("GSI1PK");
    expect(tombstone.SK).not.toBe(keys.membership("org_acme", "user_alice").SK);
  });

  it("logs a repeated delivery beside the first one's record, listed with the events", () => {
    const repeat = keys.webhookDuplicate("msg_1", "2026-11-26T10:00:01.000Z");
    const first = keys.webhookEvent("msg_1", "2026-11-26T10:00:00.000Z");
    expect(repeat.PK).toBe(first.PK);
    expect(repeat.SK).not.toBe(first.SK);
    expect(repeat.GSI1PK).toBe(keys.webhookEvents().partitionKey);
    expect(repeat.GSI1SK > first.GSI1SK).toBe(true);
    expect(() => keys.webhookDuplicate("msg#1", "t")).toThrow(InvalidKeyPartError);
  });
});

describe("toQueryParams", () => {
  it("builds a key condition on the designed key only", () => {
    expect(toQueryParams(keys.userOrgs("user_1"))).toEqual({
      IndexName: "GSI1",
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :sk)",
      ExpressionAttributeNames: { "#pk": "GSI1PK", "#sk": "GSI1SK" },
      ExpressionAttributeValues: { ":pk": "USER#user_1", ":sk": "ORG#" },
      ScanIndexForward: true,
    });
    expect(toQueryParams(keys.auditLog("org_1"))).toEqual({
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "PK" },
      ExpressionAttributeValues: { ":pk": "AUDIT#ORG#org_1" },
      ScanIndexForward: false,
    });
  });
});

describe("a milestone list in due-date order with a status (issue 18's resolved drift)", () => {
  it("reads GSI2 in due-date order and filters on the status, as the resolver does", () => {
    const acmeScope = { kind: "org" as const, orgId: "org_acme" };
    const params = toQueryParams(keys.milestones(acmeScope, { sort: "DUE_DATE", status: "DONE" }));
    expect(params).toMatchObject({
      IndexName: "GSI2",
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: "#status = :status",
      ScanIndexForward: true,
    });
    expect(params.ExpressionAttributeNames).toEqual({ "#pk": "GSI2PK", "#status": "status" });
    expect(params.ExpressionAttributeValues).toEqual({
      ":pk": "MILESTONES#ORG#org_acme",
      ":status": "DONE",
    });
  });
});

describe("toCreateTableParams", () => {
  it("declares every key attribute once and every index of the definition", () => {
    const params = toCreateTableParams(TABLE, "t1");
    expect(params.TableName).toBe("t1");
    expect(params.AttributeDefinitions.map((a) => a.AttributeName).sort()).toEqual(
      ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK", "PK", "SK"].sort(),
    );
    expect(params.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(["GSI1", "GSI2", "GSI3"]);
    expect(params.KeySchema).toEqual([
      { AttributeName: "PK", KeyType: "HASH" },
      { AttributeName: "SK", KeyType: "RANGE" },
    ]);
  });
});
