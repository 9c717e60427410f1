/**
 * The Clerk webhook receiver (lambdas/webhook/handler.ts) behind API Gateway and AWS WAF
 * (docs/infra.md, "The webhook's front door"), so that junk is refused before it costs a
 * Lambda invocation and a flood cannot take the receiver's reserved concurrency:
 *
 * - AWS WAF (regional, on the API's stage): only Svix's published source addresses (CDK
 *   context `webhookSourceCidrs`) carrying a `svix-signature` header are allowed, and no
 *   address more than `webhookRateLimitPer5Min` requests in 5 minutes; everything else 403.
 * - API Gateway (REST, regional): `POST /webhooks/clerk` only; the three svix headers are
 *   required by a request validator (400 without invoking Lambda); stage throttling.
 * - No Function URL: the function may be invoked by this API's method and nobody else, so
 *   nothing goes around the WAF. No authorizer: Clerk (Svix) cannot sign AWS requests; the
 *   svix signature over the raw body, checked by the handler before anything is written, is
 *   the authentication.
 * - The signing secret lives in Secrets Manager (a placeholder until you store Clerk's
 *   value, docs/deploy.md) and is read once per cold start through the AWS Parameters and
 *   Secrets extension; the function may read that one secret and nothing else.
 * - DynamoDB: exactly the calls lambdas/webhook/mirror-store.ts makes (see WEBHOOK_TABLE_ACCESS).
 * - 10 s timeout, under Svix's 15 s; reserved concurrency so that a burst of retries can
 *   neither starve the account nor be starved by it.
 * - Alarms: 5xx answers (which Svix retries, but which mean the mirror is behind), the
 *   function's throttles, and the WAF's rate rule blocking.
 */
import { Duration, Stack, Validations, type RemovalPolicy } from "aws-cdk-lib";
import {
  EndpointType,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  MethodLoggingLevel,
  RestApi,
} from "aws-cdk-lib/aws-apigateway";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from "aws-cdk-lib/aws-lambda";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { CfnIPSet, CfnWebACL, CfnWebACLAssociation } from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import { functionThrottlesAlarm, notify } from "./alarms";
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
  /** The stage: the `stage` dimension of its metrics. */
  stage: string;
  table: WaypointTable;
  /** @default none reserved */
  reservedConcurrency?: number;
  logRetention: RetentionDays;
  /** Of the secret and the logs. */
  removalPolicy: RemovalPolicy;
  /** Source CIDRs allowed through the WAF (IPv4 and IPv6), or "any" for no allow-list. */
  sourceCidrs: readonly string[] | "any";
  /** Requests per source address per 5 minutes before the WAF blocks it. */
  rateLimitPer5Min: number;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

/** The API's own limits, under the WAF's: Clerk sends a few deliveries a second at most. */
const STAGE_RATE_LIMIT = 50;
const STAGE_BURST_LIMIT = 100;

export class WebhookReceiver extends Construct {
  readonly function: NodejsFunction;
  readonly api: RestApi;
  /** What to give Clerk: `https://<api>.execute-api.<region>.amazonaws.com/v1/webhooks/clerk`. */
  readonly url: string;
  readonly webAcl: CfnWebACL;
  readonly signingSecret: Secret;
  readonly serverErrorsAlarm: Alarm;
  /** The function was throttled: its reserved concurrency is taken (a flood, or a backlog). */
  readonly throttlesAlarm: Alarm;
  /** The WAF's rate rule blocked an address (someone floods, or Clerk's burst hit the limit). */
  readonly rateLimitedAlarm: Alarm;

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
      powertools: { service: "webhook", stage: props.stage },
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

