/**
 * The milestone counters under concurrent writes: two users of one org (the admin and a
 * member) and one personal user run creates, status changes, single and bulk deletes at
 * once through the local AppSync endpoint (real tokens, real authorizer, resolvers as
 * bundled, DynamoDB Local), then `milestoneStats` must equal the truth computed by Querying
 * the scope's milestones. A write cancelled by a concurrent transaction (TransactionConflict)
 * is retried, as the dashboard's API client does; one cancelled for a stale version is not.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import { MILESTONE_STATUSES } from "../core/portable/milestone";
import { keys, toQueryParams, type Scope } from "../core/table";
import type { LocalAppSync } from "../local/appsync/server";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;

const ACME = DEMO.orgs.acme.id;
const U = DEMO.users;
const tokens: Record<"admin" | "member" | "personal", string> = {
  admin: "",
  member: "",
  personal: "",
};
/** How many writes a concurrent one cancelled, and how many were sent again. */
let conflicts = 0;

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("stats"), startTestIssuer({ seed: true })]);
  appsync = await startTestAppSync({ api, table, issuer });
  for (const [userId, role] of [
    [U.acmeAdmin.id, "org:admin"],
    [U.acmeMember1.id, "org:member"],
  ] as const)
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: membershipItem({ orgId: ACME, userId, role, updatedAt: 1 }),
      }),
    );
  tokens.admin = await mintToken(issuer.url, { userId: U.acmeAdmin.id, orgId: ACME });
  tokens.member = await mintToken(issuer.url, { userId: U.acmeMember1.id, orgId: ACME });
  tokens.personal = await mintToken(issuer.url, { userId: U.personal.id });
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

type Who = keyof typeof tokens;

/** A GraphQL call, sent again (at most 8 times) while it answers TransactionConflict. */
async function call(who: Who, query: string, variables: Record<string, unknown> = {}) {
  let answer: GraphQLAnswer = await graphql(appsync.url, tokens[who], query, variables);
  for (let attempt = 1; attempt < 8; attempt++) {
    if (answer.body.errors?.[0]?.errorType !== "TransactionConflict") break;
    conflicts++;
    answer = await graphql(appsync.url, tokens[who], query, variables);
  }
  expect(answer.status).toBe(200);
  return answer;
}

async function create(who: Who, status: string) {
  const answer = await call(
    who,
    'mutation ($s: MilestoneStatus) { createMilestone(input: { title: "m", status: $s }) { id version status } }',
    { s: status },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.createMilestone as { id: string; version: number; status: string };
}

async function setStatus(who: Who, m: { id: string; version: number }, status: string) {
  return call(
    who,
    "mutation ($id: ID!, $v: Int!, $s: MilestoneStatus) { updateMilestone(id: $id, expectedVersion: $v, input: { status: $s }) { id version } }",
    { id: m.id, v: m.version, s: status },
  );
}

async function remove(who: Who, m: { id: string; version: number }) {
  return call(
    who,
    "mutation ($id: ID!, $v: Int!) { deleteMilestone(id: $id, expectedVersion: $v) { id } }",
    { id: m.id, v: m.version },
  );
}

async function stats(who: Who) {
  const answer = await call(who, "{ milestoneStats { counts { status count } total } }");
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.milestoneStats as {
    counts: { status: string; count: number }[];
    total: number;
  };
}

/** The truth: the scope's milestones, Queried whole (its list partition), counted by status. */
async function truth(scope: Scope) {
  const counts: Record<string, number> = Object.fromEntries(MILESTONE_STATUSES.map((s) => [s, 0]));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(keys.milestones(scope, { sort: "UPDATED_AT" })),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      counts[String(item.status)] = (counts[String(item.status)] ?? 0) + 1;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return {
    counts: MILESTONE_STATUSES.map((status) => ({ status, count: counts[status] ?? 0 })),
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

/** The counter shards as stored: none may ever go negative. */
async function shards(scope: Scope) {
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      ...toQueryParams(keys.milestoneStatsShards(scope)),
      ConsistentRead: true,
    }),
  );
  return page.Items ?? [];
}

