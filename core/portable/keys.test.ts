import { describe, expect, it } from "vitest";
import * as keys from "./keys";
import type { Scope } from "./scope";

const acme: Scope = { kind: "org", orgId: "org_acme" };
const ada: Scope = { kind: "personal", userId: "user_ada" };

describe("portable key builders", () => {
  it("puts a milestone in its scope's partition", () => {
    expect(keys.milestoneKey(acme, "m1")).toEqual({ PK: "ORG#org_acme", SK: "MILESTONE#m1" });
    expect(keys.milestoneKey(ada, "m1")).toEqual({ PK: "USER#user_ada", SK: "MILESTONE#m1" });
  });

  it("indexes a milestone three ways; no due date sorts last", () => {
    const m = { id: "m1", updatedAt: "2026-01-01T00:00:00.000Z", status: "DONE" };
    expect(keys.milestoneIndexes(acme, { ...m, dueDate: null })).toEqual({
      GSI1PK: "MILESTONES#ORG#org_acme",
      GSI1SK: "2026-01-01T00:00:00.000Z#m1",
      GSI2PK: "MILESTONES#ORG#org_acme",
      GSI2SK: "~#m1",
      GSI3PK: "MILESTONES#ORG#org_acme#STATUS#DONE",
      GSI3SK: "2026-01-01T00:00:00.000Z#m1",
    });
    expect(keys.milestoneIndexes(ada, { ...m, dueDate: "2026-03-01" })?.GSI2SK).toBe(
      "2026-03-01#m1",
    );
  });

  it("keeps memberships, their tombstones, users and orgs apart", () => {
    expect(keys.membershipKey("org_acme", "user_ada")).toEqual({
      PK: "ORG#org_acme",
      SK: "MEMBER#user_ada",
    });
    expect(keys.membershipItemKeys("org_acme", "user_ada")).toMatchObject({
      GSI1PK: "USER#user_ada",
      GSI1SK: "ORG#org_acme",
    });
    expect(keys.membershipTombstoneKey("org_acme", "user_ada")?.SK).toBe(
      "TOMBSTONE#MEMBER#user_ada",
    );
    expect(keys.userKey("user_ada")).toEqual({ PK: "USER#user_ada", SK: "PROFILE" });
    expect(keys.orgKey("org_acme")).toEqual({ PK: "ORG#org_acme", SK: "PROFILE" });
  });

  it("reads the members list where memberships are, never their tombstones", () => {
    const spec = keys.orgMembersQuery("org_acme");
    const member = keys.membershipKey("org_acme", "user_ada");
    const tombstone = keys.membershipTombstoneKey("org_acme", "user_ada");
    expect(spec?.partitionKey).toBe(member?.PK);
    expect(member?.SK.startsWith(spec?.sortKeyPrefix ?? "?")).toBe(true);
    expect(tombstone?.SK.startsWith(spec?.sortKeyPrefix ?? "?")).toBe(false);
  });

  it("reads the audit log and the sync log where their entries are written", () => {
    const entry = keys.auditEntryKey("org_acme", "2026-01-01T00:00:00Z", "e1");
    expect(entry).toEqual({ PK: "AUDIT#ORG#org_acme", SK: "2026-01-01T00:00:00Z#e1" });
    expect(keys.auditLogQuery("org_acme")).toMatchObject({
      partitionKey: entry?.PK,
      ascending: false,
    });
    const record = keys.orgSyncEventIndex("org_acme", "2026-01-01T00:00:00.000Z", "msg_1");
    expect(keys.orgSyncEventsQuery("org_acme")).toMatchObject({
      indexName: "GSI2",
      partitionKey: record?.GSI2PK,
    });
    // An org's sync log and its milestone lists share GSI2 but never a partition.
    expect(record?.GSI2PK).not.toBe(keys.milestoneListPartition(acme));
  });

  it("answers null, never a key, when an id part is malformed", () => {
    const bad = "a#b";
    expect(keys.milestoneKey(acme, bad)).toBeNull();
    expect(keys.milestoneKey({ kind: "org", orgId: bad }, "m1")).toBeNull();
    expect(keys.milestoneKey({ kind: "personal", userId: "" }, "m1")).toBeNull();
    expect(keys.membershipKey("org_acme", "u\n")).toBeNull();
    expect(keys.membershipItemKeys(bad, "user_ada")).toBeNull();
    expect(keys.userKey("x".repeat(257))).toBeNull();
    expect(keys.auditEntryKey("org_acme", "t", bad)).toBeNull();
    expect(keys.orgMembersQuery(bad)).toBeNull();
    expect(keys.auditLogQuery(bad)).toBeNull();
    expect(keys.orgSyncEventsQuery(bad)).toBeNull();
    expect(keys.webhookEventKeys(bad, "t")).toBeNull();
    expect(keys.milestoneIndexes(acme, { id: "m1", updatedAt: "t", status: bad })).toBeNull();
  });
});
