/**
 * The stage's operations view: one CloudWatch dashboard and the alarms that read the
 * Lambdas' own metrics (EMF lines from lambdas/telemetry/, names in
 * lambdas/telemetry/names.ts) beside AWS's (Lambda, API Gateway, AppSync). docs/operations.md
 * says what each widget shows and what to do when an alarm fires.
 *
 * - Dashboard `<prefix>-operations`: webhook deliveries by outcome and the failed-delivery
 *   rate; sync lag p50/p99; authorizer allows and denies, denies by reason; cold starts;
 *   the cleanup's backlog (IteratorAge, hand-overs, items deleted); per function errors,
 *   throttles and duration; the webhook API's and the GraphQL API's 4xx/5xx.
 * - Alarms (sent where `notify` sends): failed-delivery rate, sync lag, a spike of
 *   authorizer denials, and throttles of every function added with `addFunction` (the
 *   webhook's throttles alarm is its construct's own).
 * - `addFunction` / `addWidgets`: other stacks' functions (the dashboard's server) join the
 *   same view. Functions are named, not referenced, so no cross-stack reference is made.
 */
import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  PeriodOverride,
  TextWidget,
  TreatMissingData,
  type IWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import { Construct } from "constructs";
import {
  DIMENSIONS,
  METRIC_NAMESPACE,
  METRICS,
  SERVICES,
  WEBHOOK_FAILED_OUTCOMES,
  WEBHOOK_OUTCOMES,
  type ServiceName,
} from "../../lambdas/telemetry/names";
import { notify } from "./alarms";

const PERIOD = Duration.minutes(5);

/** Alarm thresholds, named so that the docs and the tests read the same numbers. */
export const OPERATIONS_THRESHOLDS = {
  /** Percent of deliveries the mirror did not take (failed + 5xx), over 5 minutes… */
  failedDeliveryRatePercent: 10,
  /** …once at least this many deliveries arrived in the period (one failure in two is noise). */
  failedDeliveryMinimum: 5,
  /** p99 sync lag, ms: Clerk → mirror slower than this for two periods in a row. */
  syncLagP99Ms: 5 * 60_000,
  /** Percent of authorizer decisions that are denials… */
  denialRatePercent: 50,
  /** …once at least this many denials happened in the period. */
  denialMinimum: 50,
} as const;

export interface OperationsProps {
  /** `<stage>-waypoint`. */
  prefix: string;
  stage: string;
  /** The webhook's REST API name (its 4xx/5xx). */
  webhookApiName: string;
  /** The AppSync API's id (its 4xx/5xx). */
  graphqlApiId: string;
  /** The authorizer's name: its Invocations are the number of decisions. */
  authorizerFunctionName: string;
  /** The cleanup function's name (its stream IteratorAge is the backlog). */
  cleanupFunctionName: string;
  /** @default alarms without actions */
  alarmTopicArn?: string;
}

export interface OperationsFunction {
  /** How the dashboard names it: "webhook", "dashboard server". */
  label: string;
  functionName: string;
  /** A throttles alarm for it. @default true */
  alarmOnThrottles?: boolean;
}

export class Operations extends Construct {
  readonly dashboard: Dashboard;
  readonly failedDeliveriesAlarm: Alarm;
  readonly syncLagAlarm: Alarm;
  readonly denialSpikeAlarm: Alarm;
  /** By function label, for every function added with a throttles alarm. */
  readonly throttlesAlarms: Record<string, Alarm> = {};
  private readonly props: OperationsProps;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.props = props;
    const { prefix, stage } = props;
    this.dashboard = new Dashboard(this, "Dashboard", {
      dashboardName: `${prefix}-operations`,
      periodOverride: PeriodOverride.AUTO,
      defaultInterval: Duration.hours(6),
    });

    // ---- webhook: deliveries, failures, sync lag -------------------------------------
    const byOutcome = Object.fromEntries(
      WEBHOOK_OUTCOMES.map((outcome) => [
        outcome,
        this.metric(SERVICES.webhook, METRICS.webhook.deliveries, "Sum", {
          [DIMENSIONS.outcome]: outcome,
        }),
      ]),
    );
    // Of the deliveries that were signed and reached the store or failed in it (refusals
    // are junk, counted apart): the share the mirror did not take.
    const taken = WEBHOOK_OUTCOMES.filter((o) => o !== "rejected");
    const usingMetrics = Object.fromEntries(taken.map((o) => [o, byOutcome[o] as Metric]));
    const total = taken.map((o) => `FILL(${o}, 0)`).join(" + ");
    const bad = WEBHOOK_FAILED_OUTCOMES.map((o) => `FILL(${o}, 0)`).join(" + ");
    const failedRate = new MathExpression({
      label: "failed deliveries (%)",
      expression: `IF((${total}) >= ${OPERATIONS_THRESHOLDS.failedDeliveryMinimum}, 100 * (${bad}) / (${total}), 0)`,
      usingMetrics,
      period: PERIOD,
    });
    const syncLag = (statistic: string) =>
      this.metric(SERVICES.webhook, METRICS.webhook.syncLag, statistic).with({
        label: `sync lag ${statistic}`,
      });