const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;

describe("milestoneStats", () => {
  it("counts nothing in a scope without milestones", async () => {
    expect(await stats("personal")).toEqual({
      counts: MILESTONE_STATUSES.map((status) => ({ status, count: 0 })),
      total: 0,
    });
  });

  it("stays exact under concurrent creates, status changes and deletes by two users", async () => {
    const acme: Scope = { kind: "org", orgId: ACME };
    // Round 1: 60 creates at once, by both users, every status.
    const created = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        create(i % 2 === 0 ? "admin" : "member", pick(MILESTONE_STATUSES, i)).then((m) => ({
          ...m,
          who: (i % 2 === 0 ? "admin" : "member") as Who,
        })),
      ),
    );
    expect(await stats("admin")).toEqual(await truth(acme));

    // Round 2, all at once: status changes (some racing on the same milestone with the same
    // version: exactly one of each pair lands), single deletes, a bulk delete by the admin,
    // and more creates.
    const bulk = created.slice(40, 50);
    const [answers] = await Promise.all([
      Promise.all([
        ...created.slice(0, 20).map((m, i) => setStatus(m.who, m, pick(MILESTONE_STATUSES, i + 1))),
        ...created.slice(0, 10).map((m) => setStatus("admin", m, "DONE")),
        ...created.slice(20, 35).map((m) => remove(m.who, m)),
        call(
          "admin",
          "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted errorType } }",
          { ids: bulk.map((m) => m.id) },
        ),
      ]),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          create(i % 2 === 0 ? "member" : "admin", pick(MILESTONE_STATUSES, i + 2)),
        ),
      ),
    ]);
    // Every write either landed or was refused for a stale version; none failed otherwise.
    for (const answer of answers)
      for (const error of answer.body.errors ?? []) expect(error.errorType).toBe("ConflictError");
    const racing = answers.slice(0, 30).filter((a) => a.body.errors === undefined);
    expect(racing.length).toBeGreaterThanOrEqual(20);

    const want = await truth(acme);
    expect(want.total).toBe(60 - 15 - 10 + 20);
    expect(await stats("admin")).toEqual(want);
    expect(await stats("member")).toEqual(want);
    for (const shard of await shards(acme))
      for (const status of MILESTONE_STATUSES)
        expect((shard[status] as number | undefined) ?? 0).toBeGreaterThanOrEqual(0);
    console.log(`stats.int: ${conflicts} writes cancelled by a concurrent one and sent again`);
  });

  it("counts a personal scope apart from the org's", async () => {
    const personal: Scope = { kind: "personal", userId: U.personal.id };
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) => create("personal", pick(MILESTONE_STATUSES, i))),
    );
    await Promise.all([
      ...made.slice(0, 4).map((m) => setStatus("personal", m, "BLOCKED")),
      ...made.slice(4, 7).map((m) => remove("personal", m)),
    ]);
    const want = await truth(personal);
    expect(want.total).toBe(9);
    expect(await stats("personal")).toEqual(want);
  });

  it("leaves the counts alone for an edit that keeps the status, and for a refused write", async () => {
    const acme: Scope = { kind: "org", orgId: ACME };
    const before = await stats("admin");
    const m = await create("member", "PLANNED");
    const stale = await setStatus("member", { id: m.id, version: m.version + 5 }, "DONE");
    expect(stale.body.errors?.[0]?.errorType).toBe("ConflictError");
    const title = await call(
      "member",
      'mutation ($id: ID!, $v: Int!) { updateMilestone(id: $id, expectedVersion: $v, input: { title: "t2" }) { version } }',
      { id: m.id, v: m.version },
    );
    expect(title.body.errors).toBeUndefined();
    const after = await stats("admin");
    expect(after.total).toBe(before.total + 1);
    expect(after.counts.find((c) => c.status === "PLANNED")?.count).toBe(
      (before.counts.find((c) => c.status === "PLANNED")?.count ?? 0) + 1,
    );
    expect(after).toEqual(await truth(acme));
  });
});
