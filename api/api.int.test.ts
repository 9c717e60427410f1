/**
 * The product API through the local AppSync endpoint: real tokens from the local issuer,
 * verified by the real authorizer handler, resolvers bundled as deployed, on DynamoDB Local.
 * Mirror items (users, memberships) are written with core/mirror's builders, as the webhook
 * sync writes them.
 */
import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventRecord, membershipItem, userItem } from "../core/mirror";
import { keys } from "../core/table";
import { createHandler } from "../lambdas/authorizer/authorizer";
import { startLocalAppSync, type LocalAppSync } from "../local/appsync/server";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { bundleAppSyncCode } from "./bundle";
import { codeFiles } from "./resolver-map";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
const operations: string[] = [];

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;

/** Tokens by actor, minted once (60 s lifetime is plenty for the suite). */
const tokens: Record<string, string> = {};

const MILESTONE =
  "id scope orgId ownerId owner { id name imageUrl } title description status dueDate createdAt updatedAt version";

interface Milestone {
  id: string;
  scope: string;
  orgId: string | null;
  ownerId: string;
  owner: { id: string; name: string | null; imageUrl: string | null } | null;
  title: string;
  description: string;
  status: string;
  dueDate: string | null;
  version: number;
  updatedAt: string;
}

async function issuerCall(method: string, path: string, body: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
}

async function putMirror(item: Record<string, unknown>) {
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
}

const membership = (orgId: string, userId: string, role: string) =>
  membershipItem({ orgId, userId, role, updatedAt: Date.now() });

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("api"), startTestIssuer({ seed: true })]);
  const authorizer = createHandler(
    {
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_ISSUER: issuer.url,
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
    },
    { log: () => {} },
  );
  appsync = await startLocalAppSync({
    api: { ...api, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer,
    onDynamoDbOperation: (operation) => operations.push(operation),
  });

  // Two extra Acme users: one removed by webhook later, one admin in the token but demoted
  // in the mirror.
  for (const [id, firstName] of [
    ["user_removed", "Rita"],
    ["user_demoted", "Dora"],
  ] as const) {
    await issuerCall("POST", "/admin/users", {
      id,
      firstName,
      lastName: "Test",
      email: `${id}@acme.test`,
    });
  }
  await issuerCall("POST", "/admin/memberships", {
    orgId: ACME,
    userId: "user_removed",
    role: "org:member",
  });
  await issuerCall("POST", "/admin/memberships", {
    orgId: ACME,
    userId: "user_demoted",
    role: "org:admin",
  });

  // The mirror, as the webhook sync leaves it (the demoted admin is a member there).
  for (const user of Object.values(U))
    await putMirror(
      userItem({
        id: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        imageUrl: `https://img.test/${user.id}.png`,
        updatedAt: Date.now(),
      }),
    );
  for (const item of [
    membership(ACME, U.acmeAdmin.id, "org:admin"),
    membership(ACME, U.acmeMember1.id, "org:member"),
    membership(ACME, U.acmeMember2.id, "org:member"),
    membership(GLOBEX, U.globexAdmin.id, "org:admin"),
    membership(GLOBEX, U.globexMember.id, "org:member"),
    membership(ACME, "user_removed", "org:member"),
    membership(ACME, "user_demoted", "org:member"),
  ])
    await putMirror(item);

  const mint = async (name: string, userId: string, orgId?: string) => {
    tokens[name] = await mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) });
  };
  await Promise.all([
    mint("personalA", U.personal.id),
    mint("personalB", U.globexMember.id),
    mint("acmeAdmin", U.acmeAdmin.id, ACME),
    mint("memberX", U.acmeMember1.id, ACME),
    mint("memberY", U.acmeMember2.id, ACME),
    mint("globexAdmin", U.globexAdmin.id, GLOBEX),
    mint("removed", "user_removed", ACME),
    mint("demoted", "user_demoted", ACME),
  ]);
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

