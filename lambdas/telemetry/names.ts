/**
 * The one home of Waypoint's metric and log names: what the Lambdas emit (through
 * lambdas/telemetry/telemetry.ts) and what infra's dashboard and alarms read
 * (infra/constructs/operations.ts). Plain constants, no dependency, so that infra imports
 * them without pulling in Powertools. docs/operations.md explains each one.
 */

/** The CloudWatch namespace of every custom metric (EMF), as POWERTOOLS_METRICS_NAMESPACE. */
export const METRIC_NAMESPACE = "Waypoint";

/** Powertools' `service` dimension and log key, per function (POWERTOOLS_SERVICE_NAME). */
export const SERVICES = {
  webhook: "webhook",
  authorizer: "authorizer",
  cleanup: "cleanup",
} as const;
export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES];

/**
 * Dimension names. Every metric carries `service` (Powertools' default dimension) and
 * `stage`; a few add one or two low-cardinality ones. Never an id: one series per org or
 * user would be unbounded (and cost per series).
 */
export const DIMENSIONS = {
  service: "service",
  stage: "stage",
  outcome: "outcome",
  eventType: "eventType",
  decision: "decision",
  reason: "reason",
  scopeKind: "scopeKind",
} as const;

export const METRICS = {
  /** Powertools' own cold-start metric (captureColdStartMetric), per service. */
  coldStart: "ColdStart",
  webhook: {
    /**
     * One per delivery that reached the store or was refused: dimension `outcome` (and
     * `outcome` + `eventType` for the ones whose body was read). Outcomes: WEBHOOK_OUTCOMES.
     */
    deliveries: "WebhookDeliveries",
    /** Receive time minus the event's Clerk `updated_at` (ms), for applied events. */
    syncLag: "SyncLag",
  },
  authorizer: {
    /** One per request: dimension `decision` (allow | deny), and `decision` + `reason`. */
    decisions: "AuthorizerDecisions",
  },
  cleanup: {
    itemsDeleted: "ItemsDeleted",
    batchDuration: "BatchDuration",
    scopesErased: "ScopesErased",
    /** A run that ran out of time and handed over to a new invocation: work still queued. */
    handovers: "CleanupHandovers",
  },
} as const;

/**
 * The webhook's `outcome` values. `applied`, `duplicate`, `stale`, `ignored` and `failed`
 * are the store's (core/mirror.ts's Outcome: the delivery was recorded, 200); `rejected` is
 * a refused request (400/405/413: bad signature, missing headers, not JSON); `error` is a
 * 5xx (Svix retries it).
 */
export const WEBHOOK_OUTCOMES = [
  "applied",
  "duplicate",
  "stale",
  "ignored",
  "failed",
  "rejected",
  "error",
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

/** The outcomes the failed-delivery rate counts: the mirror did not take the event. */
export const WEBHOOK_FAILED_OUTCOMES = ["failed", "error"] as const satisfies WebhookOutcome[];
