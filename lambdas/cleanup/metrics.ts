/**
 * The cleanup's metrics (names in lambdas/telemetry/names.ts), through Powertools' EMF
 * lines: per batch `ItemsDeleted` and `BatchDuration`, per finished scope `ScopesErased`,
 * per hand-over `CleanupHandovers` (a run ran out of time with work left: the backlog),
 * each by `scopeKind` (org | user; never an id: one series per org would be unbounded).
 */
import { DIMENSIONS, METRICS } from "../telemetry/names";
import { MetricUnit, type MetricUnitValue, type Telemetry } from "../telemetry/telemetry";

export type CleanupMetric = keyof typeof METRICS.cleanup;

export function recordCleanup(
  telemetry: Telemetry,
  scopeKind: "org" | "user",
  metrics: Partial<Record<CleanupMetric, number>>,
): void {
  const units: Record<CleanupMetric, MetricUnitValue> = {
    itemsDeleted: MetricUnit.Count,
    batchDuration: MetricUnit.Milliseconds,
    scopesErased: MetricUnit.Count,
    handovers: MetricUnit.Count,
  };
  for (const [metric, value] of Object.entries(metrics) as [CleanupMetric, number][]) {
    telemetry.emit({
      name: METRICS.cleanup[metric],
      unit: units[metric],
      value,
      dimensionSets: [{ [DIMENSIONS.scopeKind]: scopeKind }],
    });
  }
}
