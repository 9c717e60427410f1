/**
 * The cleanup Lambda's logic, built from its dependencies so that the Lambda entry point
 * (handler.ts), the local stream poller (local/streams/) and the tests share it. A DynamoDB
 * Streams event in (already narrowed by the event-source filter, core's
 * CLEANUP_TRIGGER_PATTERNS), `{ batchItemFailures }` out (ReportBatchItemFailures): a record
 * whose run fails is reported, and the event source retries from it, bisecting, then sends
 * it to the on-failure destination.
 *
 * Each record asks for one run (core/cleanup.ts): page through the deleted scope's designed
 * keys and delete what is found, a BatchWriteItem of up to 25 at a time. Before the
 * invocation runs out of time the run hands over: it writes the job item as `continuing`
 * with its cursor, and that write's stream record starts the next invocation. A crash
 * anywhere costs nothing but time: the record is retried, re-queries and finds what is left.
 *
 * Logs and metrics through Powertools (lambdas/telemetry/): a JSON log line per batch,
 * hand-over and erasure with ids and counts, never an item's content; the metrics of
 * ./metrics.ts (items deleted, batch duration, scopes erased, hand-overs) and the cold start.
 */
import { z } from "zod";
import {
  cleanupJobItem,
  cleanupRequestFromImage,
  cleanupTargets,
  isKeptForGood,
  type CleanupCursor,
  type CleanupJob,
  type CleanupRequest,
} from "../../core/cleanup";
import type { ItemKey } from "../../core/table";
import { MAX_BATCH, type CleanupStore } from "./cleanup-store";
import { createTelemetry, type LineSink } from "../telemetry/telemetry";
import { recordCleanup } from "./metrics";

/** What the cleanup reads of Lambda's context. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  /** On Lambda; the local poller has none. */
  awsRequestId?: string;
}

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export type CleanupHandler = (event: unknown, context: InvocationContext) => Promise<BatchResult>;

export interface CleanupDeps {
  store: CleanupStore;
  /**
   * Where its log and metric lines go (one JSON object each).
   * @default stdout, as Powertools writes on Lambda
   */
  log?: LineSink;
  /** @default process.env (WAYPOINT_STAGE, LOG_LEVEL) */
  env?: Record<string, string | undefined>;
  /** @default Date.now */
  now?: () => number;
  /**
   * A run starts no new page when the invocation has less than this left, and hands over.
   * @default 60_000 (a page takes well under a second; the margin absorbs throttling)
   */
  reserveMs?: number;
  /** Keys read per Query page. @default 200 */
  pageSize?: number;
  /** BatchWriteItems in flight at once. @default 4 */
  concurrency?: number;
}

const streamEventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string().optional(),
      dynamodb: z.object({ SequenceNumber: z.string(), NewImage: z.unknown().optional() }),
    }),
  ),
});

export type RunOutcome = "done" | "continued";

export function createCleanupHandler(deps: CleanupDeps): CleanupHandler {
  const { store } = deps;
  const telemetry = createTelemetry("cleanup", {
    ...(deps.log ? { output: deps.log } : {}),
    ...(deps.env ? { env: deps.env } : {}),
  });
  const { logger } = telemetry;
  const now = deps.now ?? Date.now;
  const reserveMs = deps.reserveMs ?? 60_000;
  const pageSize = deps.pageSize ?? 200;
  const concurrency = deps.concurrency ?? 4;

  async function deleteAll(keys: ItemKey[]) {
    const batches: ItemKey[][] = [];
    for (let i = 0; i < keys.length; i += MAX_BATCH) batches.push(keys.slice(i, i + MAX_BATCH));
    for (let i = 0; i < batches.length; i += concurrency) {
      await Promise.all(batches.slice(i, i + concurrency).map((batch) => store.deleteBatch(batch)));
    }
  }

  async function run(
    request: CleanupRequest,
    context: InvocationContext,
    keys: Record<string, string>,
  ): Promise<RunOutcome> {
    const { scope } = request;
    const scopeKind = scope.kind;
    const scopeId = scope.kind === "org" ? scope.orgId : scope.userId;
    const iso = () => new Date(now()).toISOString();
    const job = (
      phase: CleanupJob["phase"],
      fields: { round: number; removed: number; cursor?: CleanupCursor },
    ): CleanupJob => ({ scope, phase, startedAt, updatedAt: iso(), ...fields });
    const startedAt = request.startedAt ?? iso();
    let removed = request.removed;
    if (request.startedAt === undefined) {
      await store.put(cleanupJobItem(job("deleting", { round: request.round, removed })));
    }
    const targets = cleanupTargets(scope);
    for (let t = request.cursor.target; t < targets.length; t++) {
      const target = targets[t];
      if (!target) break;
      let startKey = t === request.cursor.target ? request.cursor.startKey : undefined;
      for (;;) {
        if (context.getRemainingTimeInMillis() < reserveMs) {
          const cursor: CleanupCursor = { target: t, ...(startKey ? { startKey } : {}) };
          await store.put(
            cleanupJobItem(job("continuing", { round: request.round + 1, removed, cursor })),
          );
          logger.info("handing over", {
            ...keys,
            scopeKind,
            scopeId,
            round: request.round + 1,
            removed,
          });
          recordCleanup(telemetry, scopeKind, { handovers: 1 });
          return "continued";
        }
        const started = performance.now();
        const page = await store.queryKeys(target.spec, {
          consistent: target.consistent,
          limit: pageSize,
          ...(startKey ? { startKey } : {}),
        });
        const doomed = page.keys.filter((key) => !isKeptForGood(key));
        await deleteAll(doomed);
        removed += doomed.length;
        if (doomed.length > 0) {
          logger.info("deleted a batch", {
            ...keys,
            scopeKind,
            scopeId,
            target: target.name,
            removed,
          });
          recordCleanup(telemetry, scopeKind, {
            itemsDeleted: doomed.length,
            batchDuration: Math.round(performance.now() - started),
          });
        }
        startKey = page.lastKey;
        if (!startKey) break;
      }
    }
    await store.put(cleanupJobItem(job("done", { round: request.round, removed })));
    logger.info("erased", { ...keys, scopeKind, scopeId, removed, rounds: request.round + 1 });
    recordCleanup(telemetry, scopeKind, { scopesErased: 1 });
    return "done";
  }

  return async (rawEvent, context) => {
    telemetry.coldStart();
    const event = streamEventSchema.parse(rawEvent);
    // Passed per call rather than appended: the local poller shares one logger.
    // (`?.`: a caller outside Lambda, such as the bundle smoke test, may pass none.)
    const keys: Record<string, string> = context?.awsRequestId
      ? { request_id: context.awsRequestId }
      : {};
    for (const record of event.Records) {
      const request = cleanupRequestFromImage(record.dynamodb.NewImage);
      if (!request) continue; // not ours: the filter should not have let it through
      try {
        await run(request, context, keys);
      } catch (failure) {
        logger.error("run failed; the event source retries it", {
          ...keys,
          scopeKind: request.scope.kind,
          error: failure instanceof Error ? failure.name : "error",
        });
        // The event source retries from this record; the ones after it wait for it.
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  };
}
