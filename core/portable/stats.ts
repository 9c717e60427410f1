/**
 * The milestone counters of a scope: how many milestones it holds in each status, kept as
 * an aggregate beside the milestones and changed in the same transaction as every milestone
 * write (docs/data-model.md explains why an aggregate and not a Query). The one home of the
 * counting rules; the resolvers (api/resolvers/lib/stats.ts), the backfill (scripts/) and the
 * dashboard read them from here.
 *
 * The aggregate is sharded: a milestone's changes always land on the shard its id hashes to,
 * so concurrent writes of different milestones mostly touch different counter items and do
 * not cancel each other's transactions (TransactionConflict), and each shard's counts stay
 * non-negative (a milestone's create, status changes and delete meet on one shard).
 *
 * Written for every runtime (APPSYNC_JS too): no loop statement, no `charCodeAt`, no regex.
 */
import { MILESTONE_STATUSES, type MilestoneStatus } from "./milestone";

/**
 * The shards a scope's counters are spread over (so a transaction holds at most 8 of them),
 * written out because APPSYNC_JS has no `Array.from` nor counting loop.
 */
export const MILESTONE_STATS_SHARD_IDS: number[] = [0, 1, 2, 3, 4, 5, 6, 7];
export const MILESTONE_STATS_SHARDS = MILESTONE_STATS_SHARD_IDS.length;

/** Characters that ids are made of (ULIDs, Clerk ids); any other counts as one more value. */
const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
/** A prime below 2^20: `h * 67 + 66` stays an exact integer in every runtime. */
const HASH_MODULUS = 1_000_003;

/**
 * The shard (0 … {@link MILESTONE_STATS_SHARDS} − 1) a milestone's counts live on: a
 * polynomial hash of its id, the same in APPSYNC_JS, Node and the browser.
 */
export function milestoneStatsShard(milestoneId: string): number {
  const hash = milestoneId
    .split("")
    .reduce((h, c) => (h * 67 + ID_ALPHABET.indexOf(c) + 1) % HASH_MODULUS, 7);
  return hash % MILESTONE_STATS_SHARDS;
}

/** One milestone write as the counters see it: before null = created, after null = deleted. */
export interface StatusChange {
  before: string | null;
  after: string | null;
}

/**
 * The net change of the counts by status that these writes make: −1 for each `before`, +1
 * for each `after`; statuses whose net change is 0 are left out, so an edit that keeps the
 * status changes nothing.
 */
export function statusCountChanges(changes: StatusChange[]): Record<string, number> {
  const net: Record<string, number> = {};
  changes.forEach((change) => {
    if (change.before !== null) net[change.before] = (net[change.before] ?? 0) - 1;
    if (change.after !== null) net[change.after] = (net[change.after] ?? 0) + 1;
  });
  const out: Record<string, number> = {};
  Object.keys(net).forEach((status) => {
    const delta = net[status] ?? 0;
    if (delta !== 0) out[status] = delta;
  });
  return out;
}

/** The net changes of each shard that these milestone writes touch, shards in ascending order. */
export function shardCountChanges(
  changes: (StatusChange & { id: string })[],
): { shard: number; deltas: Record<string, number> }[] {
  const byShard: (StatusChange & { id: string })[][] = [];
  changes.forEach((change) => {
    const shard = milestoneStatsShard(change.id);
    byShard[shard] = [...(byShard[shard] ?? []), change];
  });
  const out: { shard: number; deltas: Record<string, number> }[] = [];
  byShard.forEach((list, shard) => {
    const deltas = statusCountChanges(list);
    if (Object.keys(deltas).length > 0) out.push({ shard, deltas });
  });
  return out;
}

/** A scope's counts: one number per status (0 when none), and their total. */
export interface MilestoneStats {
  counts: { status: MilestoneStatus; count: number }[];
  total: number;
}

/**
 * Sums the shard items of a scope (as read: status-named number attributes) into its counts,
 * every status listed in the order of {@link MILESTONE_STATUSES}. Absent shards count 0.
 */
export function sumMilestoneStats(shards: Record<string, unknown>[]): MilestoneStats {
  const statuses: MilestoneStatus[] = [...MILESTONE_STATUSES];
  const counts = statuses.map((status) => ({
    status,
    count: shards.reduce((sum, shard) => {
      const value = shard[status];
      return typeof value === "number" ? sum + value : sum;
    }, 0),
  }));
  return { counts, total: counts.reduce((sum, entry) => sum + entry.count, 0) };
}