const call = (actor: string | undefined, query: string, variables?: Record<string, unknown>) =>
  graphql(appsync.url, actor === undefined ? undefined : tokens[actor], query, variables);

async function create(actor: string, input: Record<string, unknown>): Promise<Milestone> {
  const answer = await call(
    actor,
    `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { ${MILESTONE} } }`,
    { input },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.createMilestone as Milestone;
}

const get = (actor: string, id: string) =>
  call(actor, `query ($id: ID!) { milestone(id: $id) { ${MILESTONE} } }`, { id });

const update = (actor: string, id: string, expectedVersion: number, input: unknown) =>
  call(
    actor,
    `mutation ($id: ID!, $v: Int!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, expectedVersion: $v, input: $input) { ${MILESTONE} } }`,
    { id, v: expectedVersion, input },
  );

const remove = (actor: string, id: string, expectedVersion: number) =>
  call(
    actor,
    `mutation ($id: ID!, $v: Int!) { deleteMilestone(id: $id, expectedVersion: $v) { id version } }`,
    { id, v: expectedVersion },
  );

const list = (actor: string, args: Record<string, unknown> = {}) =>
  call(
    actor,
    `query ($filter: MilestoneFilter, $sort: MilestoneSort, $limit: Int, $next: String) {
      milestones(filter: $filter, sort: $sort, limit: $limit, nextToken: $next) { items { ${MILESTONE} } nextToken }
    }`,
    args,
  );

const errorType = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.errorType;

/** Every item stored in a partition (milestones of a scope, or an org's audit log). */
async function partition(pk: string) {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: "PK = :pk",
      ExpressionAttributeValues: { ":pk": pk },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe("milestones in an org", () => {
  it("creates, reads, updates and deletes, with the owner from the mirror and an audit entry each", async () => {
    const auditBefore = (await partition(`AUDIT#ORG#${ACME}`)).length;
    const created = await create("memberX", {
      title: "  Launch  ",
      description: "the big one",
      dueDate: "2026-03-01",
    });
    expect(created).toMatchObject({
      scope: "ORG",
      orgId: ACME,
      ownerId: U.acmeMember1.id,
      owner: {
        id: U.acmeMember1.id,
        name: "Grace Hopper",
        imageUrl: `https://img.test/${U.acmeMember1.id}.png`,
      },
      title: "Launch",
      description: "the big one",
      status: "PLANNED",
      dueDate: "2026-03-01",
      version: 1,
    });

    expect((await get("memberX", created.id)).body.data?.milestone).toEqual(created);

    const updated = await update("memberX", created.id, 1, { status: "DONE", dueDate: null });
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data?.updateMilestone).toMatchObject({
      id: created.id,
      title: "Launch",
      status: "DONE",
      dueDate: null,
      version: 2,
    });

    const deleted = await remove("memberX", created.id, 2);
    expect(deleted.body).toEqual({ data: { deleteMilestone: { id: created.id, version: 2 } } });
    expect(errorType(await get("memberX", created.id))).toBe("NotFound");

    const audit = (await partition(`AUDIT#ORG#${ACME}`)).filter(
      (entry) => entry.targetId === created.id,
    );
    expect(audit.map((entry) => entry.action as string).sort()).toEqual([
      "milestone.create",
      "milestone.delete",
      "milestone.update",
    ]);
    expect(audit.every((entry) => entry.actorId === U.acmeMember1.id)).toBe(true);
    const updateEntry = audit.find((entry) => entry.action === "milestone.update");
    expect(JSON.parse(updateEntry?.before as string)).toMatchObject({ status: "PLANNED" });
    expect(JSON.parse(updateEntry?.after as string)).toMatchObject({ status: "DONE" });
    expect((await partition(`AUDIT#ORG#${ACME}`)).length).toBe(auditBefore + 3);
  });

  it("lets members read all of the org's milestones but change only their own", async () => {
    const ofX = await create("memberX", { title: "X's" });
    const read = await get("memberY", ofX.id);
    expect(read.body.data?.milestone).toMatchObject({ id: ofX.id, ownerId: U.acmeMember1.id });

    const edit = await update("memberY", ofX.id, 1, { title: "hijacked" });
    expect(errorType(edit)).toBe("Unauthorized");
    expect(errorType(await remove("memberY", ofX.id, 1))).toBe("Unauthorized");
    expect((await get("memberX", ofX.id)).body.data?.milestone).toMatchObject({
      title: "X's",
      version: 1,
    });

    const ofY = await create("memberY", { title: "Y's" });
    const listed = await list("memberX", { limit: 100 });
    const ids = (listed.body.data?.milestones as { items: Milestone[] }).items.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([ofX.id, ofY.id]));
  });

  it("lets admins change and delete anyone's milestone in the org", async () => {
    const ofX = await create("memberX", { title: "X's, for the admin" });
    const edited = await update("acmeAdmin", ofX.id, 1, { title: "edited by admin" });
    expect(edited.body.data?.updateMilestone).toMatchObject({
      title: "edited by admin",
      ownerId: U.acmeMember1.id,
      version: 2,
    });
    expect((await remove("acmeAdmin", ofX.id, 2)).body.errors).toBeUndefined();
    expect(errorType(await get("memberX", ofX.id))).toBe("NotFound");
  });
});

