/**
 * Erasure after a deletion: which items a deleted organization or user leaves behind, how
 * they are found (Queries on designed keys only), what stays for good, and what starts and
 * continues the work. Plain data and functions; lambdas/cleanup executes them.
 *
 * The webhook delivery only writes the tombstone (core/mirror.ts): from then on no request
 * can read the org or the user, and the tombstone's stream record starts the removal of the
 * rest on AWS's own machinery (DynamoDB Streams → the cleanup Lambda). Work that does not
 * fit one invocation continues through a job item whose own stream record starts the next
 * one. Every delete is idempotent, so a run that crashes anywhere is simply run again: it
 * re-queries and finds only what is left.
 */
import { z } from "zod";
import { clerkId } from "./clerk-events";
import { keys, type ItemKey, type QuerySpec } from "./table";

export type CleanupScope = { kind: "org"; orgId: string } | { kind: "user"; userId: string };

/** One designed key to empty, and whether its reads may be strongly consistent. */
export interface CleanupTarget {
  /** A short name for logs and metrics: `org-partition`, `audit-log`, … */
  name: string;
  spec: QuerySpec;
  /** Base-table Queries can be; GSI Queries cannot. */
  consistent: boolean;
}

/**
 * What a deleted scope's removal empties, in order:
 * - an org: its partition (memberships, milestones — a milestone's three index entries are
 *   index projections of the item, so they go with it — and invitations, pending ones with
 *   their email addresses and their pending-list entries, tombstones too: the org's own
 *   tombstone refuses any later invitation write), its audit log, its sync log (the
 *   delivery records listed under `SYNC#ORG#`, GSI2);
 * - a user: their partition (personal milestones and anything else keyed `USER#<id>`), and
 *   their memberships through GSI1 (the webhook's cascade removes these already; this
 *   catches one written in the instant before the tombstone, which GSI1 could miss then).
 * Org milestones a deleted user owned are the org's data and stay (shown as "Deleted user").
 */
export function cleanupTargets(scope: CleanupScope): CleanupTarget[] {
  if (scope.kind === "org") {
    const partition = keys.orgPartition(scope.orgId);
    const audit = keys.auditLog(scope.orgId);
    return [
      {
        name: "org-partition",
        spec: {
          partitionKeyName: "PK",
          partitionKey: partition,
          sortKeyName: "SK",
          ascending: true,
        },
        consistent: true,
      },
      { name: "audit-log", spec: { ...audit, ascending: true }, consistent: true },
      {
        name: "sync-log",
        spec: { ...keys.orgSyncEvents(scope.orgId), ascending: true },
        consistent: false,
      },
    ];
  }
  return [
    {
      name: "user-partition",
      spec: {
        partitionKeyName: "PK",
        partitionKey: keys.userPartition(scope.userId),
        sortKeyName: "SK",
        ascending: true,
      },
      consistent: true,
    },
    { name: "memberships", spec: keys.userOrgs(scope.userId), consistent: false },
  ];
}

/**
 * Items that stay although they sit in a deleted scope's partition: the tombstones (the
 * profile's, `PROFILE`, and removed memberships', `TOMBSTONE#…`). They hold ids and times
 * only and are what keeps a deletion final against any late or replayed event. Invitation
 * tombstones go with their org: its tombstone already keeps every invitation out.
 */
export function isKeptForGood(key: ItemKey): boolean {
  return key.SK === "PROFILE" || key.SK.startsWith("TOMBSTONE#");
}

// ---- the job item: progress, status, continuation ------------------------------------------

/** Where a run stands: the target it is emptying and, within it, the last key it read. */
export interface CleanupCursor {
  target: number;
  /** The Query's LastEvaluatedKey (key attributes only; all strings in this table). */
  startKey?: Record<string, string>;
}

/**
 * `deleting` while the work runs, `continuing` when an invocation hands over to the next
 * (that write's stream record is the hand-over), `done` at the end.
 */
export type CleanupPhase = "deleting" | "continuing" | "done";

export const CLEANUP_JOB_ENTITY = "cleanupJob";

const scopeName = (scope: CleanupScope) =>
  scope.kind === "org" ? keys.orgPartition(scope.orgId) : keys.userPartition(scope.userId);

/** GetItem / Put: the one job item of a deleted scope (ids and counts only). */
export const cleanupJobKey = (scope: CleanupScope): ItemKey => ({
  PK: `CLEANUP#${scopeName(scope)}`,
  SK: "JOB",
});

