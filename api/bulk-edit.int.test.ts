/**
 * updateMilestones (bulk edit) through the local AppSync endpoint: real tokens, the real
 * authorizer, the bundled resolvers, DynamoDB Local. Per-id outcomes for mixed rights, owner
 * changes only by holders of org:milestones:manage and only to current members, validation
 * that changes nothing, version conflicts at read time, and a race between the read and the
 * write (a DynamoDB client that lets another write land just before the transaction) that
 * cancels the whole batch. The isolation matrix covers every actor × target
 * (api/matrix.int.test.ts, "bulk edit").
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem, userItem } from "../core/mirror";
import { BULK_UPDATE_MAX } from "../core/portable/milestone";
import { keys, type Scope } from "../core/table";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
const operations: string[] = [];
/** Run once just before the next TransactWriteItems reaches DynamoDB (a racing writer). */
let beforeNextTransaction: (() => Promise<void>) | null = null;

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;
const acme: Scope = { kind: "org", orgId: ACME };
const tokens: Record<string, string> = {};

interface Result {
  id: string;
  updated: boolean;
  version: number | null;
  errorType: string | null;
}

const BULK = `mutation ($items: [BulkMilestoneRef!]!, $input: BulkUpdateMilestonesInput!) {
  updateMilestones(items: $items, input: $input) { id updated version errorType }
}`;

const call = (actor: string, query: string, variables?: Record<string, unknown>) =>
  graphql(appsync.url, tokens[actor], query, variables);

const errorType = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.errorType;

async function create(actor: string, title: string, dueDate?: string) {
  const answer = await call(
    actor,
    "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version } }",
    { input: { title, ...(dueDate ? { dueDate } : {}) } },
  );
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data?.createMilestone as { id: string }).id;
}

const at1 = (...ids: string[]) => ids.map((id) => ({ id, expectedVersion: 1 }));

async function bulk(actor: string, items: unknown, input: unknown) {
  return call(actor, BULK, { items, input });
}

async function results(actor: string, items: unknown, input: unknown) {
  const answer = await bulk(actor, items, input);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.updateMilestones as Result[];
}

/** The caller's scope's counts by status, as the API serves them. */
async function counts(actor: string): Promise<Record<string, number>> {
  const answer = await call(actor, "{ milestoneStats { counts { status count } } }");
  expect(answer.body.errors).toBeUndefined();
  const stats = answer.body.data?.milestoneStats as { counts: { status: string; count: number }[] };
  return Object.fromEntries(stats.counts.map(({ status, count }) => [status, count]));
}

async function stored(scope: Scope, id: string) {
  const out = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: keys.milestone(scope, id),
      ConsistentRead: true,
    }),
  );
  return out.Item;
}

async function auditOf(targetId: string) {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": `AUDIT#ORG#${ACME}` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).filter(
    (entry) => entry.targetId === targetId && entry.action === "milestone.update",
  );
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("bulk"), startTestIssuer({ seed: true })]);
  // The endpoint's DynamoDB client, with a hook a test may set to write between the
  // resolver's read and its transaction (everything else goes straight through).
  const racing = {
    send: async (command: Parameters<DynamoDBClient["send"]>[0]) => {
      const hook = beforeNextTransaction;
      if (hook && command instanceof TransactWriteItemsCommand) {
        beforeNextTransaction = null;
        await hook();
      }
      return table.client.send(command);
    },
  } as unknown as DynamoDBClient;
  appsync = await startTestAppSync({
    api,
    table: { tableName: table.tableName, client: racing },
    issuer,
    onDynamoDbOperation: (operation) => operations.push(operation),
  });
  for (const user of Object.values(U))
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: userItem({
          id: user.id,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          imageUrl: null,
          updatedAt: Date.now(),
        }),
      }),
    );
  for (const [orgId, userId, role] of [
    [ACME, U.acmeAdmin.id, "org:admin"],
    [ACME, U.acmeMember1.id, "org:member"],
    [ACME, U.acmeMember2.id, "org:member"],
    [GLOBEX, U.globexAdmin.id, "org:admin"],
    [GLOBEX, U.globexMember.id, "org:member"],
  ] as const)
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: membershipItem({ orgId, userId, role, updatedAt: Date.now() }),
      }),
    );
  const mint = async (name: string, userId: string, orgId?: string) => {
    tokens[name] = await mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) });
  };
  await Promise.all([
    mint("personalA", U.personal.id),
    mint("acmeAdmin", U.acmeAdmin.id, ACME),
    mint("memberX", U.acmeMember1.id, ACME),
    mint("memberY", U.acmeMember2.id, ACME),
    mint("globexAdmin", U.globexAdmin.id, GLOBEX),
  ]);
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

