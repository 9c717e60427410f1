/** What the sync health page says about a window of webhook deliveries. */
import type { SyncEvent } from "@/app/lib/api";

export type SyncOutcome = SyncEvent["outcome"];

export interface SyncHealth {
  counts: Record<SyncOutcome, number>;
  total: number;
  lastEventAt: string | null;
  failures: SyncEvent[];
  /** ok: no failure in the window; degraded: some; failing: the latest event failed. */
  status: "ok" | "degraded" | "failing" | "idle";
}

export function summarizeSync(events: readonly SyncEvent[]): SyncHealth {
  const counts: Record<SyncOutcome, number> = {
    APPLIED: 0,
    DUPLICATE: 0,
    STALE: 0,
    IGNORED: 0,
    FAILED: 0,
  };
  for (const event of events) counts[event.outcome] += 1;
  const sorted = [...events].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const latest = sorted[0];
  const failures = sorted.filter((event) => event.outcome === "FAILED");
  const status = !latest
    ? "idle"
    : latest.outcome === "FAILED"
      ? "failing"
      : failures.length > 0
        ? "degraded"
        : "ok";
  return {
    counts,
    total: events.length,
    lastEventAt: latest?.receivedAt ?? null,
    failures,
    status,
  };
}

export const OUTCOME_LABELS: Record<SyncOutcome, string> = {
  APPLIED: "Applied",
  DUPLICATE: "Duplicate",
  STALE: "Stale",
  IGNORED: "Ignored",
  FAILED: "Failed",
};

export const OUTCOME_HINTS: Record<SyncOutcome, string> = {
  APPLIED: "changed the mirror",
  DUPLICATE: "already seen (same svix-id): no second effect",
  STALE: "older than what the mirror holds: skipped",
  IGNORED: "an event type the mirror does not use",
  FAILED: "not applied; Svix retries it",
};
