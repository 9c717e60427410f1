/**
 * One log line per cleanup batch that is also its metric: CloudWatch's embedded metric
 * format (EMF), a JSON object whose `_aws` member tells CloudWatch Logs which fields are
 * metrics. No client, no extra request: the line is the metric.
 */
export const METRIC_NAMESPACE = "Waypoint";
export const SERVICE = "cleanup";

export type MetricUnit = "Count" | "Milliseconds";

/**
 * The EMF line for `metrics` with the `Service` and `ScopeKind` dimensions (never an id:
 * one metric per org would be unbounded); `fields` are logged beside them.
 */
export function emfLine(input: {
  nowMs: number;
  scopeKind: "org" | "user";
  metrics: Record<string, { value: number; unit: MetricUnit }>;
  fields: Record<string, string | number>;
}): string {
  const values = Object.fromEntries(
    Object.entries(input.metrics).map(([name, metric]) => [name, metric.value]),
  );
  return JSON.stringify({
    _aws: {
      Timestamp: input.nowMs,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [["Service", "ScopeKind"]],
          Metrics: Object.entries(input.metrics).map(([Name, metric]) => ({
            Name,
            Unit: metric.unit,
          })),
        },
      ],
    },
    Service: SERVICE,
    ScopeKind: input.scopeKind,
    ...input.fields,
    ...values,
  });
}
