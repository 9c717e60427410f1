/**
 * The authorizer's metric (names in lambdas/telemetry/names.ts): `AuthorizerDecisions`, one
 * per request, by `decision` (allow | deny) and, for a deny, by `decision` + `reason` (the
 * verifier's DenyReason codes: a closed set, so bounded series).
 */
import { DIMENSIONS, METRICS } from "../telemetry/names";
import { MetricUnit, type Telemetry } from "../telemetry/telemetry";
import type { DenyReason } from "./verify";

export function recordDecision(telemetry: Telemetry, reason?: DenyReason): void {
  const decision = reason === undefined ? "allow" : "deny";
  telemetry.emit({
    name: METRICS.authorizer.decisions,
    unit: MetricUnit.Count,
    value: 1,
    dimensionSets: [
      { [DIMENSIONS.decision]: decision },
      ...(reason === undefined
        ? []
        : [{ [DIMENSIONS.decision]: decision, [DIMENSIONS.reason]: reason }]),
    ],
  });
}
