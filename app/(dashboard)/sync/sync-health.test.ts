import { describe, expect, it } from "vitest";
import type { SyncEvent } from "@/app/lib/api";
import { summarizeSync } from "./sync-health";

const event = (id: string, outcome: SyncEvent["outcome"], receivedAt: string): SyncEvent => ({
  id,
  type: "user.updated",
  objectId: "user_ada",
  outcome,
  reason: outcome === "FAILED" ? "DynamoDB timeout" : null,
  receivedAt,
});

describe("summarizeSync", () => {
  it("counts outcomes, finds the latest event and the failures", () => {
    const health = summarizeSync([
      event("1", "APPLIED", "2026-11-26T10:00:00Z"),
      event("2", "FAILED", "2026-11-26T11:00:00Z"),
      event("3", "DUPLICATE", "2026-11-26T12:00:00Z"),
    ]);
    expect(health.counts).toEqual({ APPLIED: 1, DUPLICATE: 1, STALE: 0, IGNORED: 0, FAILED: 1 });
    expect(health.lastEventAt).toBe("2026-11-26T12:00:00Z");
    expect(health.failures.map((e) => e.id)).toEqual(["2"]);
    expect(health.status).toBe("degraded");
  });

  it("says failing when the latest event failed, idle when there is none", () => {
    expect(summarizeSync([event("1", "FAILED", "2026-11-26T10:00:00Z")]).status).toBe("failing");
    expect(summarizeSync([])).toMatchObject({ status: "idle", lastEventAt: null, total: 0 });
    expect(summarizeSync([event("1", "APPLIED", "2026-11-26T10:00:00Z")]).status).toBe("ok");
  });
});
