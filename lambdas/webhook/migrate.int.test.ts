/** The one-off migration to permanent tombstones, on DynamoDB Local. */
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventRecord,
  membershipTombstone,
  orgTombstone,
  userItem,
  userTombstone,
} from "../../core/mirror";
import { createTestTable } from "../../local/testing/dynamodb";
import { migrateTombstones } from "./migrate";

let table: Awaited<ReturnType<typeof createTestTable>>;
beforeAll(async () => {
  table = await createTestTable("migrate");
});
afterAll(async () => {
  await table?.drop();
});

const OLD_TTL = 1_700_000_000;
const get = async (PK: string, SK: string) =>
  (
    await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: { PK, SK }, ConsistentRead: true }),
    )
  ).Item;

describe("npm run migrate", () => {
  it("removes the TTL of old tombstones only, page by page, resumably and idempotently", async () => {
    // Tombstones as the old code wrote them (with expiresAt), a live user, a delivery record.
    const old = [
      ...Array.from({ length: 30 }, (_, n) => ({
        ...userTombstone(`user_old${n}`, 5),
        expiresAt: OLD_TTL,
      })),
      { ...orgTombstone("org_old", 5), expiresAt: OLD_TTL },
      { ...membershipTombstone("org_live", "user_m", 5), expiresAt: OLD_TTL },
    ];
    const live = userItem({
      id: "user_live",
      email: "l@x.test",
      firstName: "L",
      lastName: null,
      imageUrl: null,
      updatedAt: 1,
    });
    const record = eventRecord(
      {
        svixId: "msg_m1",
        type: "user.updated",
        objectId: "user_live",
        orgId: undefined,
        receivedAt: "2026-12-01T00:00:00.000Z",
        nowMs: Date.now(),
      },
      "applied",
    );
    for (const item of [...old, live, record]) {
      await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
    }

    // A first slice of the table, then resumed from its cursor.
    const first = await migrateTombstones({
      doc: table.doc,
      tableName: table.tableName,
      pageSize: 10,
      maxPages: 1,
    });
    expect(first.cursor).toBeDefined();
    expect(first.migrated).toBeLessThan(old.length);
    const rest = await migrateTombstones({
      doc: table.doc,
      tableName: table.tableName,
      pageSize: 10,
      ...(first.cursor ? { from: first.cursor } : {}),
    });
    expect(rest.cursor).toBeUndefined();
    expect(first.migrated + rest.migrated).toBe(old.length);

    for (const item of old) expect(await get(item.PK, item.SK)).not.toHaveProperty("expiresAt");
    expect(await get(record.PK, record.SK)).toHaveProperty("expiresAt", record.expiresAt);
    expect(await get(live.PK, live.SK)).toEqual(live);

    // Again from the start: nothing left to do.
    const again = await migrateTombstones({ doc: table.doc, tableName: table.tableName });
    expect(again.migrated).toBe(0);
  });
});
