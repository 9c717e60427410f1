/**
 * The counters' backfill on DynamoDB Local: milestones written as the code before the
 * counters wrote them (no counter item), counted page by page, resumed from a cursor, and
 * written once at the end; a second run changes nothing.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MILESTONE_STATUSES } from "../../core/portable/milestone";
import { sumMilestoneStats } from "../../core/portable/stats";
import { keys, toQueryParams, type Scope } from "../../core/table";
import { milestoneItem } from "../../local/testing/cleanup";
import { createTestTable } from "../../local/testing/dynamodb";
import { backfillMilestoneStats, parseStatsScope } from "./stats-backfill";

let table: Awaited<ReturnType<typeof createTestTable>>;
beforeAll(async () => {
  table = await createTestTable("stats-backfill");
});
afterAll(async () => {
  await table?.drop();
});

const acme: Scope = { kind: "org", orgId: "org_backfill" };
const other: Scope = { kind: "org", orgId: "org_other" };

async function shardItems(scope: Scope) {
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      ...toQueryParams(keys.milestoneStatsShards(scope)),
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

describe("npm run migrate -- --stats", () => {
  it("parses the scope it is given, and refuses anything else", () => {
    expect(parseStatsScope("org:org_1")).toEqual({ kind: "org", orgId: "org_1" });
    expect(parseStatsScope("user:user_1")).toEqual({ kind: "personal", userId: "user_1" });
    for (const bad of ["org_1", "org:", "team:t1", "org:a:b"])
      expect(() => parseStatsScope(bad)).toThrow(/--stats takes/);
  });

  it("counts a scope's milestones, resumably, and writes its shards once at the end", async () => {
    const items = Array.from({ length: 57 }, (_, n) =>
      milestoneItem(acme, `01JBACKFILL${String(n).padStart(15, "0")}`, "user_x", n),
    );
    for (const item of [...items, milestoneItem(other, "01JOTHER", "user_y", 1)])
      await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
    const want = MILESTONE_STATUSES.map((status) => ({
      status,
      count: items.filter((item) => item.status === status).length,
    }));
    expect(want.filter((w) => w.count > 0).length).toBeGreaterThan(1);

    // Two pages of 20, then stop: a cursor, and nothing written yet.
    const cursors: (string | undefined)[] = [];
    const first = await backfillMilestoneStats({
      doc: table.doc,
      tableName: table.tableName,
      scope: acme,
      pageSize: 20,
      maxPages: 2,
      onPage: (page) => cursors.push(page.cursor),
    });
    expect(first).toMatchObject({ read: 40, done: false });
    expect(cursors).toHaveLength(2);
    expect(await shardItems(acme)).toEqual([]);

    // Resumed from the last cursor: the rest, then the shards.
    const rest = await backfillMilestoneStats({
      doc: table.doc,
      tableName: table.tableName,
      scope: acme,
      pageSize: 20,
      from: cursors[1] as string,
    });
    expect(rest).toMatchObject({ read: 17, done: true });
    const written = await shardItems(acme);
    expect(written.length).toBeGreaterThan(1);
    expect(sumMilestoneStats(written)).toEqual({ counts: want, total: 57 });
    expect(await shardItems(other)).toEqual([]);

    // Again from the start: the same numbers.
    await backfillMilestoneStats({ doc: table.doc, tableName: table.tableName, scope: acme });
    expect(sumMilestoneStats(await shardItems(acme))).toEqual({ counts: want, total: 57 });
  });

  it("refuses a cursor that is not its own", async () => {
    await expect(
      backfillMilestoneStats({
        doc: table.doc,
        tableName: table.tableName,
        scope: acme,
        from: Buffer.from(JSON.stringify({ PK: "x" })).toString("base64url"),
      }),
    ).rejects.toThrow(/invalid --from cursor/);
  });
});
