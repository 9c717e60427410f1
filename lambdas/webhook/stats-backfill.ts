/**
 * The milestone counters' backfill (core/portable/stats.ts): computes a scope's counts by
 * status from its milestones and writes its counter shards. An offline admin command
 * (`npm run migrate -- --stats org:<orgId>`), for milestones written before the counters
 * existed; requests never do this work, which grows with the scope.
 *
 * Resumable: it reads the scope's milestones page by page (one consistent Query on the base
 * table, ids and statuses only) and after each page prints a cursor holding where it stands
 * and the counts so far; `--from` continues from it. The shards are written only at the end,
 * each with a plain Put of its absolute counts, so a run that stops anywhere has written
 * nothing, and a second run computes and writes the same numbers again (idempotent).
 *
 * Race caveat (docs/data-model.md): the counts are those of the milestones as each page was
 * read, and the final Puts replace whatever the request path ADDed meanwhile. A milestone
 * created, deleted or moved to another status during the run, after its page was read (or
 * before, with its ADD then overwritten), leaves its shard off by one. Run it while the scope
 * is quiet, or run it again once it is: a run that sees no write during it is exact.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { MILESTONE_STATUSES } from "../../core/portable/milestone";
import { MILESTONE_STATS_SHARD_IDS, shardCountChanges } from "../../core/portable/stats";
import { keys, toQueryParams, type Scope } from "../../core/table";

/** Counts so far: per shard, per status. */
type ShardCounts = Record<string, number>[];

interface Progress {
  startKey?: Record<string, string>;
  counts: ShardCounts;
}

export interface StatsBackfillPage {
  read: number;
  /** Where to resume (`--from`); undefined once the shards are written. */
  cursor: string | undefined;
}

const emptyCounts = (): ShardCounts => MILESTONE_STATS_SHARD_IDS.map(() => ({}));

const encode = (progress: Progress) => Buffer.from(JSON.stringify(progress)).toString("base64url");

function decode(cursor: string): Progress {
  const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
  const p = parsed as Partial<Progress> | null;
  const valid =
    typeof p === "object" &&
    p !== null &&
    Array.isArray(p.counts) &&
    p.counts.length === MILESTONE_STATS_SHARD_IDS.length &&
    p.counts.every(
      (shard) =>
        typeof shard === "object" &&
        shard !== null &&
        Object.entries(shard).every(
          ([status, n]) =>
            (MILESTONE_STATUSES as readonly string[]).includes(status) && Number.isInteger(n),
        ),
    ) &&
    (p.startKey === undefined ||
      (typeof p.startKey === "object" &&
        p.startKey !== null &&
        Object.values(p.startKey).every((v) => typeof v === "string")));
  if (!valid) throw new Error("invalid --from cursor for --stats");
  return p as Progress;
}

/** `org:<orgId>` or `user:<userId>` (the personal scope). */
export function parseStatsScope(text: string): Scope {
  const [kind, id, ...rest] = text.split(":");
  if (rest.length === 0 && id && kind === "org") return { kind: "org", orgId: id };
  if (rest.length === 0 && id && kind === "user") return { kind: "personal", userId: id };
  throw new Error(`--stats takes org:<orgId> or user:<userId>, not "${text}"`);
}

export async function backfillMilestoneStats(options: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  scope: Scope;
  from?: string;
  /** Milestones read per Query page. @default 500 */
  pageSize?: number;
  /** Stop after this many pages without writing (a resumable slice). @default all */
  maxPages?: number;
  onPage?: (page: StatsBackfillPage) => void;
}): Promise<{ read: number; done: boolean; counts: ShardCounts }> {
  const progress: Progress = options.from ? decode(options.from) : { counts: emptyCounts() };
  const spec = keys.scopeMilestones(options.scope);
  let read = 0;
  for (let pages = 0; options.maxPages === undefined || pages < options.maxPages; pages++) {
    const params = toQueryParams(spec);
    const page = await options.doc.send(
      new QueryCommand({
        TableName: options.tableName,
        ...params,
        ConsistentRead: true,
        ProjectionExpression: "#id, #status",
        ExpressionAttributeNames: {
          ...params.ExpressionAttributeNames,
          "#id": "id",
          "#status": "status",
        },
        Limit: options.pageSize ?? 500,
        ...(progress.startKey ? { ExclusiveStartKey: progress.startKey } : {}),
      }),
    );
    const items = page.Items ?? [];
    read += items.length;
    // Counted by the same rule as the request path: a create of each milestone found.
    for (const { shard, deltas } of shardCountChanges(
      items.map((item) => ({ id: String(item.id), before: null, after: String(item.status) })),
    )) {
      const counts = progress.counts[shard] ?? {};
      for (const [status, delta] of Object.entries(deltas))
        counts[status] = (counts[status] ?? 0) + delta;
      progress.counts[shard] = counts;
    }
    const last = page.LastEvaluatedKey as Record<string, string> | undefined;
    if (!last) {
      delete progress.startKey;
      await writeShards(options.doc, options.tableName, options.scope, progress.counts);
      options.onPage?.({ read, cursor: undefined });
      return { read, done: true, counts: progress.counts };
    }
    progress.startKey = last;
    options.onPage?.({ read, cursor: encode(progress) });
  }
  return { read, done: false, counts: progress.counts };
}

/** Every shard, absent statuses 0: a shard left from an earlier state is overwritten too. */
async function writeShards(
  doc: DynamoDBDocumentClient,
  tableName: string,
  scope: Scope,
  counts: ShardCounts,
) {
  for (const shard of MILESTONE_STATS_SHARD_IDS) {
    const values = Object.fromEntries(
      MILESTONE_STATUSES.map((status) => [status, counts[shard]?.[status] ?? 0]),
    );
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.milestoneStats(scope, shard), entity: "milestoneStats", ...values },
      }),
    );
  }
}
