/**
 * The Clerk webhook receiver (lambdas/webhook/handler.ts) behind a Function URL.
 *
 * - Auth NONE on the URL: Clerk (Svix) cannot sign AWS requests; the svix signature over the
 *   raw body, checked by the handler before anything is written, is the authentication.
 * - The signing secret lives in Secrets Manager (a placeholder until you store Clerk's
 *   value, docs/deploy.md) and is read once per cold start through the AWS Parameters and
 *   Secrets extension; the function may read that one secret and nothing else.
 * - DynamoDB: exactly the calls lambdas/webhook/mirror-store.ts makes (see WEBHOOK_TABLE_ACCESS).
 * - 10 s timeout, under Svix's 15 s; reserved concurrency so that a burst of retries can
 *   neither starve the account nor be starved by it.
 * - An alarm on 5xx answers (which Svix retries, but which mean the mirror is behind).
 */
import { Duration, Validations, type RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  FunctionUrlAuthType,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
  type FunctionUrl,
} from "aws-cdk-lib/aws-lambda";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { notify } from "./alarms";
import { WaypointFunction } from "./node-function";
import type { TableAccess, WaypointTable } from "./waypoint-table";

/**
 * What the webhook's code calls (lambdas/webhook/mirror-store.ts), and nothing more:
 * TransactWriteItems of Put, Delete and ConditionCheck elements (IAM checks each element's
 * own action), a conditional PutItem, BatchWriteItem of DeleteRequests (the cascade), and
 * Query on the table (an org's members) and on GSI1 (a user's orgs). No GetItem, no
 * UpdateItem, no Scan (reconcile's Scan runs from an operator's machine, not here).
 */
export const WEBHOOK_TABLE_ACCESS: TableAccess = {
  actions: [
    "dynamodb:PutItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:Query",
  ],
  queryIndexes: ["GSI1"],
};

export interface WebhookReceiverProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  table: WaypointTable;
  /** @default none reserved */
  reservedConcurrency?: number;
  logRetention: RetentionDays;
  /** Of the secret and the logs. */
  removalPolicy: RemovalPolicy;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

export class WebhookReceiver extends Construct {
  readonly function: NodejsFunction;
  readonly url: FunctionUrl;
  readonly signingSecret: Secret;
  readonly serverErrorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: WebhookReceiverProps) {
    super(scope, id);
    this.signingSecret = new Secret(this, "SigningSecret", {
      secretName: `${props.prefix}/clerk-webhook-signing-secret`,
      description:
        "Clerk webhook signing secret (whsec_…). Generated placeholder until you store Clerk's value (docs/deploy.md).",
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.signingSecret).acknowledge({
      id: "AwsSolutions::AwsSolutions-SMG4",
      reason:
        "Clerk issues this secret; Secrets Manager cannot rotate it. Rotate it in Clerk " +
        "(Webhooks → endpoint → Signing Secret → Rotate) and store the new value (docs/deploy.md).",
    });

    const fn = new WaypointFunction(this, "Handler", {
      entry: "lambdas/webhook/handler.ts",
      functionName: `${props.prefix}-webhook`,
      description: "Clerk webhook receiver: mirrors users, organizations and memberships",
      environment: {
        TABLE_NAME: props.table.table.tableName,
        CLERK_WEBHOOK_SECRET_ARN: this.signingSecret.secretArn,
      },
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrency,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(
        ParamsAndSecretsVersions.V1_0_103,
        {
          cacheEnabled: true,
          // Only matters until the real secret is stored: the function keeps what it read.
          secretsManagerTtl: Duration.seconds(60),
          logLevel: ParamsAndSecretsLogLevel.WARN,
        },
      ),
    });
    this.function = fn.function;

    props.table.grant(fn.role, WEBHOOK_TABLE_ACCESS);
    // GetSecretValue on this one secret: not grantRead, which adds DescribeSecret.
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.signingSecret.secretArn],
      }),
    );

    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    this.serverErrorsAlarm = notify(
      this,
      new Alarm(this, "ServerErrorsAlarm", {
        alarmName: `${props.prefix}-webhook-5xx`,
        alarmDescription:
          "The Clerk webhook answered 5xx: Svix retries, but the mirror is behind until it succeeds.",
        metric: this.function.metric("Url5xxCount", {
          period: Duration.minutes(5),
          statistic: "Sum",
        }),
        // One 503 is a transaction conflict Svix's retry absorbs; several are an outage.
        threshold: 3,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
  }
}
