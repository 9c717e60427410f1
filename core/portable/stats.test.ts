import { describe, expect, it } from "vitest";
import * as keys from "./keys";
import { MILESTONE_STATUSES } from "./milestone";
import type { Scope } from "./scope";
import {
  MILESTONE_STATS_SHARDS,
  milestoneStatsShard,
  shardCountChanges,
  statusCountChanges,
  sumMilestoneStats,
} from "./stats";

const acme: Scope = { kind: "org", orgId: "org_acme" };
const ada: Scope = { kind: "personal", userId: "user_ada" };

/** ULID-shaped ids: what util.autoUlid() gives the resolvers. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function ulids(n: number): string[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: n }, () =>
    Array.from({ length: 26 }, () => CROCKFORD[(next() >>> 16) % 32]).join(""),
  );
}

describe("statusCountChanges", () => {
  it("counts a create +1, a delete −1 and a status change −1 old, +1 new", () => {
    expect(statusCountChanges([{ before: null, after: "PLANNED" }])).toEqual({ PLANNED: 1 });
    expect(statusCountChanges([{ before: "DONE", after: null }])).toEqual({ DONE: -1 });
    expect(statusCountChanges([{ before: "PLANNED", after: "BLOCKED" }])).toEqual({
      PLANNED: -1,
      BLOCKED: 1,
    });
  });

  it("leaves out statuses whose net change is zero", () => {
    expect(statusCountChanges([{ before: "DONE", after: "DONE" }])).toEqual({});
    expect(
      statusCountChanges([
        { before: "PLANNED", after: "DONE" },
        { before: "DONE", after: "PLANNED" },
        { before: null, after: "BLOCKED" },
        { before: "BLOCKED", after: null },
        { before: "IN_PROGRESS", after: null },
        { before: "IN_PROGRESS", after: null },
      ]),
    ).toEqual({ IN_PROGRESS: -2 });
    expect(statusCountChanges([])).toEqual({});
  });
});

describe("milestoneStatsShard", () => {
  it("is stable and in range", () => {
    for (const id of [...ulids(50), "m1", "", "é", "a-b_c"]) {
      const shard = milestoneStatsShard(id);
      expect(Number.isInteger(shard)).toBe(true);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(MILESTONE_STATS_SHARDS);
      expect(milestoneStatsShard(id)).toBe(shard);
    }
  });

  it("spreads ULIDs over every shard, none with more than twice its share", () => {
    const ids = ulids(4000);
    const per = new Array<number>(MILESTONE_STATS_SHARDS).fill(0);
    for (const id of ids) per[milestoneStatsShard(id)] = (per[milestoneStatsShard(id)] ?? 0) + 1;
    const share = ids.length / MILESTONE_STATS_SHARDS;
    for (const count of per) {
      expect(count).toBeGreaterThan(share / 2);
      expect(count).toBeLessThan(share * 2);
    }
  });

  it("separates ids that differ in one character, including ULIDs of one millisecond", () => {
    const shards = new Set(
      [
        "01J00000000000000000000000",
        "01J00000000000000000000001",
        "01J00000000000000000000002",
        "01J00000000000000000000003",
      ].map(milestoneStatsShard),
    );
    expect(shards.size).toBeGreaterThan(1);
  });
});

describe("shardCountChanges", () => {
  it("groups a batch by shard and nets each shard's changes", () => {
    const ids = ulids(40);
    const changes = ids.map((id, i) => ({
      id,
      before: i % 2 === 0 ? "PLANNED" : null,
      after: i % 3 === 0 ? null : "DONE",
    }));
    const grouped = shardCountChanges(changes);
    expect(grouped.map((g) => g.shard)).toEqual([...grouped.map((g) => g.shard)].sort());
    expect(new Set(grouped.map((g) => g.shard)).size).toBe(grouped.length);
    // The shards' deltas add up to the batch's.
    const total: Record<string, number> = {};
    for (const { deltas } of grouped)
      for (const [status, delta] of Object.entries(deltas))
        total[status] = (total[status] ?? 0) + delta;
    expect(total).toEqual(statusCountChanges(changes));
    for (const { shard, deltas } of grouped) {
      expect(deltas).toEqual(
        statusCountChanges(changes.filter((c) => milestoneStatsShard(c.id) === shard)),
      );
    }
  });

  it("is empty when nothing changes a count", () => {
    expect(shardCountChanges([{ id: "m1", before: "DONE", after: "DONE" }])).toEqual([]);
  });
});

describe("sumMilestoneStats", () => {
  it("sums the shards, every status listed, absent ones 0, other attributes ignored", () => {
    const stats = sumMilestoneStats([
      { PK: "ORG#o", SK: "STATS#MILESTONES#0", entity: "milestoneStats", PLANNED: 2, DONE: 1 },
      { PLANNED: 1, BLOCKED: 4 },
    ]);
    expect(stats.counts).toEqual([
      { status: "PLANNED", count: 3 },
      { status: "IN_PROGRESS", count: 0 },
      { status: "DONE", count: 1 },
      { status: "BLOCKED", count: 4 },
    ]);
    expect(stats.counts.map((c) => c.status)).toEqual([...MILESTONE_STATUSES]);
    expect(stats.total).toBe(8);
    expect(sumMilestoneStats([])).toEqual({
      counts: MILESTONE_STATUSES.map((status) => ({ status, count: 0 })),
      total: 0,
    });
  });
});

describe("counter keys", () => {
  it("puts the shards in the scope's partition, read by one Query on their prefix", () => {
    expect(keys.milestoneStatsKey(acme, 3)).toEqual({
      PK: "ORG#org_acme",
      SK: "STATS#MILESTONES#3",
    });
    expect(keys.milestoneStatsKey(ada, 0)?.PK).toBe("USER#user_ada");
    const spec = keys.milestoneStatsQuery(acme);
    const all = keys.milestoneStatsKeys(acme) ?? [];
    expect(all).toHaveLength(MILESTONE_STATS_SHARDS);
    for (const key of all) {
      expect(key.PK).toBe(spec?.partitionKey);
      expect(key.SK.startsWith(spec?.sortKeyPrefix ?? "?")).toBe(true);
    }
    // Nothing else of the partition shares the prefix.
    for (const other of [
      keys.milestoneKey(acme, "m1"),
      keys.membershipKey("org_acme", "user_ada"),
      keys.orgKey("org_acme"),
      keys.invitationKey("org_acme", "inv1"),
    ])
      expect(other?.SK.startsWith(spec?.sortKeyPrefix ?? "?")).toBe(false);
  });

  it("gives a milestone's shard key from its id, and no key for bad parts", () => {
    expect(keys.milestoneStatsKeyFor(acme, "m1")).toEqual(
      keys.milestoneStatsKey(acme, milestoneStatsShard("m1")),
    );
    expect(keys.milestoneStatsKeyFor(acme, "m#1")).toBeNull();
    expect(keys.milestoneStatsKey(acme, MILESTONE_STATS_SHARDS)).toBeNull();
    expect(keys.milestoneStatsKey(acme, -1)).toBeNull();
    expect(keys.milestoneStatsKey(acme, 1.5)).toBeNull();
    expect(keys.milestoneStatsKey({ kind: "org", orgId: "a#b" }, 0)).toBeNull();
    expect(keys.milestoneStatsKeys({ kind: "org", orgId: "a#b" })).toBeNull();
    expect(keys.milestoneStatsQuery({ kind: "personal", userId: "" })).toBeNull();
  });
});