describe("tenant isolation", () => {
  it("answers NotFound for another org's ids and never lists them", async () => {
    const acmes = await create("acmeAdmin", { title: "Acme secret" });
    expect(errorType(await get("globexAdmin", acmes.id))).toBe("NotFound");
    expect(errorType(await update("globexAdmin", acmes.id, 1, { title: "pwned" }))).toBe(
      "NotFound",
    );
    expect(errorType(await remove("globexAdmin", acmes.id, 1))).toBe("NotFound");
    const globexList = await list("globexAdmin", { limit: 100 });
    const items = (globexList.body.data?.milestones as { items: Milestone[] }).items;
    expect(items.some((m) => m.id === acmes.id)).toBe(false);
    expect(items.every((m) => m.orgId === GLOBEX)).toBe(true);
    // Untouched.
    expect((await get("acmeAdmin", acmes.id)).body.data?.milestone).toMatchObject({
      title: "Acme secret",
      version: 1,
    });
  });

  it("keeps personal milestones to their owner, and org milestones out of personal scope", async () => {
    const ofA = await create("personalA", { title: "A's own" });
    expect(ofA).toMatchObject({ scope: "PERSONAL", orgId: null, ownerId: U.personal.id });
    for (const actor of ["personalB", "acmeAdmin", "globexAdmin"]) {
      expect(errorType(await get(actor, ofA.id))).toBe("NotFound");
      expect(errorType(await update(actor, ofA.id, 1, { title: "x" }))).toBe("NotFound");
      expect(errorType(await remove(actor, ofA.id, 1))).toBe("NotFound");
    }
    const acmes = await create("memberX", { title: "org only" });
    expect(errorType(await get("personalA", acmes.id))).toBe("NotFound");
    const personalList = await list("personalB", { limit: 100 });
    const items = (personalList.body.data?.milestones as { items: Milestone[] }).items;
    expect(items.every((m) => m.ownerId === U.globexMember.id && m.scope === "PERSONAL")).toBe(
      true,
    );
  });

  it("refuses an orgId smuggled in the arguments (the schema has no such argument)", async () => {
    const answer = await call(
      "personalA",
      `mutation { createMilestone(input: { title: "smuggled", orgId: "${ACME}" }) { id } }`,
    );
    expect(errorType(answer)).toBe("ValidationError");
    expect((await partition(`ORG#${ACME}`)).some((item) => item.title === "smuggled")).toBe(false);
  });

  it("denies a member removed by webhook at once, although the token is still valid", async () => {
    const own = await create("removed", { title: "before removal" });
    expect((await get("removed", own.id)).body.data?.milestone).toMatchObject({ id: own.id });
    await table.doc.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: (({ PK, SK }) => ({ PK, SK }))(keys.membership(ACME, "user_removed")),
      }),
    );
    expect(errorType(await get("removed", own.id))).toBe("Unauthorized");
    expect(errorType(await list("removed"))).toBe("Unauthorized");
    expect(errorType(await update("removed", own.id, 1, { title: "still here?" }))).toBe(
      "Unauthorized",
    );
    const created = await call(
      "removed",
      `mutation { createMilestone(input: { title: "after removal" }) { id } }`,
    );
    expect(errorType(created)).toBe("Unauthorized");
    expect((await partition(`ORG#${ACME}`)).some((item) => item.title === "after removal")).toBe(
      false,
    );
  });

  it("lets an admin demoted in the mirror act only as a member", async () => {
    const ofX = await create("memberX", { title: "not the demoted's" });
    expect(errorType(await update("demoted", ofX.id, 1, { title: "as admin?" }))).toBe(
      "Unauthorized",
    );
    expect(errorType(await remove("demoted", ofX.id, 1))).toBe("Unauthorized");
    const own = await create("demoted", { title: "demoted's own" });
    expect((await update("demoted", own.id, 1, { status: "BLOCKED" })).body.errors).toBeUndefined();
  });

  it("refuses calls without a token or with a forged one (401)", async () => {
    const none = await graphql(appsync.url, undefined, "{ milestones { nextToken } }");
    expect(none.status).toBe(401);
    const forged = await graphql(appsync.url, "Bearer forged", "{ milestones { nextToken } }");
    expect(forged.status).toBe(401);
  });
});