    // ---- authorizer: decisions -------------------------------------------------------
    // Only denials are emitted (lambdas/authorizer/metrics.ts: an EMF line per allow cost
    // the hot path a third of its throughput); each invocation decides once, so Lambda's
    // Invocations count the decisions and allows are the difference.
    const decisions = this.lambdaMetric(props.authorizerFunctionName, "Invocations", "Sum").with({
      label: "decisions (invocations)",
    });
    const deny = this.metric(SERVICES.authorizer, METRICS.authorizer.decisions, "Sum", {
      [DIMENSIONS.decision]: "deny",
    }).with({ label: "deny" });
    const allow = new MathExpression({
      label: "allow",
      expression: "MAX([FILL(decisions, 0) - FILL(deny, 0), 0])",
      usingMetrics: { decisions, deny },
      period: PERIOD,
    });
    const denialRate = new MathExpression({
      label: "denials (%)",
      expression: `IF(FILL(deny, 0) >= ${OPERATIONS_THRESHOLDS.denialMinimum} AND FILL(decisions, 0) > 0, 100 * FILL(deny, 0) / FILL(decisions, 0), 0)`,
      usingMetrics: { decisions, deny },
      period: PERIOD,
    });
    // Every reason that occurred, without listing them here (verify.ts's DenyReason).
    const denyReasons = new MathExpression({
      label: "",
      expression:
        `SEARCH('{${METRIC_NAMESPACE},${DIMENSIONS.decision},${DIMENSIONS.reason},` +
        `${DIMENSIONS.service},${DIMENSIONS.stage}} MetricName="${METRICS.authorizer.decisions}" ` +
        `${DIMENSIONS.service}="${SERVICES.authorizer}" ${DIMENSIONS.stage}="${stage}" ` +
        `${DIMENSIONS.decision}="deny"', 'Sum', 300)`,
      usingMetrics: {},
      period: PERIOD,
    });

