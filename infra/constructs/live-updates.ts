/**
 * Live updates' publisher (lambdas/live/handler.ts, docs/live-updates.md): the table's stream,
 * filtered by core/live.ts's LIVE_UPDATE_PATTERNS, into one `publishMilestoneChange` call per
 * milestone change and one `invalidateMemberSubscriptions` call per membership removed or
 * rewritten and per org or user deleted, signed with the function's role (AppSync's IAM
 * mode). The role may call those two fields and read the stream; nothing on the table itself.
 *
 * An invalidation must not be lost (a removed member would keep receiving its org's changes),
 * so AWS's own machinery carries it: the mapping starts at TRIM_HORIZON (a re-created mapping
 * misses nothing the stream still holds), retries a failed record with partial batch
 * responses and bisection, and after a bounded number of retries hands the record's
 * coordinates (shard, sequence numbers; never the item) to an encrypted SQS dead-letter queue
 * and moves on, so a poison record cannot block the shard. Errors, a growing backlog and
 * anything in the dead-letter queue raise alarms.
 */
import { Duration, Validations, type RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { GraphqlApi } from "aws-cdk-lib/aws-appsync";
import { FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { LIVE_UPDATE_PATTERNS } from "../../core/live";
import { functionErrorsAlarm, notify } from "./alarms";
import { WaypointFunction } from "./node-function";
import type { WaypointTable } from "./waypoint-table";

export interface LiveUpdatesProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  table: WaypointTable;
  graphqlApi: GraphqlApi;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

/**
 * The mapping's retry policy, exported for the infra test and docs: retries of a failing
 * record (each after the batch is bisected at it) before it goes to the dead-letter queue.
 * Five attempts cover an AppSync blip of tens of seconds; a longer outage parks records in
 * the queue (redrive: see docs/live-updates.md) instead of holding every later change back.
 */
export const LIVE_UPDATES_RETRY_ATTEMPTS = 5;

export class LiveUpdates extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: Queue;
  readonly errorsAlarm: Alarm;
  readonly backlogAlarm: Alarm;
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: LiveUpdatesProps) {
    super(scope, id);
    const fn = new WaypointFunction(this, "Handler", {
      entry: "lambdas/live/handler.ts",
      functionName: `${props.prefix}-live-updates`,
      description:
        "Publishes milestone changes to AppSync subscriptions and ends revoked ones (fed by the table's stream)",
      environment: { APPSYNC_URL: props.graphqlApi.graphqlUrl },
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.function = fn.function;
    // appsync:GraphQL on arn:…:apis/<id>/types/Mutation/fields/<field> for these two only.
    props.graphqlApi.grantMutation(
      fn.role,
      "publishMilestoneChange",
      "invalidateMemberSubscriptions",
    );

    // What the mapping could not deliver after its retries: the records' coordinates (shard,
    // sequence numbers, times), never the item. Kept 14 days; the stream itself keeps 24 h.
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      queueName: `${props.prefix}-live-updates-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions::AwsSolutions-SQS3",
      reason:
        "This queue is itself the live-updates publisher's dead-letter destination (the event " +
        "source mapping's on-failure target); a dead-letter queue of its own would only move the problem.",
    });

    this.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        // Not LATEST: a mapping re-created by a deployment would skip what was written meanwhile,
        // invalidations included. On first creation it replays up to 24 h of milestone changes:
        // harmless, the dashboard applies a change by its version.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.millis(0),
        retryAttempts: LIVE_UPDATES_RETRY_ATTEMPTS,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // The stream keeps records for 24 h: no age limit of our own that could drop an
        // invalidation unseen (an old milestone change is still correct to apply).
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: LIVE_UPDATE_PATTERNS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
      reason:
        "dynamodb:ListStreams has no resource-level permission (IAM requires Resource *); the " +
        "stream read actions are on this table's stream only.",
    });

    this.errorsAlarm = functionErrorsAlarm(this, this.function, {
      alarmName: `${props.prefix}-live-updates-errors`,
      alarmDescription:
        "The live-updates publisher failed: the mapping retries; open dashboards may see changes late.",
      alarmTopicArn: props.alarmTopicArn,
    });
    this.backlogAlarm = notify(
      this,
      new Alarm(this, "BacklogAlarm", {
        alarmName: `${props.prefix}-live-updates-backlog`,
        alarmDescription:
          "Live updates lag the table's stream by more than a minute (IteratorAge).",
        metric: this.function.metric("IteratorAge", {
          period: Duration.minutes(1),
          statistic: "Maximum",
        }),
        threshold: 60_000,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
    this.deadLettersAlarm = notify(
      this,
      new Alarm(this, "DeadLettersAlarm", {
        alarmName: `${props.prefix}-live-updates-dead-letters`,
        alarmDescription:
          "The live-updates publisher gave records up after its retries (see the dead-letter " +
          "queue): a change was not delivered or a revoked subscription not ended; redrive it.",
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
  }
}