describe("optimistic concurrency", () => {
  it("refuses a stale version with ConflictError and the current version, changing nothing", async () => {
    const m = await create("acmeAdmin", { title: "v1" });
    await update("acmeAdmin", m.id, 1, { title: "v2" });
    const stale = await update("acmeAdmin", m.id, 1, { title: "lost" });
    expect(stale.body.errors?.[0]).toMatchObject({
      errorType: "ConflictError",
      data: { currentVersion: 2 },
    });
    expect(errorType(await remove("acmeAdmin", m.id, 1))).toBe("ConflictError");
    expect((await get("acmeAdmin", m.id)).body.data?.milestone).toMatchObject({
      title: "v2",
      version: 2,
    });
  });

  it("lets exactly one of two racing updates with the same version land", async () => {
    const m = await create("acmeAdmin", { title: "race" });
    const answers = await Promise.all([
      update("acmeAdmin", m.id, 1, { title: "first" }),
      update("acmeAdmin", m.id, 1, { title: "second" }),
    ]);
    const won = answers.filter((a) => a.body.errors === undefined);
    const lost = answers.filter((a) => errorType(a) === "ConflictError");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0]?.body.data?.updateMilestone as Milestone;
    expect((await get("acmeAdmin", m.id)).body.data?.milestone).toMatchObject({
      title: winner.title,
      version: 2,
    });
  });
});