    // ---- API Gateway ---------------------------------------------------------------
    this.api = new RestApi(this, "Api", {
      restApiName: `${props.prefix}-webhook`,
      description: "Clerk webhook receiver (Svix deliveries), behind AWS WAF",
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // The account-wide CloudWatch role is not this app's to create (cdk.json's flag too).
      cloudWatchRole: false,
      deployOptions: {
        stageName: "v1",
        throttlingRateLimit: STAGE_RATE_LIMIT,
        throttlingBurstLimit: STAGE_BURST_LIMIT,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.OFF,
      },
    });
    // Refused by API Gateway itself, without invoking the function: a request without the
    // three svix headers, or whose body is not a JSON object (Clerk's events always are).
    // Anything finer is the handler's: a signed event of the wrong shape must still be
    // answered 200 (recorded as failed) so that Svix does not retry it for a day.
    const validator = this.api.addRequestValidator("SvixRequest", {
      requestValidatorName: `${props.prefix}-webhook-svix-request`,
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const jsonObject = this.api.addModel("JsonObject", {
      modelName: "JsonObject",
      contentType: "application/json",
      schema: { schema: JsonSchemaVersion.DRAFT4, type: JsonSchemaType.OBJECT },
    });
    this.api.root
      .addResource("webhooks")
      .addResource("clerk")
      .addMethod(
        "POST",
        // Proxy integration; the permission it adds names this method's ARN only, and no
        // test-invoke permission is added.
        new LambdaIntegration(this.function, { allowTestInvoke: false }),
        {
          requestValidator: validator,
          requestModels: { "application/json": jsonObject },
          requestParameters: {
            "method.request.header.svix-id": true,
            "method.request.header.svix-timestamp": true,
            "method.request.header.svix-signature": true,
          },
        },
      );
    this.url = this.api.urlForPath("/webhooks/clerk");
    Validations.of(this.api).acknowledge(
      {
        id: "AwsSolutions::AwsSolutions-APIG4",
        reason:
          "Svix cannot sign AWS requests or present a token: the svix signature over the raw " +
          "body, verified by the handler before any write, authenticates each delivery; the " +
          "WAF admits only Svix's source addresses.",
      },
      {
        id: "AwsSolutions::AwsSolutions-COG4",
        reason:
          "The caller is Svix, not a Cognito user: there is no user pool to authorize against; " +
          "the svix signature is the authentication (see APIG4).",
      },
    );
    Validations.of(this.api.deploymentStage).acknowledge(
      {
        id: "AwsSolutions::AwsSolutions-APIG1",
        reason:
          "API Gateway logs to CloudWatch only through the account-wide CloudWatch role, a " +
          "per-account singleton this app does not own. Every delivery that reaches the " +
          "function is logged by it (svix-id, type, outcome); refusals are counted by the " +
          "WAF's and the stage's metrics, and sampled by the WAF.",
      },
      {
        id: "AwsSolutions::AwsSolutions-APIG6",
        reason:
          "Execution logging needs the same account-wide CloudWatch role (see APIG1); the " +
          "handler's own logs and the stage's metrics cover this one method.",
      },
    );

    // ---- AWS WAF ---------------------------------------------------------------------
    const region = Stack.of(this).region;
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const hasSvixSignature = {
      sizeConstraintStatement: {
        fieldToMatch: { singleHeader: { Name: "svix-signature" } },
        comparisonOperator: "GT",
        size: 0,
        textTransformations: [{ priority: 0, type: "NONE" }],
      },
    };
    const allowFrom: CfnWebACL.StatementProperty[] = [];
    if (props.sourceCidrs !== "any") {
      const v4 = props.sourceCidrs.filter((cidr) => !cidr.includes(":"));
      const v6 = props.sourceCidrs.filter((cidr) => cidr.includes(":"));
      const sets = [
        ["IPV4", v4],
        ["IPV6", v6],
      ] as const;
      for (const [version, addresses] of sets) {
        if (addresses.length === 0) continue;
        const set = new CfnIPSet(this, `Sources${version}`, {
          name: `${props.prefix}-webhook-sources-${version.toLowerCase()}`,
          description: "Where Clerk webhooks come from: the Svix published source addresses",
          scope: "REGIONAL",
          ipAddressVersion: version,
          addresses: [...addresses],
        });
        allowFrom.push({ ipSetReferenceStatement: { arn: set.attrArn } });
      }
    }
    const fromSources: CfnWebACL.StatementProperty | undefined =
      allowFrom.length === 0
        ? undefined
        : allowFrom.length === 1
          ? allowFrom[0]
          : { orStatement: { statements: allowFrom } };
    this.webAcl = new CfnWebACL(this, "WebAcl", {
      name: `${props.prefix}-webhook`,
      description: "Only Svix, at a bounded rate, reaches the Clerk webhook",
      scope: "REGIONAL",
      defaultAction: { block: {} },
      visibilityConfig: visibility(`${props.prefix}-webhook`),
      rules: [
        {
          // First: an allowed address that floods is blocked too (Svix's addresses are
          // shared by all its customers, so "from Svix" is not "from our Clerk instance").
          name: "rate-limit",
          priority: 0,
          action: {
            block: { customResponse: { responseCode: 429 } },
          },
          statement: {
            rateBasedStatement: {
              limit: props.rateLimitPer5Min,
              evaluationWindowSec: 300,
              aggregateKeyType: "IP",
            },
          },
          visibilityConfig: visibility(`${props.prefix}-webhook-rate-limit`),
        },
        {
          name: "svix-sources",
          priority: 1,
          action: { allow: {} },
          statement: fromSources
            ? { andStatement: { statements: [fromSources, hasSvixSignature] } }
            : hasSvixSignature,
          visibilityConfig: visibility(`${props.prefix}-webhook-svix-sources`),
        },
      ],
    });
    const association = new CfnWebACLAssociation(this, "WebAclAssociation", {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The stage's ARN is built from its name, which carries no reference: without this the
    // association could be created before the stage exists.
    association.node.addDependency(this.api.deploymentStage);

    // ---- alarms ----------------------------------------------------------------------
    this.serverErrorsAlarm = notify(
      this,
      new Alarm(this, "ServerErrorsAlarm", {
        alarmName: `${props.prefix}-webhook-5xx`,
        alarmDescription:
          "The Clerk webhook answered 5xx: Svix retries, but the mirror is behind until it succeeds.",
        metric: this.api.metricServerError({
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

    this.throttlesAlarm = functionThrottlesAlarm(this, this.function, {
      alarmName: `${props.prefix}-webhook-throttles`,
      alarmDescription:
        "The webhook function was throttled (its reserved concurrency is in use): deliveries " +
        "get 5xx and Svix retries them; a flood got past the WAF, or a backlog is draining.",
      alarmTopicArn: props.alarmTopicArn,
    });
    this.rateLimitedAlarm = notify(
      this,
      new Alarm(this, "RateLimitedAlarm", {
        alarmName: `${props.prefix}-webhook-rate-limited`,
        alarmDescription:
          "AWS WAF's rate rule is blocking an address in front of the webhook: a flood, or " +
          "Clerk bursting past webhookRateLimitPer5Min (Svix retries what is refused).",
        metric: new Metric({
          namespace: "AWS/WAFV2",
          metricName: "BlockedRequests",
          dimensionsMap: {
            WebACL: `${props.prefix}-webhook`,
            Rule: `${props.prefix}-webhook-rate-limit`,
            Region: region,
          },
          period: Duration.minutes(5),
          statistic: "Sum",
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
