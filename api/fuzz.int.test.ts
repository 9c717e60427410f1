/**
 * Fuzz: generated invalid inputs (wrong types, huge strings, invalid dates, bad enums,
 * negative and huge limits, malformed nextTokens and ids) through the local endpoint. Each
 * must answer 200 with a typed GraphQL error, and nothing may be written. Seeded: a failure
 * replays exactly (the seed is in the test name).
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem, userItem } from "../core/mirror";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { createRandom } from "../local/testing/random";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
let token: string;
let existingId: string;

const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin;
const SEED = 20260126;
const ERROR_TYPES = ["ValidationError", "NotFound"];

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("fuzz"), startTestIssuer({ seed: true })]);
  appsync = await startTestAppSync({ api, table, issuer });
  for (const item of [
    userItem({ ...ADA, imageUrl: null, updatedAt: 1 }),
    membershipItem({ orgId: ACME, userId: ADA.id, role: "org:admin", updatedAt: 1 }),
  ])
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
  token = await mintToken(issuer.url, { userId: ADA.id, orgId: ACME });
  const created = await graphql(
    appsync.url,
    token,
    `
      mutation {
        createMilestone(input: { title: "the one" }) {
          id
        }
      }
    `,
  );
  existingId = (created.body.data?.createMilestone as { id: string }).id;
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

async function stored() {
  const items = [];
  for (const pk of [`ORG#${ACME}`, `AUDIT#ORG#${ACME}`]) {
    const out = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: "PK = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ConsistentRead: true,
      }),
    );
    items.push(...(out.Items ?? []));
  }
  return JSON.stringify(items);
}

type Case = { name: string; query: string; variables: Record<string, unknown> };

function generate(): Case[] {
  const random = createRandom(SEED);
  const str = (n: number) =>
    Array.from({ length: n }, () => String.fromCharCode(random.int(32, 126))).join("");
  const control = () => String.fromCharCode(random.int(0, 31));
  const wrongTypes = () => random.pick([42, -1.5, true, {}, [], [str(3)], { nested: str(4) }]);
  const badDates = () =>
    random.pick([
      "2026-02-30",
      "2026-13-01",
      "2026-00-10",
      "2025-02-29",
      "26-01-01",
      "2026-1-1",
      "2026/01/01",
      "yesterday",
      "",
      `2026-01-0${control()}`,
      "2026-01-01Z",
      "2026-01-01+01:00",
      "2026-01-01T00:00:00Z",
      str(random.int(1, 40)),
    ]);
  const badLimits = () =>
    random.pick([0, -1, -random.int(2, 1e9), 101, random.int(102, 2 ** 31 - 1), 2 ** 31, 1.5]);
  const badTokens = () =>
    random.pick([
      str(random.int(1, 60)),
      `${str(10)}!${str(10)}`,
      "!",
      control() + str(5),
      "x".repeat(random.int(5_000, 20_000)),
      Buffer.from(str(30)).toString("base64"),
      Buffer.from(
        JSON.stringify(["MILESTONES#ORG#org_globex", "UPDATED_AT", "", "", "", ""]),
      ).toString("base64") + `!${str(20)}.${str(20)}`,
    ]);
  const badIds = () =>
    random.pick([
      `a#${str(3)}`,
      `MILESTONE#${str(5)}`,
      control(),
      `${str(3)}${control()}`,
      "x".repeat(random.int(257, 5_000)),
    ]);
  const badCreate = (): Record<string, unknown> =>
    random.pick<() => Record<string, unknown>>([
      () => ({ title: wrongTypes() }),
      () => ({ title: "" }),
      () => ({ title: " ".repeat(random.int(1, 50)) }),
      () => ({ title: str(random.int(201, 100_000)) }),
      () => ({ title: "ok", description: str(random.int(5_001, 200_000)) }),
      () => ({ title: "ok", description: wrongTypes() }),
      () => ({ title: "ok", dueDate: badDates() }),
      () => ({ title: "ok", status: random.pick(["planned", "LATER", "", str(8), 3]) }),
      () => ({
        title: "ok",
        [random.pick(["orgId", "ownerId", "id", "version", "scope"])]: str(8),
      }),
      () => ({ description: "no title" }),
    ])();

  const cases: Case[] = [];
  for (let i = 0; i < 70; i++) {
    cases.push({
      name: `create ${i}`,
      query: "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }",
      variables: { input: badCreate() },
    });
  }
  for (let i = 0; i < 50; i++) {
    const input = badCreate();
    delete input.description;
    if (!("title" in input) || input.title === "ok") delete input.title;
    cases.push({
      name: `update ${i}`,
      query:
        "mutation ($id: ID!, $v: Int!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, expectedVersion: $v, input: $input) { id } }",
      variables: {
        id: random.chance(0.2) ? badIds() : existingId,
        v: random.chance(0.2) ? random.pick(["1", 1.5, null, 2 ** 31]) : 1,
        input: Object.keys(input).length ? input : { title: str(300) },
      },
    });
  }
  for (let i = 0; i < 40; i++) {
    cases.push({
      name: `list ${i}`,
      query:
        "query ($limit: Int, $next: String, $filter: MilestoneFilter) { milestones(limit: $limit, nextToken: $next, filter: $filter) { items { id } } }",
      variables: random.pick([
        () => ({ limit: badLimits() }),
        () => ({ next: badTokens() }),
        () => ({ filter: { dueBefore: badDates() } }),
        () => ({ filter: { status: str(5) } }),
        () => ({ filter: { titleContains: str(random.int(201, 5_000)) } }),
        () => ({ limit: str(2) }),
      ])(),
    });
  }
  for (let i = 0; i < 30; i++) {
    cases.push({
      name: `get or delete ${i}`,
      query: random.chance(0.5)
        ? "query ($id: ID!) { milestone(id: $id) { id } }"
        : "mutation ($id: ID!) { deleteMilestone(id: $id, expectedVersion: 1) { id } }",
      variables: { id: badIds() },
    });
  }
  for (let i = 0; i < 30; i++) {
    cases.push({
      name: `admin lists ${i}`,
      query: random.pick([
        "query ($limit: Int, $next: String) { auditLog(limit: $limit, nextToken: $next) { items { id } } }",
        "query ($limit: Int, $next: String) { orgMembers(limit: $limit, nextToken: $next) { items { userId } } }",
        "query ($limit: Int, $next: String) { syncEvents(limit: $limit, nextToken: $next) { items { id } } }",
      ]),
      variables: random.chance(0.5) ? { limit: badLimits() } : { next: badTokens() },
    });
  }
  for (let i = 0; i < 20; i++) {
    cases.push({
      name: `bulk delete ${i}`,
      query: "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted } }",
      variables: {
        ids: random.chance(0.5) ? [] : Array.from({ length: random.int(26, 200) }, () => str(8)),
      },
    });
  }
  return cases;
}

describe(`fuzz (seed ${SEED})`, () => {
  it("answers every generated invalid input (≥ 200) with typed errors, no 5xx and no write", async () => {
    const cases = generate();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const before = await stored();
    const failures: string[] = [];
    for (const c of cases) {
      const answer = await graphql(appsync.url, token, c.query, c.variables);
      const type = answer.body.errors?.[0]?.errorType ?? "";
      if (answer.status !== 200 || !ERROR_TYPES.includes(type))
        failures.push(`${c.name}: ${answer.status} ${type} ${answer.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await stored()).toBe(before);
  });
});
