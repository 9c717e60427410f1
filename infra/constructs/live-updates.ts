/**
 * Live updates' publisher (lambdas/live/handler.ts, docs/live-updates.md): the table's stream,
 * filtered to milestone changes (core/live.ts's MILESTONE_CHANGE_PATTERNS), into one
 * `publishMilestoneChange` call per change, signed with the function's role (AppSync's IAM
 * mode). The role may call that one field and read the stream; nothing on the table itself.
 *
 * A live update is only worth something while fresh: records older than 5 minutes are
 * dropped rather than retried for hours (the dashboard reloads its list on reconnect), so
 * there is no dead-letter queue. Errors and a growing backlog raise alarms.
 */
import { Duration, Validations, type RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { GraphqlApi } from "aws-cdk-lib/aws-appsync";
import { FilterCriteria, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { MILESTONE_CHANGE_PATTERNS } from "../../core/live";
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

export class LiveUpdates extends Construct {
  readonly function: NodejsFunction;
  readonly errorsAlarm: Alarm;
  readonly backlogAlarm: Alarm;

  constructor(scope: Construct, id: string, props: LiveUpdatesProps) {
    super(scope, id);
    const fn = new WaypointFunction(this, "Handler", {
      entry: "lambdas/live/handler.ts",
      functionName: `${props.prefix}-live-updates`,
      description:
        "Publishes milestone changes to AppSync subscriptions (fed by the table's stream)",
      environment: { APPSYNC_URL: props.graphqlApi.graphqlUrl },
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.function = fn.function;
    // appsync:GraphQL on arn:…:apis/<id>/types/Mutation/fields/publishMilestoneChange only.
    props.graphqlApi.grantMutation(fn.role, "publishMilestoneChange");

    this.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.millis(0),
        retryAttempts: 3,
        reportBatchItemFailures: true,
        maxRecordAge: Duration.minutes(5),
        filters: MILESTONE_CHANGE_PATTERNS.map((pattern) => FilterCriteria.filter(pattern)),
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
        "The live-updates publisher failed: open dashboards miss changes until they reload.",
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
  }
}
