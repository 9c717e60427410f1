/**
 * The stateless half of a stage: the authorizer, the GraphQL API, the webhook receiver, the
 * cleanup that erases deleted tenants and the live-updates publisher.
 * Each construct carries its own defaults, grants and alarms; this only wires them.
 */
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { ApiDefinition } from "../../api/resolver-map";
import type { ApiCode } from "../api-code";
import type { WaypointConfig } from "../config";
import { Authorizer } from "../constructs/authorizer";
import { TenantCleanup } from "../constructs/cleanup";
import { LiveUpdates } from "../constructs/live-updates";
import { Operations } from "../constructs/operations";
import { WaypointGraphqlApi } from "../constructs/graphql-api";
import { WebhookReceiver } from "../constructs/webhook";
import type { WaypointTable } from "../constructs/waypoint-table";

export interface ApiStackProps extends StackProps {
  config: WaypointConfig;
  table: WaypointTable;
  api: ApiDefinition;
  code: ApiCode;
}

export class ApiStack extends Stack {
  readonly authorizer: Authorizer;
  readonly graphqlApi: WaypointGraphqlApi;
  readonly webhook: WebhookReceiver;
  readonly cleanup: TenantCleanup;
  readonly liveUpdates: LiveUpdates;
  /** The stage's dashboard and cross-cutting alarms; other stacks add their functions. */
  readonly operations: Operations;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, table } = props;
    const shared = {
      prefix: config.prefix,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    };
    this.authorizer = new Authorizer(this, "Authorizer", {
      ...shared,
      stage: config.stage,
      clerk: config.clerk,
      allowImpersonation: config.allowImpersonation,
      cacheTtlSeconds: config.authCacheTtlSeconds,
      alarmTopicArn: config.alarmTopicArn,
    });
    this.graphqlApi = new WaypointGraphqlApi(this, "GraphqlApi", {
      ...shared,
      api: props.api,
      code: props.code,
      table,
      authorizer: this.authorizer.function,
      resultsCacheTtl: Duration.seconds(config.authCacheTtlSeconds),
      introspection: config.introspection,
    });
    this.webhook = new WebhookReceiver(this, "Webhook", {
      ...shared,
      stage: config.stage,
      table,
      reservedConcurrency: config.webhookReservedConcurrency,
      sourceCidrs: config.webhookSourceCidrs,
      rateLimitPer5Min: config.webhookRateLimitPer5Min,
      alarmTopicArn: config.alarmTopicArn,
    });
    this.cleanup = new TenantCleanup(this, "Cleanup", {
      ...shared,
      stage: config.stage,
      table,
      alarmTopicArn: config.alarmTopicArn,
    });

    // Live updates: the stream publisher, and the webhook's end of a removed member's
    // subscriptions (docs/live-updates.md). Each role may call its one internal field.
    this.liveUpdates = new LiveUpdates(this, "LiveUpdates", {
      ...shared,
      table,
      graphqlApi: this.graphqlApi.graphqlApi,
      alarmTopicArn: config.alarmTopicArn,
    });
    this.webhook.function.addEnvironment("APPSYNC_URL", this.graphqlApi.graphqlApi.graphqlUrl);
    this.graphqlApi.graphqlApi.grantMutation(
      this.webhook.function,
      "invalidateMemberSubscriptions",
    );

    this.operations = new Operations(this, "Operations", {
      prefix: config.prefix,
      stage: config.stage,
      webhookApiName: this.webhook.api.restApiName,
      graphqlApiId: this.graphqlApi.graphqlApi.apiId,
      authorizerFunctionName: this.authorizer.function.functionName,
      cleanupFunctionName: this.cleanup.function.functionName,
      alarmTopicArn: config.alarmTopicArn,
    });
    // The webhook's throttles alarm is its construct's own.
    this.operations.addFunction({
      label: "webhook",
      functionName: this.webhook.function.functionName,
      alarmOnThrottles: false,
    });
    this.operations.addFunction({
      label: "authorizer",
      functionName: this.authorizer.function.functionName,
    });
    this.operations.addFunction({
      label: "cleanup",
      functionName: this.cleanup.function.functionName,
    });

    new CfnOutput(this, "GraphqlUrl", {
      description: "The dashboard's GraphQL endpoint",
      value: this.graphqlApi.graphqlApi.graphqlUrl,
    });
    new CfnOutput(this, "WebhookUrl", {
      description: "Clerk → Webhooks → Add endpoint",
      value: this.webhook.url,
    });
    new CfnOutput(this, "WebhookSecretArn", {
      description: "Store Clerk's signing secret here (aws secretsmanager put-secret-value)",
      value: this.webhook.signingSecret.secretArn,
    });
  }
}
