/**
 * The live-updates publisher: a DynamoDB stream consumer (the table's stream, filtered by
 * core/live.ts's LIVE_UPDATE_PATTERNS) that applies core's one rule (`liveEffectOf`) to each
 * record:
 * - a milestone write — created, updated, deleted, one record per milestone of a bulk
 *   deletion — becomes one `publishMilestoneChange` call; AppSync delivers it to the
 *   subscriptions whose filter (their caller's scope) it matches;
 * - a membership removed or rewritten, an org's or a user's tombstone becomes one
 *   `invalidateMemberSubscriptions` call, which ends the matching subscriptions;
 * - anything else (counters, saved views, …) does nothing.
 * Both calls are AppSync's IAM mode; the function's role may call those two fields only.
 *
 * A record that fails (AppSync unreachable or erring, an image that does not parse) reports
 * itself and the batch's rest as failed, so the event source mapping retries from there
 * (ReportBatchItemFailures): nothing is skipped, and one milestone's changes keep their
 * order (different milestones' are published concurrently: `createLivePublisher`). The
 * mapping's retries are bounded; then the record goes to its dead-letter queue and the shard
 * moves on (infra/constructs/live-updates.ts), so a poison record cannot block it for good.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { liveEffectOf } from "../../core/live";
import type { IamGraphQLClient } from "../appsync-iam/client";
import { subscriptionInvalidator } from "./invalidate";

export const PUBLISH_MILESTONE_CHANGE = `mutation PublishMilestoneChange($change: MilestoneChangeInput!) {
  publishMilestoneChange(change: $change) {
    kind
    milestoneId
    actorId
    orgId
    audience
    at
    milestone { id scope orgId ownerId title description status dueDate createdAt updatedAt version }
  }
}`;

interface StreamRecordShape {
  eventID?: string | undefined;
  eventName?: string | undefined;
  dynamodb?: {
    Keys?: unknown;
    NewImage?: unknown;
    ApproximateCreationDateTime?: number;
    SequenceNumber?: string;
  };
}

export interface LivePublisherDeps {
  appsync: IamGraphQLClient;
  log?: (line: string) => void;
}

const plain = (image: unknown) =>
  image && typeof image === "object"
    ? unmarshall(image as Record<string, AttributeValue>)
    : undefined;

/** How many milestones' changes of one batch are published at once. */
export const PUBLISH_CONCURRENCY = 10;

type Effect = ReturnType<typeof liveEffectOf>;

/**
 * Which records must keep their order: one milestone's changes (created → updated → deleted)
 * share a lane; different milestones' changes do not depend on each other. Invalidations of
 * one target share a lane too (one call serves them all).
 */
const laneOf = (effect: Effect) => {
  if (effect?.kind === "publish") return `${effect.change.audience}/${effect.change.milestoneId}`;
  // Invalidations need no order among themselves; the same target twice is one call.
  if (effect?.kind === "invalidate") return `invalidate/${JSON.stringify(effect.target)}`;
  return null;
};

export function createLivePublisher(deps: LivePublisherDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const invalidate = subscriptionInvalidator(deps.appsync);
  const fail = (id: string, failure: unknown) =>
    log(
      JSON.stringify({
        level: "ERROR",
        message: "live update not applied",
        record: id,
        error: failure instanceof Error ? failure.message.slice(0, 200) : "error",
      }),
    );
  const apply = async (effect: Effect) => {
    if (effect?.kind === "publish")
      await deps.appsync(PUBLISH_MILESTONE_CHANGE, { change: effect.change });
    else if (effect?.kind === "invalidate") await invalidate(effect.target);
  };

  /**
   * Applies a run of records — all publishes, or all invalidations — lanes in parallel, each
   * lane in order and stopped at its first failure (an invalidation lane: one call for its
   * target, however often the run names it). Answers the lowest failed index, or null.
   */
  async function applyRun(run: { index: number; id: string; effect: Effect }[]) {
    const lanes = new Map<string, typeof run>();
    for (const item of run) {
      const lane = laneOf(item.effect);
      if (lane === null) continue;
      lanes.set(lane, [...(lanes.get(lane) ?? []), item]);
    }
    const queue = [...lanes.values()];
    let lowest: number | null = null;
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift())
        for (const item of lane) {
          try {
            await apply(item.effect);
          } catch (failure) {
            fail(item.id, failure);
            lowest = lowest === null ? item.index : Math.min(lowest, item.index);
            break;
          }
          if (item.effect?.kind === "invalidate") break; // the target's subscriptions are ended
        }
    };
    await Promise.all(Array.from({ length: Math.min(PUBLISH_CONCURRENCY, queue.length) }, worker));
    return lowest;
  }

  /**
   * One batch: milestone changes are published concurrently across milestones (a colleague's
   * bulk edit of 25 rows is 25 calls at once, not 25 round trips in a row), in order per
   * milestone; invalidations are barriers — everything before them is delivered first and
   * nothing after them starts until they are done, so no change that follows a removal in the
   * stream reaches the removed member. Consecutive invalidations (a webhook burst's membership
   * writes) run concurrently with each other, one call per target. A failure reports the
   * lowest failed record and every later one, so the mapping retries from there (later
   * records of other milestones that were delivered may be delivered again: subscribers
   * de-duplicate by version).
   */
  return async (event: { Records: StreamRecordShape[] }) => {
    const records = event.Records.map((record, index) => ({
      index,
      id: record.dynamodb?.SequenceNumber ?? record.eventID ?? "",
      record,
    }));
    const failedFrom = (index: number) => ({
      batchItemFailures: records.slice(index).map(({ id }) => ({ itemIdentifier: id })),
    });
    // Read every record first: one that does not parse (a bug to see, not to skip) ends the
    // batch before it, so the retry starts at it without repeating what came after.
    const items: { index: number; id: string; effect: Effect }[] = [];
    for (const { index, id, record } of records) {
      try {
        items.push({
          index,
          id,
          effect: liveEffectOf({
            eventName: record.eventName,
            keys: plain(record.dynamodb?.Keys),
            newImage: plain(record.dynamodb?.NewImage),
            createdAt: record.dynamodb?.ApproximateCreationDateTime,
          }),
        });
      } catch (failure) {
        fail(id, failure);
        break;
      }
    }
    // Runs of one kind in stream order: publishes, then the invalidations after them, ….
    const runs: (typeof items)[] = [];
    for (const item of items) {
      const invalidates = item.effect?.kind === "invalidate";
      const last = runs.at(-1);
      if (last && (last[0]?.effect?.kind === "invalidate") === invalidates) last.push(item);
      else runs.push([item]);
    }
    for (const run of runs) {
      const failed = await applyRun(run);
      if (failed !== null) return failedFrom(failed);
    }
    return items.length < records.length ? failedFrom(items.length) : { batchItemFailures: [] };
  };
}
