/**
 * The webhook's metrics (names in lambdas/telemetry/names.ts): one `WebhookDeliveries` per
 * request that reached the handler, by `outcome` and, once the body is read, by
 * `outcome` + `eventType`; and `SyncLag` for each applied change. Only the mirrored event
 * types become dimension values (anything else is "other"), so a sender cannot mint series.
 */
import { MIRRORED_EVENT_TYPES, type ClerkEvent, type ParsedEvent } from "../../core/clerk-events";
import { DIMENSIONS, METRICS, type WebhookOutcome } from "../telemetry/names";
import { MetricUnit, type Telemetry } from "../telemetry/telemetry";

const MIRRORED: ReadonlySet<string> = new Set(MIRRORED_EVENT_TYPES);

export function eventTypeDimension(type: string | undefined): string {
  return type !== undefined && MIRRORED.has(type) ? type : "other";
}

/** When Clerk says the change happened: the object's `updated_at`, a deletion's time. */
export function changedAt(event: ClerkEvent): number {
  if ("user" in event) return event.user.updatedAt;
  if ("org" in event) return event.org.updatedAt;
  if ("membership" in event) return event.membership.updatedAt;
  if ("invitation" in event) return event.invitation.updatedAt;
  return event.deletedAt;
}

export function recordDelivery(
  telemetry: Telemetry,
  outcome: WebhookOutcome,
  eventType?: string,
): void {
  telemetry.emit({
    name: METRICS.webhook.deliveries,
    unit: MetricUnit.Count,
    value: 1,
    dimensionSets: [
      { [DIMENSIONS.outcome]: outcome },
      ...(eventType === undefined
        ? []
        : [
            {
              [DIMENSIONS.outcome]: outcome,
              [DIMENSIONS.eventType]: eventTypeDimension(eventType),
            },
          ]),
    ],
  });
}

/**
 * Receive time minus Clerk's `updated_at`, for an applied change: how far the mirror was
 * behind Clerk. Under `service` + `stage` only (p50/p99 on the dashboard).
 */
export function recordSyncLag(telemetry: Telemetry, parsed: ParsedEvent, receivedMs: number) {
  if (parsed.kind !== "mirrored") return;
  const lag = receivedMs - changedAt(parsed.event);
  // A clock skew can make it negative by a little; a missing timestamp (0) is no lag.
  if (!Number.isFinite(lag) || changedAt(parsed.event) <= 0) return;
  telemetry.emit({
    name: METRICS.webhook.syncLag,
    unit: MetricUnit.Milliseconds,
    value: Math.max(0, lag),
  });
}
