import { describe, expect, it } from "vitest";
import {
  CLEANUP_TRIGGER_PATTERNS,
  cleanupJobItem,
  cleanupRequestFromImage,
  cleanupStatus,
  cleanupTargets,
  isKeptForGood,
} from "./cleanup";
import { orgTombstone, userItem, userTombstone } from "./mirror";
import { keys } from "./table";

/** An item as a stream image (DynamoDB JSON) for the attributes the parser reads. */
function image(item: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [
      name,
      typeof value === "string"
        ? { S: value }
        : typeof value === "number"
          ? { N: String(value) }
          : typeof value === "boolean"
            ? { BOOL: value }
            : { NULL: true },
    ]),
  );
}

describe("cleanupTargets", () => {
  it("empties an org's partition, audit log and sync log, by designed keys only", () => {
    const targets = cleanupTargets({ kind: "org", orgId: "org_1" });
    expect(targets.map((t) => [t.name, t.spec.indexName ?? "table", t.spec.partitionKey])).toEqual([
      ["org-partition", "table", "ORG#org_1"],
      ["audit-log", "table", keys.auditLog("org_1").partitionKey],
      ["sync-log", "GSI2", keys.orgSyncEvents("org_1").partitionKey],
    ]);
    // Base-table reads consistent; the index cannot be.
    expect(targets.map((t) => t.consistent)).toEqual([true, true, false]);
  });

  it("empties a user's partition and memberships, never an org's", () => {
    const targets = cleanupTargets({ kind: "user", userId: "user_1" });
    expect(targets.map((t) => t.spec.partitionKey)).toEqual(["USER#user_1", "USER#user_1"]);
    expect(targets[1]?.spec).toEqual(keys.userOrgs("user_1"));
  });

  it("refuses an id that could address another partition", () => {
    expect(() => cleanupTargets({ kind: "org", orgId: "org_1#x" })).toThrow();
  });
});

describe("isKeptForGood", () => {
  it("keeps profiles (tombstones) and membership tombstones, nothing else", () => {
    expect(isKeptForGood(keys.org("org_1"))).toBe(true);
    expect(isKeptForGood(keys.membershipTombstone("org_1", "user_1"))).toBe(true);
    expect(isKeptForGood(keys.milestone({ kind: "org", orgId: "org_1" }, "m1"))).toBe(false);
    const m = keys.membership("org_1", "user_1");
    expect(isKeptForGood({ PK: m.PK, SK: m.SK })).toBe(false);
    // Invitations, pending or tombstoned, go with their org (in its partition).
    const invitation = keys.invitation("org_1", "orginv_1");
    expect(isKeptForGood(invitation)).toBe(false);
    expect(invitation.PK).toBe(keys.orgPartition("org_1"));
  });
});

describe("cleanupRequestFromImage", () => {
  it("starts a fresh run from a user's or org's tombstone", () => {
    expect(cleanupRequestFromImage(image(userTombstone("user_1", 5)))).toEqual({
      scope: { kind: "user", userId: "user_1" },
      cursor: { target: 0 },
      round: 0,
      removed: 0,
      startedAt: undefined,
    });
    expect(cleanupRequestFromImage(image(orgTombstone("org_1", 5)))?.scope).toEqual({
      kind: "org",
      orgId: "org_1",
    });
  });

  it("continues from a continuation, with its cursor, round and count", () => {
    const item = cleanupJobItem({
      scope: { kind: "org", orgId: "org_1" },
      phase: "continuing",
      round: 3,
      removed: 1200,
      cursor: { target: 1, startKey: { PK: "AUDIT#ORG#org_1", SK: "2026#a" } },
      startedAt: "2026-12-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:10:00.000Z",
    });
    expect(cleanupRequestFromImage(image(item))).toEqual({
      scope: { kind: "org", orgId: "org_1" },
      cursor: { target: 1, startKey: { PK: "AUDIT#ORG#org_1", SK: "2026#a" } },
      round: 3,
      removed: 1200,
      startedAt: "2026-12-01T00:00:00.000Z",
    });
  });

  it("ignores live profiles, done jobs and anything with an unusable id", () => {
    const live = userItem({
      id: "user_1",
      email: "a@x.test",
      firstName: "A",
      lastName: null,
      imageUrl: null,
      updatedAt: 1,
    });
    expect(cleanupRequestFromImage(image(live))).toBeUndefined();
    const done = cleanupJobItem({
      scope: { kind: "user", userId: "user_1" },
      phase: "done",
      round: 0,
      removed: 3,
      startedAt: "x",
      updatedAt: "x",
    });
    expect(cleanupRequestFromImage(image(done))).toBeUndefined();
    expect(
      cleanupRequestFromImage({ ...image(userTombstone("user_1", 5)), id: { S: "a#b" } }),
    ).toBeUndefined();
    expect(cleanupRequestFromImage(undefined)).toBeUndefined();
  });

  it("restarts from the beginning when a continuation's cursor is unreadable", () => {
    const item = {
      ...image(
        cleanupJobItem({
          scope: { kind: "user", userId: "user_1" },
          phase: "continuing",
          round: 1,
          removed: 10,
          startedAt: "x",
          updatedAt: "x",
        }),
      ),
      cursor: { S: "{not json" },
    };
    expect(cleanupRequestFromImage(item)?.cursor).toEqual({ target: 0 });
  });
});

describe("the trigger patterns and the job's status", () => {
  it("are plain data (CDK serializes them as the event source's filter)", () => {
    expect(JSON.parse(JSON.stringify(CLEANUP_TRIGGER_PATTERNS))).toEqual(CLEANUP_TRIGGER_PATTERNS);
    expect(CLEANUP_TRIGGER_PATTERNS).toHaveLength(2);
  });

  it("reads as deleting until done", () => {
    expect(cleanupStatus(undefined)).toBe("not started");
    expect(cleanupStatus("deleting")).toBe("deleting");
    expect(cleanupStatus("continuing")).toBe("deleting");
    expect(cleanupStatus("done")).toBe("deleted");
  });
});