export interface CleanupJob {
  scope: CleanupScope;
  phase: CleanupPhase;
  /** Invocations so far; each hand-over increments it, so each writes a new stream record. */
  round: number;
  /** Items removed so far by this job (a restarted run counts again what it finds). */
  removed: number;
  cursor?: CleanupCursor;
  /** ISO 8601. */
  startedAt: string;
  updatedAt: string;
}

export function cleanupJobItem(job: CleanupJob) {
  return {
    ...cleanupJobKey(job.scope),
    entity: CLEANUP_JOB_ENTITY,
    scopeKind: job.scope.kind,
    scopeId: job.scope.kind === "org" ? job.scope.orgId : job.scope.userId,
    phase: job.phase,
    round: job.round,
    removed: job.removed,
    // JSON text: a key map is no filterable attribute, and the next run parses it back.
    ...(job.cursor ? { cursor: JSON.stringify(job.cursor) } : {}),
    startedAt: job.startedAt,
    updatedAt: job.updatedAt,
  };
}

/** What an admin or operator is told about a scope's removal. */
export const cleanupStatus = (phase: CleanupPhase | undefined) =>
  phase === undefined ? "not started" : phase === "done" ? "deleted" : "deleting";

// ---- what starts a run ---------------------------------------------------------------------

/**
 * The event-source filter (Lambda's filter-pattern syntax, plain data): the stream records
 * that start or continue a removal, and nothing else. CDK passes these to the event source
 * mapping; the local poller applies the same patterns to DynamoDB Local's stream.
 */
export const CLEANUP_TRIGGER_PATTERNS = [
  {
    eventName: ["INSERT", "MODIFY"],
    dynamodb: {
      NewImage: {
        SK: { S: ["PROFILE"] },
        entity: { S: ["user", "org"] },
        deleted: { BOOL: [true] },
      },
    },
  },
  {
    eventName: ["INSERT", "MODIFY"],
    dynamodb: {
      NewImage: { entity: { S: [CLEANUP_JOB_ENTITY] }, phase: { S: ["continuing"] } },
    },
  },
] as const;

const s = z.object({ S: z.string() });
const n = z.object({ N: z.string().regex(/^\d{1,15}$/) });
const keyPart = z.object({ S: clerkId });

const tombstoneImage = z.object({
  SK: z.object({ S: z.literal("PROFILE") }),
  entity: z.object({ S: z.enum(["user", "org"]) }),
  id: keyPart,
  deleted: z.object({ BOOL: z.literal(true) }),
});

const cursorSchema = z.object({
  target: z.number().int().nonnegative().max(16),
  startKey: z.record(z.string(), z.string().max(2048)).optional(),
});

const continuationImage = z.object({
  entity: z.object({ S: z.literal(CLEANUP_JOB_ENTITY) }),
  phase: z.object({ S: z.literal("continuing") }),
  scopeKind: z.object({ S: z.enum(["user", "org"]) }),
  scopeId: keyPart,
  round: n,
  removed: n,
  startedAt: s,
  cursor: s.optional(),
});

/** A run to do: the scope, where to start, and the job so far. */
export interface CleanupRequest {
  scope: CleanupScope;
  cursor: CleanupCursor;
  round: number;
  removed: number;
  /** undefined: a fresh start (the tombstone's record). */
  startedAt: string | undefined;
}

const scopeOf = (kind: "user" | "org", id: string): CleanupScope =>
  kind === "org" ? { kind: "org", orgId: id } : { kind: "user", userId: id };

/**
 * The run a stream record's new image asks for (a tombstone or a continuation), or
 * undefined for anything else. Parsed with a schema like every outside input: the filter
 * already narrowed the records, this does not trust it.
 */
export function cleanupRequestFromImage(image: unknown): CleanupRequest | undefined {
  const tombstone = tombstoneImage.safeParse(image);
  if (tombstone.success) {
    return {
      scope: scopeOf(tombstone.data.entity.S, tombstone.data.id.S),
      cursor: { target: 0 },
      round: 0,
      removed: 0,
      startedAt: undefined,
    };
  }
  const continuation = continuationImage.safeParse(image);
  if (!continuation.success) return undefined;
  const c = continuation.data;
  let cursor: CleanupCursor = { target: 0 };
  if (c.cursor) {
    try {
      const parsed = cursorSchema.safeParse(JSON.parse(c.cursor.S));
      // An unreadable cursor costs a re-query from the start, nothing else.
      if (parsed.success) cursor = parsed.data;
    } catch {
      // same
    }
  }
  return {
    scope: scopeOf(c.scopeKind.S, c.scopeId.S),
    cursor,
    round: Number(c.round.N),
    removed: Number(c.removed.N),
    startedAt: c.startedAt.S,
  };
}
