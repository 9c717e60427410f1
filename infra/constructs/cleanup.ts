/**
 * The erasure after a deletion (lambdas/cleanup/handler.ts), driven by the table's own
 * DynamoDB stream through a Lambda event source mapping: AWS's machinery, not ours, keeps
 * the position, retries, bisects and parks what keeps failing.
 *
 * - Event source: the stream (new images), filtered to the records that start or continue a
 *   removal (core's CLEANUP_TRIGGER_PATTERNS: user/org tombstones, `continuing` job items),
 *   so the function is not invoked for the table's ordinary writes. Batches of 10, retries
 *   with bisect-on-error, partial batch responses, and an SQS dead-letter queue on failure.
 * - 15 minutes per invocation; a run hands over before that through its job item.
 * - DynamoDB: exactly the calls lambdas/cleanup/cleanup-store.ts makes (CLEANUP_TABLE_ACCESS),
 *   plus the stream read actions the event source mapping needs.
 * - Alarms: function errors, a growing backlog (IteratorAge), anything in the dead-letter queue.
 */
import { Duration, Validations, type RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { CLEANUP_TRIGGER_PATTERNS } from "../../core/cleanup";
import { functionErrorsAlarm, notify } from "./alarms";
import { WaypointFunction } from "./node-function";
import type { TableAccess, WaypointTable } from "./waypoint-table";

/**
 * What the cleanup's code calls, and nothing more: Query on the table (an org's or a user's
 * partition, an org's audit log) and on GSI1 (a user's memberships) and GSI2 (an org's sync
 * log), BatchWriteItem of DeleteRequests, PutItem of its job item. No Scan, no UpdateItem.
 */
export const CLEANUP_TABLE_ACCESS: TableAccess = {
  actions: ["dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:PutItem"],
  queryIndexes: ["GSI1", "GSI2"],
};

export interface TenantCleanupProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  /** The stage: the `stage` dimension of its metrics. */
  stage: string;
  table: WaypointTable;
  logRetention: RetentionDays;
  /** Of the logs and the dead-letter queue. */
  removalPolicy: RemovalPolicy;
  /** Records per invocation. @default 10 */
  batchSize?: number;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

export class TenantCleanup extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: Queue;
  readonly errorsAlarm: Alarm;
  readonly backlogAlarm: Alarm;
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: TenantCleanupProps) {
    super(scope, id);
    const fn = new WaypointFunction(this, "Handler", {
      entry: "lambdas/cleanup/handler.ts",
      functionName: `${props.prefix}-cleanup`,
      description: "Erases a deleted organization's or user's items (fed by the table's stream)",
      environment: { TABLE_NAME: props.table.table.tableName },
      timeout: Duration.minutes(15),
      memorySize: 512,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      powertools: { service: "cleanup", stage: props.stage },
    });
    this.function = fn.function;
    props.table.grant(fn.role, CLEANUP_TABLE_ACCESS);

    // What the event source could not deliver after its retries: the stream record's
    // metadata (shard, sequence numbers), never the item. Redrive by writing the job item.
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      queueName: `${props.prefix}-cleanup-dlq`,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: "AwsSolutions::AwsSolutions-SQS3",
      reason:
        "This queue is itself the cleanup's dead-letter destination (the event source " +
        "mapping's on-failure target); a dead-letter queue of its own would only move the problem.",
    });

    this.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: props.batchSize ?? 10,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // The stream keeps records for 24 h; a record older than that is gone anyway.
        maxRecordAge: Duration.hours(24),
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: CLEANUP_TRIGGER_PATTERNS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );
    // The stream grant includes dynamodb:ListStreams, which IAM only grants on "*".
    Validations.of(fn.role).acknowledge({
      id: "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
      reason:
        "dynamodb:ListStreams has no resource-level permission (IAM requires Resource *); the " +
        "stream read actions (DescribeStream, GetRecords, GetShardIterator) are on this table's stream only.",
    });

    this.errorsAlarm = functionErrorsAlarm(this, this.function, {
      alarmName: `${props.prefix}-cleanup-errors`,
      alarmDescription:
        "The cleanup failed: the event source retries it, but a deleted tenant's data is still there.",
      alarmTopicArn: props.alarmTopicArn,
    });
    this.backlogAlarm = notify(
      this,
      new Alarm(this, "BacklogAlarm", {
        alarmName: `${props.prefix}-cleanup-backlog`,
        alarmDescription:
          "The cleanup falls behind the table's stream (IteratorAge): records older than 24 h are lost.",
        metric: this.function.metric("IteratorAge", {
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        // 30 minutes behind, three periods in a row: well before the stream's 24 h.
        threshold: 30 * 60_000,
        evaluationPeriods: 3,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
    this.deadLettersAlarm = notify(
      this,
      new Alarm(this, "DeadLettersAlarm", {
        alarmName: `${props.prefix}-cleanup-dead-letters`,
        alarmDescription:
          "A cleanup run gave up after its retries (see the dead-letter queue): redrive it.",
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
