/**
 * The cleanup handler's control flow with an in-memory store (the DynamoDB behaviour itself
 * is covered by the integration tests on DynamoDB Local): hand-over before the time runs
 * out, and a failing record reported for the event source to retry.
 */
import { describe, expect, it } from "vitest";
import { orgTombstone } from "../../core/mirror";
import { keys, type ItemKey } from "../../core/table";
import { createCleanupHandler } from "./app";
import type { CleanupStore } from "./cleanup-store";

function memoryStore(items: ItemKey[], options: { failDeletes?: boolean } = {}) {
  const live = [...items];
  const puts: Record<string, unknown>[] = [];
  const store: CleanupStore = {
    queryKeys(spec, { limit, startKey }) {
      const inPartition = live.filter(
        (k) => k.PK === spec.partitionKey && spec.indexName === undefined,
      );
      const from = startKey ? inPartition.findIndex((k) => k.SK > (startKey.SK ?? "")) : 0;
      const page = from < 0 ? [] : inPartition.slice(from, from + limit);
      const last = page.at(-1);
      const more = from >= 0 && from + limit < inPartition.length;
      return Promise.resolve({
        keys: page,
        lastKey: more && last ? { PK: last.PK, SK: last.SK } : undefined,
      });
    },
    deleteBatch(batch) {
      if (options.failDeletes) return Promise.reject(new Error("throttled"));
      for (const key of batch)
        live.splice(
          live.findIndex((k) => k.SK === key.SK && k.PK === key.PK),
          1,
        );
      return Promise.resolve();
    },
    put(item) {
      puts.push(item);
      return Promise.resolve();
    },
  };
  return { store, live, puts };
}

const image = (item: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(item).map(([k, v]) => [
      k,
      typeof v === "string" ? { S: v } : typeof v === "number" ? { N: String(v) } : { BOOL: v },
    ]),
  );
const org = { kind: "org", orgId: "org_1" } as const;
const milestones = Array.from({ length: 50 }, (_, n) =>
  keys.milestone(org, `m${String(n).padStart(3, "0")}`),
);
const event = (...seq: string[]) => ({
  Records: seq.map((s) => ({
    eventName: "MODIFY",
    dynamodb: { SequenceNumber: s, NewImage: image(orgTombstone("org_1", 5)) },
  })),
});

describe("the cleanup handler", () => {
  it("erases everything but the tombstone and reports done", async () => {
    const { store, live, puts } = memoryStore([keys.org("org_1"), ...milestones]);
    const handler = createCleanupHandler({ store, log: () => {}, pageSize: 20 });
    const result = await handler(event("1"), { getRemainingTimeInMillis: () => 900_000 });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(live).toEqual([keys.org("org_1")]);
    expect(puts.map((p) => p.phase)).toEqual(["deleting", "done"]);
    expect(puts.at(-1)).toMatchObject({ removed: 50, scopeKind: "org", scopeId: "org_1" });
  });

  it("hands over with a cursor before its time runs out", async () => {
    const { store, live, puts } = memoryStore([keys.org("org_1"), ...milestones]);
    let calls = 0;
    const handler = createCleanupHandler({ store, log: () => {}, pageSize: 20, reserveMs: 1_000 });
    // Plenty of time for the first page, then too little.
    await handler(event("1"), { getRemainingTimeInMillis: () => (calls++ < 1 ? 60_000 : 500) });
    expect(puts.map((p) => p.phase)).toEqual(["deleting", "continuing"]);
    const continuation = puts[1] ?? {};
    expect(continuation).toMatchObject({ round: 1, removed: 19 });
    expect(JSON.parse(String(continuation.cursor))).toMatchObject({
      target: 0,
      startKey: { PK: "ORG#org_1" },
    });
    expect(live).toHaveLength(51 - 19);
  });

  it("reports the failing record, so the event source retries from it", async () => {
    const { store } = memoryStore([keys.org("org_1"), ...milestones], { failDeletes: true });
    const lines: string[] = [];
    const handler = createCleanupHandler({ store, log: (line) => lines.push(line) });
    const result = await handler(event("7", "8"), { getRemainingTimeInMillis: () => 900_000 });
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "7" }] });
    expect(lines.join("\n")).toContain('"error":"Error"');
    expect(lines.join("\n")).not.toContain("throttled"); // names, never messages
  });
});
