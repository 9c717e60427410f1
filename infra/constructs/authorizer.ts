/**
 * The AppSync Lambda authorizer (lambdas/authorizer/handler.ts) with its configuration and
 * its alarms. It needs no AWS permission beyond its logs: it verifies tokens against Clerk's
 * JWKS (or a PEM key) and reads nothing else.
 */
import { Annotations, Duration, type RemovalPolicy } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { FilterPattern, MetricFilter, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { ClerkEnvironment } from "../config";
import { functionErrorsAlarm, notify } from "./alarms";
import { WaypointFunction } from "./node-function";

export interface AuthorizerProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  /** The stage: the `stage` dimension of its metrics. */
  stage: string;
  /** undefined: synthesized without Clerk settings; the authorizer then denies everything. */
  clerk: ClerkEnvironment | undefined;
  /** Impersonated sessions: allowed (actor audited) or denied, the authorizer's default. */
  allowImpersonation: boolean;
  /** Upper bound of an allow's cache life (the API's resultsCacheTtl is the same value). */
  cacheTtlSeconds: number;
  logRetention: RetentionDays;
  removalPolicy: RemovalPolicy;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

export class Authorizer extends Construct {
  readonly function: NodejsFunction;
  /** Invocation errors: crashes and timeouts (the handler itself never throws). */
  readonly errorsAlarm: Alarm;
  /** Error logs: a configuration it refused (so it denies all) or a JWKS it cannot fetch. */
  readonly errorLogsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AuthorizerProps) {
    super(scope, id);
    const clerk = Object.fromEntries(
      Object.entries(props.clerk ?? {}).filter((entry): entry is [string, string] =>
        Boolean(entry[1]),
      ),
    );
    if (!props.clerk) {
      Annotations.of(this).addWarningV2(
        "waypoint:clerkSettingsMissing",
        "No Clerk settings in context: this authorizer denies every request. Set them per " +
          "stage in cdk.json or with -c (docs/deploy.md); npm run deploy requires them.",
      );
    }
    const fn = new WaypointFunction(this, "Handler", {
      entry: "lambdas/authorizer/handler.ts",
      functionName: `${props.prefix}-authorizer`,
      description: "AppSync Lambda authorizer: verifies Clerk session tokens",
      environment: {
        ...clerk,
        AUTH_CACHE_TTL_SECONDS: String(props.cacheTtlSeconds),
        WAYPOINT_ALLOW_IMPERSONATION: props.allowImpersonation ? "1" : "0",
      },
      // AppSync waits at most 10 s for an authorizer; a JWKS fetch gives up after 3 s.
      timeout: Duration.seconds(5),
      // Signature checks are CPU: more memory is more CPU, and this is on every cold path.
      memorySize: 512,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      powertools: { service: "authorizer", stage: props.stage },
    });
    this.function = fn.function;

    this.errorsAlarm = functionErrorsAlarm(this, this.function, {
      alarmName: `${props.prefix}-authorizer-errors`,
      alarmDescription: "The authorizer crashed or timed out: requests are being denied.",
      alarmTopicArn: props.alarmTopicArn,
    });

    const errorLogs = new MetricFilter(this, "ErrorLogs", {
      logGroup: fn.logGroup,
      filterPattern: FilterPattern.any(
        // Powertools' level names are upper case.
        FilterPattern.stringValue("$.level", "=", "ERROR"),
        FilterPattern.stringValue("$.event", "=", "jwks.fetch_failed"),
      ),
      metricNamespace: "Waypoint",
      metricName: `${props.prefix}-authorizer-error-logs`,
      metricValue: "1",
    });
    this.errorLogsAlarm = notify(
      this,
      new Alarm(this, "ErrorLogsAlarm", {
        alarmName: `${props.prefix}-authorizer-error-logs`,
        alarmDescription:
          "The authorizer refused its configuration (it denies every request) or cannot fetch Clerk's JWKS.",
        metric: errorLogs.metric({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
  }
}
