import {
  ConditionalCheckFailedException,
  DescribeTimeToLiveCommand,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, TABLE, toQueryParams, type Scope } from "../../core/table";
import { createTestTable } from "../testing/dynamodb";
import { ensureTable } from "./table";

let table: Awaited<ReturnType<typeof createTestTable>>;

beforeAll(async () => {
  table = await createTestTable("table");
});
afterAll(async () => {
  await table.drop();
});

const query = async (spec: Parameters<typeof toQueryParams>[0]) =>
  (await table.doc.send(new QueryCommand({ TableName: table.tableName, ...toQueryParams(spec) })))
    .Items ?? [];

describe("the table of core's definition in DynamoDB Local", () => {
  it("is created with TTL on the definition's attribute, and creating it again is a no-op", async () => {
    const ttl = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(TABLE.timeToLiveAttribute);
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe("ENABLED");
    expect(await ensureTable(table.client, table.tableName)).toBe(false);
  });

  it("reads memberships both ways: an org's members, and a user's orgs through GSI1", async () => {
    for (const [orgId, userId] of [
      ["org_a", "user_1"],
      ["org_a", "user_2"],
      ["org_b", "user_1"],
    ] as const) {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.membership(orgId, userId), orgId, userId, role: "org:member" },
        }),
      );
    }
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.org("org_a"), name: "A" } }),
    );
    const members = await query(keys.orgMembers("org_a"));
    expect(members.map((m) => m.userId as string)).toEqual(["user_1", "user_2"]);
    const orgs = await query(keys.userOrgs("user_1"));
    expect(orgs.map((m) => m.orgId as string)).toEqual(["org_a", "org_b"]);
  });

  it("lists a scope's milestones by update, by due date and by status, never another scope's", async () => {
    const acme: Scope = { kind: "org", orgId: "org_acme" };
    const globex: Scope = { kind: "org", orgId: "org_globex" };
    const rows = [
      {
        scope: acme,
        id: "m1",
        updatedAt: "2026-01-01T00:00:00.000Z",
        dueDate: "2026-03-01",
        status: "DONE",
      },
      {
        scope: acme,
        id: "m2",
        updatedAt: "2026-01-03T00:00:00.000Z",
        dueDate: null,
        status: "PLANNED",
      },
      {
        scope: acme,
        id: "m3",
        updatedAt: "2026-01-02T00:00:00.000Z",
        dueDate: "2026-02-01",
        status: "DONE",
      },
      {
        scope: globex,
        id: "m4",
        updatedAt: "2026-01-05T00:00:00.000Z",
        dueDate: "2026-01-01",
        status: "DONE",
      },
    ];
    for (const { scope, ...m } of rows) {
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.milestone(scope, m.id), ...keys.milestoneIndexes(scope, m), ...m },
        }),
      );
    }
    const ids = async (spec: Parameters<typeof toQueryParams>[0]) =>
      (await query(spec)).map((item) => item.id as string);
    expect(await ids(keys.milestones(acme, { sort: "UPDATED_AT" }))).toEqual(["m2", "m3", "m1"]);
    expect(await ids(keys.milestones(acme, { sort: "DUE_DATE" }))).toEqual(["m3", "m1", "m2"]);
    expect(await ids(keys.milestones(acme, { sort: "UPDATED_AT", status: "DONE" }))).toEqual([
      "m3",
      "m1",
    ]);
    const fromGlobex = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: keys.milestone(globex, "m1") }),
    );
    expect(fromGlobex.Item).toBeUndefined();
  });

  it("fails a conditional write that must fail, with ConditionalCheckFailedException", async () => {
    const put = () =>
      table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.user("user_9"), firstName: "Ada" },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it("runs TransactWriteItems atomically: a failed condition writes nothing", async () => {
    const receivedAt = "2026-11-26T00:00:00.000Z";
    const transact = (firstName: string) =>
      table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table.tableName,
                Item: { ...keys.webhookEvent("msg_1", receivedAt), expiresAt: 2_000_000_000 },
                ConditionExpression: "attribute_not_exists(PK)",
              },
            },
            { Put: { TableName: table.tableName, Item: { ...keys.user("user_10"), firstName } } },
          ],
        }),
      );
    await transact("First");
    await expect(transact("Second")).rejects.toBeInstanceOf(TransactionCanceledException);
    const user = await table.doc.send(
      new GetCommand({ TableName: table.tableName, Key: keys.user("user_10") }),
    );
    expect(user.Item?.firstName).toBe("First");
    expect((await query(keys.webhookEvents())).map((e) => e.PK as string)).toEqual([
      "WEBHOOK#msg_1",
    ]);
  });
});