describe("validation", () => {
  const invalidCreates: [string, Record<string, unknown>][] = [
    ["empty title", { title: "" }],
    ["blank title", { title: "   " }],
    ["title too long", { title: "x".repeat(201) }],
    ["description too long", { title: "ok", description: "x".repeat(5001) }],
    ["impossible date", { title: "ok", dueDate: "2026-02-30" }],
    ["date with offset", { title: "ok", dueDate: "2026-02-01Z" }],
    ["unknown status", { title: "ok", status: "LATER" }],
    ["title of the wrong type", { title: 42 }],
    ["unknown field", { title: "ok", ownerId: U.acmeMember2.id }],
  ];

  it.each(invalidCreates)("refuses a create with %s, writing nothing", async (_name, input) => {
    const before = (await partition(`ORG#${ACME}`)).length;
    const answer = await call(
      "memberX",
      `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
      { input },
    );
    expect(answer.status).toBe(200);
    expect(errorType(answer)).toBe("ValidationError");
    expect((await partition(`ORG#${ACME}`)).length).toBe(before);
  });

  it("refuses an empty or invalid update and keeps the milestone as it was", async () => {
    const m = await create("memberX", { title: "keep" });
    for (const input of [{}, { title: "" }, { title: null }, { description: "x".repeat(5001) }]) {
      expect(errorType(await update("memberX", m.id, 1, input))).toBe("ValidationError");
    }
    expect((await get("memberX", m.id)).body.data?.milestone).toMatchObject({
      title: "keep",
      version: 1,
    });
  });

  it.each([0, -1, 101, 1_000_000])("refuses limit %i", async (limit) => {
    expect(errorType(await list("memberX", { limit }))).toBe("ValidationError");
  });

  it.each(["a#b", "MILESTONE#x", "\u0001", "x".repeat(300)])(
    "answers a malformed id %j with NotFound",
    async (id) => {
      expect(errorType(await get("memberX", id))).toBe("NotFound");
    },
  );
});

describe("listing and pagination", () => {
  it("pages through a scope newest first, by due date, and by status, with no duplicates", async () => {
    const made: Milestone[] = [];
    const statuses = ["PLANNED", "DONE", "PLANNED", "BLOCKED", "DONE", "PLANNED", "DONE"];
    for (const [i, status] of statuses.entries())
      made.push(
        await create("personalB", {
          title: `page ${i}`,
          status,
          ...(i % 3 === 0 ? {} : { dueDate: `2026-05-${String(10 - i).padStart(2, "0")}` }),
        }),
      );

    const walk = async (args: Record<string, unknown>) => {
      const seen: Milestone[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const answer = await list("personalB", { ...args, limit: 3, next });
        expect(answer.body.errors).toBeUndefined();
        const page = answer.body.data?.milestones as { items: Milestone[]; nextToken: string };
        seen.push(...page.items);
        next = page.nextToken;
        pages++;
      } while (next && pages < 20);
      return { seen, pages };
    };

    const all = await walk({});
    expect(all.pages).toBeGreaterThan(2);
    expect(all.seen.map((m) => m.id).sort()).toEqual(made.map((m) => m.id).sort());
    const updated = all.seen.map((m) => m.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(all.seen.every((m) => m.owner?.name === "Edsger Dijkstra")).toBe(true);

    const byDue = await walk({ sort: "DUE_DATE" });
    const due = byDue.seen.map((m) => m.dueDate ?? "~");
    expect(due).toEqual([...due].sort());
    expect(byDue.seen).toHaveLength(made.length);

    const done = await walk({ filter: { status: "DONE" } });
    expect(done.seen.map((m) => m.id).sort()).toEqual(
      made
        .filter((m) => m.status === "DONE")
        .map((m) => m.id)
        .sort(),
    );

    // One status in due-date order (issue 18): GSI2 with a status filter, so the order is the
    // due date's (undated last), not GSI3's updatedAt order; filtered pages may be short, but
    // walking the cursor finds each one exactly once.
    const doneByDue = await walk({ sort: "DUE_DATE", filter: { status: "DONE" } });
    const expectedDone = made
      .filter((m) => m.status === "DONE")
      // Code-unit order, as DynamoDB sorts: "~" (no due date) after every date.
      .sort((x, y) => ((x.dueDate ?? "~") < (y.dueDate ?? "~") ? -1 : 1));
    expect(doneByDue.seen.map((m) => m.id)).toEqual(expectedDone.map((m) => m.id));
    expect(doneByDue.seen.at(-1)?.dueDate).toBeNull();

    const titled = await walk({ filter: { titleContains: "page 1" } });
    expect(titled.seen.map((m) => m.title)).toEqual(["page 1"]);
    // Case-insensitive, and it follows a renamed title.
    expect((await walk({ filter: { titleContains: "PaGe 2" } })).seen.map((m) => m.title)).toEqual([
      "page 2",
    ]);
    const renamed = made[3]!;
    expect(
      (await update("personalB", renamed.id, renamed.version, { title: "Launch Review" })).body
        .errors,
    ).toBeUndefined();
    expect((await walk({ filter: { titleContains: "launch rev" } })).seen.map((m) => m.id)).toEqual(
      [renamed.id],
    );
    expect((await walk({ filter: { titleContains: "page 3" } })).seen).toEqual([]);

    const dueBefore = await walk({ filter: { dueBefore: "2026-05-08" } });
    expect(dueBefore.seen.every((m) => m.dueDate !== null && m.dueDate < "2026-05-08")).toBe(true);
    expect(dueBefore.seen.length).toBeGreaterThan(0);
  });

  it("refuses a nextToken from another scope, another query, or tampered with", async () => {
    for (let i = 0; i < 3; i++) await create("personalA", { title: `tok ${i}` });
    const first = await list("personalA", { limit: 1 });
    const token = (first.body.data?.milestones as { nextToken: string }).nextToken;
    expect(token).toEqual(expect.any(String));

    expect(errorType(await list("personalB", { limit: 1, next: token }))).toBe("ValidationError");
    expect(errorType(await list("acmeAdmin", { limit: 1, next: token }))).toBe("ValidationError");
    expect(
      errorType(await list("personalA", { limit: 1, next: token, filter: { status: "DONE" } })),
    ).toBe("ValidationError");
    expect(errorType(await list("personalA", { limit: 1, next: token, sort: "DUE_DATE" }))).toBe(
      "ValidationError",
    );
    for (const bad of ["garbage", `${token}x`, token.slice(0, -2), ""]) {
      const answer = await list("personalA", { limit: 1, next: bad });
      expect(answer.body.data).toBeNull();
      expect(errorType(answer)).toMatch(/ValidationError|DynamoDB:ValidationException/);
    }
    // The token itself still works where it came from.
    const second = await list("personalA", { limit: 1, next: token });
    expect(second.body.errors).toBeUndefined();
  });
});

describe("me", () => {
  it("tells the caller who they are, with the effective role", async () => {
    const admin = await call(
      "acmeAdmin",
      "{ me { userId firstName lastName scope orgId orgSlug role permissions } }",
    );
    expect(admin.body.data?.me).toMatchObject({
      userId: U.acmeAdmin.id,
      firstName: "Ada",
      lastName: "Lovelace",
      scope: "ORG",
      orgId: ACME,
      orgSlug: "acme",
      role: "org:admin",
    });
    // The effective permissions: an admin's defaults, system ones included (from the mirror).
    expect((admin.body.data?.me as { permissions: string[] }).permissions).toEqual([
      "org:milestones:read",
      "org:milestones:create",
      "org:milestones:manage",
      "org:sys_memberships:read",
      "org:sys_memberships:manage",
    ]);
    // Demoted by the mirror: a member's, although the token still lists an admin's.
    const demoted = await call("demoted", "{ me { role permissions } }");
    expect(demoted.body.data?.me).toEqual({
      role: "org:member",
      permissions: ["org:milestones:read", "org:milestones:create"],
    });
    const personal = await call("personalA", "{ me { userId scope orgId role } }");
    expect(personal.body.data?.me).toEqual({
      userId: U.personal.id,
      scope: "PERSONAL",
      orgId: null,
      role: null,
    });
  });
});

describe("admin-only fields", () => {
  const ADMIN_ONLY: [string, string][] = [
    ["orgMembers", "{ orgMembers { items { userId } nextToken } }"],
    ["auditLog", "{ auditLog { items { id } nextToken } }"],
    ["syncEvents", "{ syncEvents { items { id } nextToken } }"],
    ["deleteMilestones", 'mutation { deleteMilestones(ids: ["x"]) { id deleted } }'],
  ];

  it.each(ADMIN_ONLY)("refuses %s to members, demoted admins and personal users", async (_f, q) => {
    for (const actor of ["memberX", "demoted", "personalA", "removed"]) {
      expect(errorType(await call(actor, q))).toBe("Unauthorized");
    }
  });

  it("lists the org's members with their mirrored names, paged, to its admin only", async () => {
    const seen: { userId: string; role: string; firstName: string | null }[] = [];
    let next: string | null = null;
    do {
      const answer = await call(
        "acmeAdmin",
        "query ($next: String) { orgMembers(limit: 2, nextToken: $next) { items { userId role firstName } nextToken } }",
        { next },
      );
      expect(answer.body.errors).toBeUndefined();
      const page = answer.body.data?.orgMembers as { items: typeof seen; nextToken: string };
      seen.push(...page.items);
      next = page.nextToken;
    } while (next);
    expect(seen).toEqual(
      expect.arrayContaining([
        { userId: U.acmeAdmin.id, role: "org:admin", firstName: "Ada" },
        { userId: U.acmeMember1.id, role: "org:member", firstName: "Grace" },
        { userId: "user_demoted", role: "org:member", firstName: null },
      ]),
    );
    expect(seen.some((m) => m.userId === U.globexAdmin.id)).toBe(false);
    const globex = await call("globexAdmin", "{ orgMembers { items { userId } } }");
    const ids = (globex.body.data?.orgMembers as { items: { userId: string }[] }).items;
    expect(ids.map((m) => m.userId).sort()).toEqual([U.globexMember.id, U.globexAdmin.id].sort());
  });

  it("shows the org's audit log, newest first, to its admin and no other org's", async () => {
    const m = await create("memberY", { title: "audited" });
    const answer = await call(
      "acmeAdmin",
      "{ auditLog(limit: 5) { items { at actorId action targetType targetId before after } nextToken } }",
    );
    const page = answer.body.data?.auditLog as {
      items: {
        at: string;
        actorId: string;
        targetId: string;
        before: string | null;
        after: string;
      }[];
      nextToken: string | null;
    };
    expect(page.items[0]).toMatchObject({
      actorId: U.acmeMember2.id,
      action: "milestone.create",
      targetType: "milestone",
      targetId: m.id,
      before: null,
    });
    expect(JSON.parse(page.items[0]?.after ?? "null")).toMatchObject({ title: "audited" });
    const at = page.items.map((entry) => entry.at);
    expect(at).toEqual([...at].sort().reverse());
    expect(page.nextToken).toEqual(expect.any(String));

    const globex = await call("globexAdmin", "{ auditLog(limit: 100) { items { targetId } } }");
    const ids = (globex.body.data?.auditLog as { items: { targetId: string }[] }).items;
    expect(ids.some((entry) => entry.targetId === m.id)).toBe(false);
    // Acme's audit token is refused in Globex.
    const foreign = await call(
      "globexAdmin",
      "query ($t: String) { auditLog(nextToken: $t) { items { id } } }",
      { t: page.nextToken },
    );
    expect(errorType(foreign)).toBe("ValidationError");
  });

  it("shows the org's webhook deliveries, newest first, to its admin and no other org's", async () => {
    const put = (svixId: string, type: string, orgId: string | undefined, at: string) =>
      putMirror(
        eventRecord(
          { svixId, type, objectId: `obj_${svixId}`, orgId, receivedAt: at, nowMs: Date.now() },
          svixId.endsWith("bad") ? "failed" : "applied",
          svixId.endsWith("bad") ? "data.role: Invalid input" : undefined,
        ),
      );
    await put("msg_api_1", "organization.updated", ACME, "2026-11-26T10:00:00.000Z");
    await put("msg_api_bad", "organizationMembership.created", ACME, "2026-11-26T10:00:01.000Z");
    await put("msg_api_g", "organization.updated", GLOBEX, "2026-11-26T10:00:02.000Z");
    await put("msg_api_u", "user.updated", undefined, "2026-11-26T10:00:03.000Z");
    const query =
      "query ($t: String) { syncEvents(limit: 1, nextToken: $t) { items { id type objectId outcome reason receivedAt } nextToken } }";
    const first = await call("acmeAdmin", query);
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data?.syncEvents as { items: unknown[]; nextToken: string };
    expect(page.items).toEqual([
      {
        id: "msg_api_bad",
        type: "organizationMembership.created",
        objectId: "obj_msg_api_bad",
        outcome: "FAILED",
        reason: "data.role: Invalid input",
        receivedAt: "2026-11-26T10:00:01.000Z",
      },
    ]);
    const second = await call("acmeAdmin", query, { t: page.nextToken });
    // A page that fills its limit carries a token (DynamoDB's LastEvaluatedKey) even at the end.
    expect(second.body.data?.syncEvents).toMatchObject({
      items: [
        {
          id: "msg_api_1",
          type: "organization.updated",
          objectId: "obj_msg_api_1",
          outcome: "APPLIED",
          reason: null,
          receivedAt: "2026-11-26T10:00:00.000Z",
        },
      ],
    });
    const globex = await call("globexAdmin", "{ syncEvents { items { id } } }");
    expect(globex.body.data?.syncEvents).toEqual({ items: [{ id: "msg_api_g" }] });
    expect(errorType(await call("globexAdmin", query, { t: page.nextToken }))).toBe(
      "ValidationError",
    );
  });

  it("bulk-deletes the org's milestones with one result per id, and audits each", async () => {
    const a = await create("memberX", { title: "bulk a" });
    const b = await create("memberY", { title: "bulk b" });
    const globexOne = await create("globexAdmin", { title: "globex's" });
    const personalOne = await create("personalA", { title: "personal" });
    const answer = await call(
      "acmeAdmin",
      "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted errorType } }",
      { ids: [a.id, globexOne.id, b.id, personalOne.id, "bad#id", a.id] },
    );
    expect(answer.body.data?.deleteMilestones).toEqual([
      { id: a.id, deleted: true, errorType: null },
      { id: globexOne.id, deleted: false, errorType: "NotFound" },
      { id: b.id, deleted: true, errorType: null },
      { id: personalOne.id, deleted: false, errorType: "NotFound" },
      { id: "bad#id", deleted: false, errorType: "NotFound" },
      { id: a.id, deleted: true, errorType: null },
    ]);
    expect(errorType(await get("acmeAdmin", a.id))).toBe("NotFound");
    expect(errorType(await get("acmeAdmin", b.id))).toBe("NotFound");
    expect((await get("globexAdmin", globexOne.id)).body.data?.milestone).toMatchObject({
      title: "globex's",
    });
    expect((await get("personalA", personalOne.id)).body.data?.milestone).toMatchObject({
      title: "personal",
    });
    const audit = (await partition(`AUDIT#ORG#${ACME}`)).filter(
      (entry) =>
        entry.action === "milestone.delete" && [a.id, b.id].includes(entry.targetId as string),
    );
    expect(audit).toHaveLength(2);
  });

  it.each([[[]], [Array.from({ length: 26 }, (_, i) => `m${i}`)]])(
    "refuses a bulk delete of %j ids",
    async (ids) => {
      const answer = await call(
        "acmeAdmin",
        "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id } }",
        { ids },
      );
      expect(errorType(answer)).toBe("ValidationError");
    },
  );
});

describe("no Scan on a request path", () => {
  it.each([
    ["orgMembers", "{ orgMembers { items { userId } } }", ["GetItem", "Query", "BatchGetItem"]],
    ["auditLog", "{ auditLog { items { id } } }", ["GetItem", "Query"]],
    ["syncEvents", "{ syncEvents { items { id } } }", ["GetItem", "Query"]],
  ])("serves %s with the membership GetItem and one Query", async (_field, query, expected) => {
    const from = operations.length;
    const answer = await call("acmeAdmin", query);
    expect(answer.body.errors).toBeUndefined();
    expect(operations.slice(from)).toEqual(expected);
  });

  it("performs none during the suite, and no bundle asks for one", async () => {
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((op) => op === "Scan")).toEqual([]);
    for (const file of codeFiles(api)) {
      const code = await bundleAppSyncCode(file);
      expect(code).not.toMatch(/\bscan\s*\(|"Scan"/);
    }
  });
});
