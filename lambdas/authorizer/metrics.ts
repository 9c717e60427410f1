/**
 * The authorizer's metric (names in lambdas/telemetry/names.ts): `AuthorizerDecisions` with
 * `decision=deny`, one per denial, also by `decision` + `reason` (the verifier's DenyReason
 * codes: a closed set, so bounded series).
 *
 * Allows are not emitted: an EMF line per allowed request cost the warm path about a third of
 * its throughput (`npm run bench:authorizer`: ratio 0.90 → 0.60 against bare jose). Every
 * invocation decides once, so Lambda's own `Invocations` of this function is the number of
 * decisions, and allows are `Invocations − denials` (infra/constructs/operations.ts).
 */
import { DIMENSIONS, METRICS } from "../telemetry/names";
import { MetricUnit, type Telemetry } from "../telemetry/telemetry";
import type { DenyReason } from "./verify";

export function recordDenial(telemetry: Telemetry, reason: DenyReason): void {
  telemetry.emit({
    name: METRICS.authorizer.decisions,
    unit: MetricUnit.Count,
    value: 1,
    dimensionSets: [
      { [DIMENSIONS.decision]: "deny" },
      { [DIMENSIONS.decision]: "deny", [DIMENSIONS.reason]: reason },
    ],
  });
}
