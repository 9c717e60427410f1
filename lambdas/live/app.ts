/**
 * The live-updates publisher: a DynamoDB stream consumer (the table's stream, filtered by
 * core/live.ts's patterns) that turns each milestone write — created, updated, deleted, one
 * record per milestone of a bulk deletion — into one `publishMilestoneChange` call (AppSync
 * IAM mode; the function's role may call that field only). AppSync then delivers the change
 * to the subscriptions whose filter (their caller's scope) it matches.
 *
 * A call that fails reports its record (and the batch's rest) as failed, so the event source
 * mapping retries from there (ReportBatchItemFailures): nothing is skipped, and records of
 * one milestone keep their order.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { milestoneChangeOf } from "../../core/live";
import type { IamGraphQLClient } from "../appsync-iam/client";

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
  return async (event: { Records: StreamRecordShape[] }) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? "";
      if (failures.length) {
        failures.push({ itemIdentifier: id });
        continue;
      }
      try {
        const change = milestoneChangeOf({
          eventName: record.eventName,
          keys: plain(record.dynamodb?.Keys),
          newImage: plain(record.dynamodb?.NewImage),
          createdAt: record.dynamodb?.ApproximateCreationDateTime,
        });
        if (change) await deps.appsync(PUBLISH_MILESTONE_CHANGE, { change });
      } catch (failure) {
        log(
          JSON.stringify({
            level: "ERROR",
            message: "live update not published",
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
