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
 * (ReportBatchItemFailures): nothing is skipped, and records of one key keep their order. The
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

export function createLivePublisher(deps: LivePublisherDeps) {
  const log = deps.log ?? ((line: string) => console.log(line));
  const invalidate = subscriptionInvalidator(deps.appsync);
  return async (event: { Records: StreamRecordShape[] }) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? "";
      if (failures.length) {
        failures.push({ itemIdentifier: id });
        continue;
      }
      try {
        const effect = liveEffectOf({
          eventName: record.eventName,
          keys: plain(record.dynamodb?.Keys),
          newImage: plain(record.dynamodb?.NewImage),
          createdAt: record.dynamodb?.ApproximateCreationDateTime,
        });
        if (effect?.kind === "publish")
          await deps.appsync(PUBLISH_MILESTONE_CHANGE, { change: effect.change });
        else if (effect?.kind === "invalidate") await invalidate(effect.target);
      } catch (failure) {
        log(
          JSON.stringify({
            level: "ERROR",
            message: "live update not applied",
            record: id,
            error: failure instanceof Error ? failure.message.slice(0, 200) : "error",
          }),
        );
        failures.push({ itemIdentifier: id });
      }
    }
    return { batchItemFailures: failures };
  };
}