    // ---- cleanup backlog -------------------------------------------------------------
    const iteratorAge = this.lambdaMetric(props.cleanupFunctionName, "IteratorAge", "Maximum").with(
      {
        label: "stream iterator age (max)",
      },
    );
    const handovers = (scopeKind: string) =>
      this.metric(SERVICES.cleanup, METRICS.cleanup.handovers, "Sum", {
        [DIMENSIONS.scopeKind]: scopeKind,
      }).with({ label: `hand-overs (${scopeKind})` });
    const itemsDeleted = (scopeKind: string) =>
      this.metric(SERVICES.cleanup, METRICS.cleanup.itemsDeleted, "Sum", {
        [DIMENSIONS.scopeKind]: scopeKind,
      }).with({ label: `items deleted (${scopeKind})` });

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# Waypoint ${stage}\nCustom metrics: namespace \`${METRIC_NAMESPACE}\`, dimensions ` +
          "`service` + `stage` (docs/operations.md).",
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Webhook deliveries by outcome",
        left: WEBHOOK_OUTCOMES.map((o) => (byOutcome[o] as Metric).with({ label: o })),
        stacked: true,
        width: 8,
      }),
      new GraphWidget({
        title: "Failed-delivery rate (%)",
        left: [failedRate],
        leftAnnotations: [
          { value: OPERATIONS_THRESHOLDS.failedDeliveryRatePercent, label: "alarm" },
        ],
        width: 8,
      }),
      new GraphWidget({
        title: "Sync lag (ms): receive time − Clerk's updated_at",
        left: [syncLag("p50"), syncLag("p99")],
        leftAnnotations: [{ value: OPERATIONS_THRESHOLDS.syncLagP99Ms, label: "alarm (p99)" }],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Authorizer decisions",
        left: [allow, deny],
        right: [denialRate],
        width: 8,
      }),
      new GraphWidget({
        title: "Authorizer denials by reason",
        left: [denyReasons],
        stacked: true,
        width: 8,
      }),
      new GraphWidget({
        title: "Cold starts",
        left: Object.values(SERVICES).map((service) =>
          this.metric(service, METRICS.coldStart, "Sum").with({ label: service }),
        ),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "Cleanup backlog",
        left: [iteratorAge],
        right: [handovers("org"), handovers("user")],
        width: 12,
      }),
      new GraphWidget({
        title: "Cleanup: items deleted",
        left: [itemsDeleted("org"), itemsDeleted("user")],
        width: 12,
      }),
    );
    const restApi = (metricName: string) =>
      new Metric({
        namespace: "AWS/ApiGateway",
        metricName,
        dimensionsMap: { ApiName: props.webhookApiName },
        statistic: "Sum",
        period: PERIOD,
        label: `webhook API ${metricName}`,
      });
    const appSync = (metricName: string) =>
      new Metric({
        namespace: "AWS/AppSync",
        metricName,
        dimensionsMap: { GraphQLAPIId: props.graphqlApiId },
        statistic: "Sum",
        period: PERIOD,
        label: `GraphQL API ${metricName}`,
      });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: "API errors: 4xx / 5xx",
        left: [restApi("4XXError"), appSync("4XXError")],
        right: [restApi("5XXError"), appSync("5XXError")],
        width: 24,
      }),
    );

    // ---- alarms ----------------------------------------------------------------------
    this.failedDeliveriesAlarm = notify(
      this,
      new Alarm(this, "FailedDeliveriesAlarm", {
        alarmName: `${prefix}-webhook-failed-rate`,
        alarmDescription:
          "Over 10% of Clerk deliveries in 5 minutes were not taken by the mirror (recorded " +
          "as failed, or answered 5xx), two periods running: see docs/operations.md.",
        metric: failedRate,
        threshold: OPERATIONS_THRESHOLDS.failedDeliveryRatePercent,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
    this.syncLagAlarm = notify(
      this,
      new Alarm(this, "SyncLagAlarm", {
        alarmName: `${prefix}-sync-lag`,
        alarmDescription:
          "The mirror is behind Clerk: p99 of (receive time − updated_at) over 5 minutes, two " +
          "periods running (Svix retrying, or a slow receiver): see docs/operations.md.",
        // Unlabelled: a plain metric alarm, not a one-metric math query.
        metric: this.metric(SERVICES.webhook, METRICS.webhook.syncLag, "p99"),
        threshold: OPERATIONS_THRESHOLDS.syncLagP99Ms,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
    this.denialSpikeAlarm = notify(
      this,
      new Alarm(this, "DenialSpikeAlarm", {
        alarmName: `${prefix}-authorizer-denials`,
        alarmDescription:
          "A spike of authorizer denials: at least 50 in 5 minutes and over half of all " +
          "decisions (Clerk keys, a misconfiguration, or someone probing): see docs/operations.md.",
        metric: denialRate,
        threshold: OPERATIONS_THRESHOLDS.denialRatePercent,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      props.alarmTopicArn,
    );
  }

  /**
   * Adds a function's errors, throttles and duration to the dashboard, and (unless it has
   * one already) a throttles alarm. By name: a function of another stack adds no reference.
   */
  addFunction(fn: OperationsFunction): void {
    const { label, functionName } = fn;
    this.dashboard.addWidgets(
      new GraphWidget({
        title: `${label}: errors and throttles`,
        left: [
          this.lambdaMetric(functionName, "Errors", "Sum").with({ label: "errors" }),
          this.lambdaMetric(functionName, "Throttles", "Sum").with({ label: "throttles" }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: `${label}: duration (ms)`,
        left: ["p50", "p99", "Maximum"].map((statistic) =>
          this.lambdaMetric(functionName, "Duration", statistic).with({ label: statistic }),
        ),
        width: 12,
      }),
    );
    if (fn.alarmOnThrottles === false) return;
    const id = label.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
      (c ?? "").toUpperCase(),
    );
    const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    this.throttlesAlarms[label] = notify(
      this,
      new Alarm(this, `${id.charAt(0).toUpperCase()}${id.slice(1)}ThrottlesAlarm`, {
        alarmName: `${this.props.prefix}-${slug}-throttles`,
        alarmDescription:
          `The ${label} function was throttled (account or reserved concurrency used up): ` +
          "its callers got errors or waited: see docs/operations.md.",
        metric: this.lambdaMetric(functionName, "Throttles", "Sum"),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      this.props.alarmTopicArn,
    );
  }

  /** Widgets of someone else's (another construct or stack), in a row of their own. */
  addWidgets(...widgets: IWidget[]): void {
    this.dashboard.addWidgets(...widgets);
  }

  /** One of our EMF metrics: namespace Waypoint, `service` + `stage` (+ `extra`). */
  metric(
    service: ServiceName,
    metricName: string,
    statistic: string,
    extra: Record<string, string> = {},
  ): Metric {
    return new Metric({
      namespace: METRIC_NAMESPACE,
      metricName,
      dimensionsMap: {
        [DIMENSIONS.service]: service,
        [DIMENSIONS.stage]: this.props.stage,
        ...extra,
      },
      statistic,
      period: PERIOD,
    });
  }

  private lambdaMetric(functionName: string, metricName: string, statistic: string): Metric {
    return new Metric({
      namespace: "AWS/Lambda",
      metricName,
      dimensionsMap: { FunctionName: functionName },
      statistic,
      period: PERIOD,
    });
  }
}
