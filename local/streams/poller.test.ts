import { describe, expect, it } from "vitest";
import { CLEANUP_TRIGGER_PATTERNS } from "../../core/cleanup";
import { matchesPattern } from "./poller";

const record = (eventName: string, NewImage: Record<string, unknown>) => ({
  eventName,
  dynamodb: { SequenceNumber: "1", NewImage },
});
const matchesAny = (r: unknown) => CLEANUP_TRIGGER_PATTERNS.some((p) => matchesPattern(r, p));

describe("matchesPattern (Lambda's filter syntax, the equality subset)", () => {
  it("passes the cleanup's triggers: tombstones and continuations", () => {
    const tombstone = {
      PK: { S: "ORG#org_1" },
      SK: { S: "PROFILE" },
      entity: { S: "org" },
      deleted: { BOOL: true },
    };
    expect(matchesAny(record("INSERT", tombstone))).toBe(true);
    expect(matchesAny(record("MODIFY", tombstone))).toBe(true);
    expect(matchesAny(record("REMOVE", tombstone))).toBe(false);
    expect(
      matchesAny(record("MODIFY", { entity: { S: "cleanupJob" }, phase: { S: "continuing" } })),
    ).toBe(true);
  });

  it("holds back everything else", () => {
    const live = { SK: { S: "PROFILE" }, entity: { S: "user" } };
    expect(matchesAny(record("INSERT", live))).toBe(false);
    const membershipTombstone = {
      SK: { S: "TOMBSTONE#MEMBER#user_1" },
      entity: { S: "membershipTombstone" },
      deleted: { BOOL: true },
    };
    expect(matchesAny(record("INSERT", membershipTombstone))).toBe(false);
    expect(
      matchesAny(record("MODIFY", { entity: { S: "cleanupJob" }, phase: { S: "done" } })),
    ).toBe(false);
    expect(matchesAny({ eventName: "INSERT" })).toBe(false);
  });
});
