/**
 * The stream publisher's batch handling (lambdas/live/app.ts) with a recording AppSync client:
 * which call each record makes, and the partial batch response the event source mapping
 * retries from. The AppSync side itself is exercised through the local runtime in
 * api/subscriptions.int.test.ts and api/live-invalidation.int.test.ts.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { keys } from "../../core/table";
import { createLivePublisher, PUBLISH_MILESTONE_CHANGE } from "./app";
import { INVALIDATE_SUBSCRIPTIONS } from "./invalidate";

const milestone = {
  PK: "ORG#org_a",
  SK: "MILESTONE#01JMS",
  entity: "milestone",
  id: "01JMS",
  scope: "ORG",
  orgId: "org_a",
  ownerId: "user_o",
  title: "T",
  description: "",
  status: "PLANNED",
  dueDate: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-02T00:00:00.000Z",
  version: 1,
  changedBy: "user_o",
};

let sequence = 0;
const record = (eventName: string, item: Record<string, unknown> | undefined, k?: object) => ({
  eventID: `e${++sequence}`,
  eventName,
  dynamodb: {
    SequenceNumber: String(sequence).padStart(6, "0"),
    Keys: marshall(k ?? { PK: item?.PK, SK: item?.SK }),
    ...(item ? { NewImage: marshall(item, { removeUndefinedValues: true }) } : {}),
    ApproximateCreationDateTime: 1_767_225_600,
  },
});

function recorder(failOn?: (query: string, variables: Record<string, unknown>) => boolean) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const appsync = (query: string, variables: Record<string, unknown>) => {
    calls.push({ query, variables });
    if (failOn?.(query, variables)) return Promise.reject(new Error("AppSync answered 503"));
    return Promise.resolve({});
  };
  return { calls, appsync };
}

describe("createLivePublisher", () => {
  it("publishes a milestone change and ends a removed membership's, an org's and a user's subscriptions", async () => {
    const { calls, appsync } = recorder();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const result = await publish({
      Records: [
        record("INSERT", milestone),
        record("REMOVE", undefined, keys.membership("org_a", "user_m")),
        record("INSERT", { ...keys.org("org_b"), entity: "org", id: "org_b", deleted: true }),
        record("MODIFY", { ...keys.user("user_d"), entity: "user", id: "user_d", deleted: true }),
      ],
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(calls.map((c) => c.query)).toEqual([
      PUBLISH_MILESTONE_CHANGE,
      INVALIDATE_SUBSCRIPTIONS,
      INVALIDATE_SUBSCRIPTIONS,
      INVALIDATE_SUBSCRIPTIONS,
    ]);
    expect(calls.slice(1).map((c) => c.variables)).toEqual([
      { orgId: "org_a", userId: "user_m" },
      { orgId: "org_b", userId: null },
      { orgId: null, userId: "user_d" },
    ]);
  });

  it("counters, saved views and view counters in the same partitions make no call at all", async () => {
    const { calls, appsync } = recorder();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const org = { kind: "org", orgId: "org_a" } as const;
    const personal = { kind: "personal", userId: "user_p" } as const;
    const items = [
      { ...keys.milestoneStats(org, 0), entity: "milestoneStats", PLANNED: 1 },
      { ...keys.milestoneStats(personal, 7), entity: "milestoneStats", DONE: 1 },
      { ...keys.userView(org, "user_p", "01JV"), entity: "view", name: "v" },
      { ...keys.sharedView(org, "01JW"), entity: "view", name: "w" },
      { ...keys.userView(personal, "user_p", "01JV"), entity: "view", name: "v" },
      { ...keys.userViewCount(personal, "user_p"), entity: "viewCount", count: 1 },
      { ...keys.sharedViewCount(org), entity: "viewCount", count: 1 },
    ];
    const records = items.flatMap((item) => [
      record("INSERT", item),
      record("MODIFY", item),
      record("REMOVE", undefined, { PK: item.PK, SK: item.SK }),
    ]);
    expect(await publish({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });

  it("a failed call reports its record and every later one (the mapping retries from there)", async () => {
    const { calls, appsync } = recorder((query) => query === INVALIDATE_SUBSCRIPTIONS);
    const lines: string[] = [];
    const publish = createLivePublisher({ appsync, log: (line) => lines.push(line) });
    const first = record("INSERT", milestone);
    const failing = record("REMOVE", undefined, keys.membership("org_a", "user_m"));
    const later = record("MODIFY", { ...milestone, version: 2 });
    const result = await publish({ Records: [first, failing, later] });
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: failing.dynamodb.SequenceNumber },
      { itemIdentifier: later.dynamodb.SequenceNumber },
    ]);
    // The later record was not attempted: its order after the failed one holds on retry.
    expect(calls).toHaveLength(2);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: "ERROR",
      message: "live update not applied",
      record: failing.dynamodb.SequenceNumber,
    });
  });

  it("a poison record (a milestone image that does not parse) is reported, not skipped, with no call", async () => {
    const { calls, appsync } = recorder();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const poison = record("INSERT", { ...milestone, status: "?" });
    const result = await publish({ Records: [poison] });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: poison.dynamodb.SequenceNumber }]);
    expect(calls).toEqual([]);
  });

  /** An AppSync client whose calls stay pending until released, to see what runs at once. */
  function gate() {
    const pending: { query: string; variables: Record<string, unknown>; release: () => void }[] =
      [];
    const appsync = (query: string, variables: Record<string, unknown>) =>
      new Promise<unknown>((resolve) =>
        pending.push({ query, variables, release: () => resolve({}) }),
      );
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    return { pending, appsync, settle };
  }
  const ofMilestone = (id: string, version = 1) => ({
    ...milestone,
    SK: `MILESTONE#${id}`,
    id,
    version,
  });
  const publishedId = (call: { variables: Record<string, unknown> }) =>
    (call.variables.change as { milestoneId: string; milestone: { version: number } | null })
      .milestoneId;

  it("different milestones' changes are published at once; one milestone's in order", async () => {
    const { pending, appsync, settle } = gate();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const done = publish({
      Records: [
        record("INSERT", ofMilestone("01JA")),
        record("INSERT", ofMilestone("01JB")),
        record("MODIFY", ofMilestone("01JA", 2)),
        record("INSERT", ofMilestone("01JC")),
      ],
    });
    await settle();
    // A, B and C in flight together; A's second change waits for its first.
    expect(pending.map(publishedId)).toEqual(["01JA", "01JB", "01JC"]);
    pending[1]?.release();
    pending[2]?.release();
    await settle();
    expect(pending).toHaveLength(3);
    pending[0]?.release();
    await settle();
    expect(pending).toHaveLength(4);
    const fourth = pending[3];
    expect(fourth && publishedId(fourth)).toBe("01JA");
    expect((fourth?.variables.change as { milestone: { version: number } }).milestone.version).toBe(
      2,
    );
    fourth?.release();
    expect(await done).toEqual({ batchItemFailures: [] });
  });

  it("an invalidation is a barrier: what came before is delivered first, nothing after starts before it", async () => {
    const { pending, appsync, settle } = gate();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const done = publish({
      Records: [
        record("INSERT", ofMilestone("01JA")),
        record("REMOVE", undefined, keys.membership("org_a", "user_m")),
        record("INSERT", ofMilestone("01JB")),
      ],
    });
    await settle();
    expect(pending.map((call) => call.query)).toEqual([PUBLISH_MILESTONE_CHANGE]);
    pending[0]?.release();
    await settle();
    expect(pending.map((call) => call.query)).toEqual([
      PUBLISH_MILESTONE_CHANGE,
      INVALIDATE_SUBSCRIPTIONS,
    ]);
    pending[1]?.release();
    await settle();
    expect(pending).toHaveLength(3);
    expect(pending[2] && publishedId(pending[2])).toBe("01JB");
    pending[2]?.release();
    expect(await done).toEqual({ batchItemFailures: [] });
  });

  it("a failed publish reports the lowest failed record and every later one; its milestone's next change is not attempted", async () => {
    const { calls, appsync } = recorder(
      (_query, variables) =>
        (variables.change as { milestoneId?: string } | undefined)?.milestoneId === "01JB",
    );
    const publish = createLivePublisher({ appsync, log: () => {} });
    const a = record("INSERT", ofMilestone("01JA"));
    const b = record("INSERT", ofMilestone("01JB"));
    const c = record("INSERT", ofMilestone("01JC"));
    const b2 = record("MODIFY", ofMilestone("01JB", 2));
    const result = await publish({ Records: [a, b, c, b2] });
    expect(result.batchItemFailures).toEqual(
      [b, c, b2].map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })),
    );
    // C was delivered (and will be again on the retry); B's second change never went out.
    expect(calls.map(publishedId).sort()).toEqual(["01JA", "01JB", "01JC"]);
  });

  it("consecutive invalidations run at once, one call per target, and the changes after them wait", async () => {
    const { pending, appsync, settle } = gate();
    const publish = createLivePublisher({ appsync, log: () => {} });
    const done = publish({
      Records: [
        record("REMOVE", undefined, keys.membership("org_a", "user_m")),
        record("REMOVE", undefined, keys.membership("org_a", "user_n")),
        record("REMOVE", undefined, keys.membership("org_a", "user_m")),
        record("INSERT", ofMilestone("01JA")),
      ],
    });
    await settle();
    expect(pending.map((call) => call.variables)).toEqual([
      { orgId: "org_a", userId: "user_m" },
      { orgId: "org_a", userId: "user_n" },
    ]);
    pending[1]?.release();
    await settle();
    expect(pending).toHaveLength(2);
    pending[0]?.release();
    await settle();
    expect(pending.map((call) => call.query)).toEqual([
      INVALIDATE_SUBSCRIPTIONS,
      INVALIDATE_SUBSCRIPTIONS,
      PUBLISH_MILESTONE_CHANGE,
    ]);
    pending[2]?.release();
    expect(await done).toEqual({ batchItemFailures: [] });
  });
});