describe("updateMilestones", () => {
  it("applies a member's own rows, refuses others' per id, and audits each applied row", async () => {
    const own1 = await create("memberX", "own one");
    const own2 = await create("memberX", "own two");
    const others = await create("memberY", "Y's");
    const globex = await create("globexAdmin", "Globex's");
    const from = operations.length;
    const answer = await results(
      "memberX",
      [...at1(own1, others, globex, "bad#id", "no-such-id", own2)],
      { status: "DONE", dueDate: "2027-01-31" },
    );
    expect(answer).toEqual([
      { id: own1, updated: true, version: 2, errorType: null },
      { id: others, updated: false, version: null, errorType: "Unauthorized" },
      { id: globex, updated: false, version: null, errorType: "NotFound" },
      { id: "bad#id", updated: false, version: null, errorType: "NotFound" },
      { id: "no-such-id", updated: false, version: null, errorType: "NotFound" },
      { id: own2, updated: true, version: 2, errorType: null },
    ]);
    // The membership check, one read of the rows, one transaction: no Scan, no per-row calls.
    expect(operations.slice(from)).toEqual(["GetItem", "BatchGetItem", "TransactWriteItems"]);
    for (const id of [own1, own2])
      expect(await stored(acme, id)).toMatchObject({
        status: "DONE",
        dueDate: "2027-01-31",
        version: 2,
        ownerId: U.acmeMember1.id,
        GSI2SK: `2027-01-31#${id}`,
        GSI3PK: `MILESTONES#ORG#${ACME}#STATUS#DONE`,
      });
    expect(await stored(acme, others)).toMatchObject({ status: "PLANNED", version: 1 });
    expect(await stored({ kind: "org", orgId: GLOBEX }, globex)).toMatchObject({
      status: "PLANNED",
      version: 1,
    });
    const [entry, ...more] = await auditOf(own1);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ actorId: U.acmeMember1.id, actorRole: "org:member" });
    expect(JSON.parse(String(entry?.before))).toMatchObject({ status: "PLANNED", version: 1 });
    expect(JSON.parse(String(entry?.after))).toMatchObject({
      status: "DONE",
      dueDate: "2027-01-31",
      version: 2,
    });
    expect(await auditOf(others)).toEqual([]);
  });

  it("keeps the scope's counts by status in the same transaction", async () => {
    const a = await create("memberX", "count a");
    const b = await create("memberX", "count b");
    const others = await create("memberY", "count refused");
    const before = await counts("acmeAdmin");
    await results("memberX", at1(a, b, others), { status: "BLOCKED" });
    const after = await counts("acmeAdmin");
    expect(after.PLANNED).toBe((before.PLANNED ?? 0) - 2);
    expect(after.BLOCKED).toBe((before.BLOCKED ?? 0) + 2);
    // A due-date-only edit moves no count.
    await results("memberX", [{ id: a, expectedVersion: 2 }], { dueDate: "2027-05-01" });
    expect(await counts("acmeAdmin")).toEqual(after);
  });

  it("lets an admin give members' rows to another current member", async () => {
    const a = await create("memberX", "reassign a");
    const b = await create("memberY", "reassign b");
    const from = operations.length;
    const answer = await results("acmeAdmin", at1(a, b), { ownerId: U.acmeMember2.id });
    expect(answer.map((one) => one.updated)).toEqual([true, true]);
    // The new owner's membership is read (consistently) before the rows.
    expect(operations.slice(from)).toEqual([
      "GetItem",
      "GetItem",
      "BatchGetItem",
      "TransactWriteItems",
    ]);
    for (const id of [a, b])
      expect(await stored(acme, id)).toMatchObject({ ownerId: U.acmeMember2.id, version: 2 });
    const [entry] = await auditOf(a);
    expect(JSON.parse(String(entry?.before))).toMatchObject({ ownerId: U.acmeMember1.id });
    expect(JSON.parse(String(entry?.after))).toMatchObject({ ownerId: U.acmeMember2.id });
    // The new owner may now edit it; the old one may not.
    expect(await results("memberX", [{ id: a, expectedVersion: 2 }], { status: "DONE" })).toEqual([
      { id: a, updated: false, version: null, errorType: "Unauthorized" },
    ]);
    expect(await results("memberY", [{ id: a, expectedVersion: 2 }], { status: "DONE" })).toEqual([
      { id: a, updated: true, version: 3, errorType: null },
    ]);
  });

  it("refuses a member's owner change per row, even of its own rows", async () => {
    const own = await create("memberX", "keep mine");
    const answer = await results("memberX", at1(own), {
      status: "DONE",
      ownerId: U.acmeMember2.id,
    });
    expect(answer).toEqual([{ id: own, updated: false, version: null, errorType: "Unauthorized" }]);
    expect(await stored(acme, own)).toMatchObject({ ownerId: U.acmeMember1.id, version: 1 });
  });

  it.each([
    ["a member of another org", U.globexMember.id],
    ["an unknown user", "user_nobody"],
    ["a malformed id", "user#x"],
  ])("refuses a new owner who is %s, changing nothing", async (_name, ownerId) => {
    const id = await create("memberX", "not theirs");
    const answer = await bulk("acmeAdmin", at1(id), { ownerId, status: "DONE" });
    expect(errorType(answer)).toBe("ValidationError");
    expect(answer.body.errors?.[0]?.message).toBe(
      "The new owner is not a member of this organization",
    );
    expect(await stored(acme, id)).toMatchObject({ ownerId: U.acmeMember1.id, version: 1 });
    expect(await auditOf(id)).toEqual([]);
  });

  it.each([
    ["no item", [], { status: "DONE" }],
    ["too many items", "many", { status: "DONE" }],
    ["nothing to update", "one", {}],
    ["an impossible date", "one", { dueDate: "2027-02-30" }],
    ["a date with an offset", "one", { dueDate: "2027-02-01Z" }],
    ["an unknown status", "one", { status: "LATER" }],
    ["a field bulk edit does not change", "one", { title: "renamed" }],
    ["the same id twice", "twice", { status: "DONE" }],
  ])("refuses %s with ValidationError, changing nothing", async (_name, shape, input) => {
    const id = await create("acmeAdmin", "valid target");
    const items =
      shape === "many"
        ? [...at1(id), ...Array.from({ length: BULK_UPDATE_MAX }, (_, i) => at1(`m${i}`)[0])]
        : shape === "one"
          ? at1(id)
          : shape === "twice"
            ? at1(id, id)
            : [];
    const from = operations.length;
    const answer = await bulk("acmeAdmin", items, input);
    expect(errorType(answer)).toBe("ValidationError");
    expect(answer.body.data?.updateMilestones ?? null).toBeNull();
    expect(operations.slice(from)).not.toContain("TransactWriteItems");
    expect(await stored(acme, id)).toMatchObject({ title: "valid target", version: 1 });
  });

  it("reports a stale version as ConflictError with the current version, and applies the rest", async () => {
    const stale = await create("acmeAdmin", "stale");
    const fresh = await create("acmeAdmin", "fresh");
    expect(await results("acmeAdmin", at1(stale), { status: "BLOCKED" })).toMatchObject([
      { updated: true, version: 2 },
    ]);
    const answer = await results("acmeAdmin", at1(stale, fresh), { status: "IN_PROGRESS" });
    expect(answer).toEqual([
      { id: stale, updated: false, version: 2, errorType: "ConflictError" },
      { id: fresh, updated: true, version: 2, errorType: null },
    ]);
    expect(await stored(acme, stale)).toMatchObject({ status: "BLOCKED", version: 2 });
  });

  it("clears due dates with null", async () => {
    const id = await create("acmeAdmin", "dated", "2027-03-01");
    await results("acmeAdmin", at1(id), { dueDate: null });
    expect(await stored(acme, id)).toMatchObject({ dueDate: null, GSI2SK: `~#${id}` });
  });

  it("cancels the whole batch when a row changes between the read and the write", async () => {
    const racer = await create("acmeAdmin", "raced");
    const other = await create("acmeAdmin", "bystander");
    const before = await counts("acmeAdmin");
    beforeNextTransaction = async () => {
      await table.doc.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.milestone(acme, racer),
          UpdateExpression: "SET version = :v, title = :t",
          ExpressionAttributeValues: { ":v": 2, ":t": "won the race" },
        }),
      );
    };
    const answer = await results("acmeAdmin", at1(other, racer), { status: "DONE" });
    expect(beforeNextTransaction).toBeNull();
    expect(answer).toEqual([
      { id: other, updated: false, version: null, errorType: "Aborted" },
      { id: racer, updated: false, version: null, errorType: "ConflictError" },
    ]);
    expect(await stored(acme, other)).toMatchObject({ status: "PLANNED", version: 1 });
    expect(await stored(acme, racer)).toMatchObject({
      status: "PLANNED",
      title: "won the race",
      version: 2,
    });
    expect(await auditOf(other)).toEqual([]);
    // Cancelled as a whole: the counters did not move either.
    expect(await counts("acmeAdmin")).toEqual(before);
  });

  it("edits own personal rows, writes no audit entry, and refuses owner changes there", async () => {
    const mine = await create("personalA", "personal");
    const personal: Scope = { kind: "personal", userId: U.personal.id };
    expect(await results("personalA", at1(mine), { status: "DONE" })).toMatchObject([
      { updated: true, version: 2 },
    ]);
    expect(await stored(personal, mine)).toMatchObject({ status: "DONE", version: 2 });
    expect(
      await results("personalA", [{ id: mine, expectedVersion: 2 }], { ownerId: U.acmeAdmin.id }),
    ).toEqual([{ id: mine, updated: false, version: null, errorType: "Unauthorized" }]);
    expect(await stored(personal, mine)).toMatchObject({ ownerId: U.personal.id, version: 2 });
    // Another user's personal row is not in the caller's scope.
    const acmeOne = await create("acmeAdmin", "org row");
    expect(await results("personalA", at1(acmeOne), { status: "DONE" })).toEqual([
      { id: acmeOne, updated: false, version: null, errorType: "NotFound" },
    ]);
  });
});
