/**
 * Saved views through the local AppSync endpoint on DynamoDB Local, with real tokens: what
 * each actor sees, sharing, and the bad inputs of issue 21 (an unknown id, a name over the
 * limit, another user's or org's view), each refused with nothing changed. The isolation
 * matrix (matrix.int.test.ts) covers every actor × operation × target; this file the rest.
 */
import { PutCommand, QueryCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import { keys, toQueryParams, type Scope } from "../core/table";
import { VIEW_LIMITS } from "../core/portable/views";
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

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;
const acme: Scope = { kind: "org", orgId: ACME };

const ACTORS = {
  admin: { userId: U.acmeAdmin.id, orgId: ACME, role: "org:admin" },
  member: { userId: U.acmeMember1.id, orgId: ACME, role: "org:member" },
  other: { userId: U.acmeMember2.id, orgId: ACME, role: "org:member" },
  globex: { userId: U.globexAdmin.id, orgId: GLOBEX, role: "org:admin" },
  personal: { userId: U.personal.id },
} as const;
type ActorName = keyof typeof ACTORS;
const tokens: Partial<Record<ActorName, string>> = {};

const VIEW = "id name state ownerId shared";
interface View {
  id: string;
  name: string;
  state: string;
  ownerId: string;
  shared: boolean;
}

const call = (actor: ActorName, query: string, variables: Record<string, unknown> = {}) =>
  graphql(appsync.url, tokens[actor], query, variables);

const errorType = (answer: GraphQLAnswer) => answer.body.errors?.[0]?.errorType ?? null;

async function save(actor: ActorName, name: string, state = "status=BLOCKED") {
  const answer = await call(
    actor,
    `mutation ($input: SaveViewInput!) { saveView(input: $input) { ${VIEW} } }`,
    { input: { name, state } },
  );
  return { answer, view: answer.body.data?.saveView as View | undefined };
}

const list = async (actor: ActorName) => {
  const answer = await call(actor, `{ savedViews { ${VIEW} } }`);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.savedViews as View[];
};

const share = (actor: ActorName, id: string, shared: boolean) =>
  call(actor, `mutation ($id: ID!, $s: Boolean!) { shareView(id: $id, shared: $s) { ${VIEW} } }`, {
    id,
    s: shared,
  });

const remove = (actor: ActorName, id: string) =>
  call(actor, `mutation ($id: ID!) { deleteView(id: $id) { id } }`, { id });

/** Every item of the Acme partition under a views prefix or counter, as stored. */
async function acmeViewItems() {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: "PK = :pk AND begins_with(SK, :v)",
      ExpressionAttributeValues: { ":pk": keys.orgPartition(ACME), ":v": "VIEW" },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("views"), startTestIssuer({ seed: true })]);
  appsync = await startTestAppSync({ api, table, issuer });
  for (const actor of Object.values(ACTORS)) {
    if (!("orgId" in actor)) continue;
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: membershipItem({ ...actor, updatedAt: 1 }),
      }),
    );
  }
  for (const [name, actor] of Object.entries(ACTORS))
    tokens[name as ActorName] = await mintToken(issuer.url, {
      userId: actor.userId,
      ...("orgId" in actor ? { orgId: actor.orgId } : {}),
    });
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

describe("saved views", () => {
  it("are saved trimmed under the caller's prefix and listed to the caller only", async () => {
    const { answer, view } = await save("member", "  Blocked work  ", "status=BLOCKED&sort=due");
    expect(answer.body.errors).toBeUndefined();
    expect(view).toMatchObject({
      name: "Blocked work",
      state: "status=BLOCKED&sort=due",
      ownerId: U.acmeMember1.id,
      shared: false,
    });
    const stored = await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: keys.userView(acme, U.acmeMember1.id, view?.id ?? ""),
      }),
    );
    expect(stored.Item).toMatchObject({ name: "Blocked work", shared: false });
    expect((await list("member")).map((v) => v.id)).toContain(view?.id);
    expect((await list("other")).map((v) => v.id)).not.toContain(view?.id);
    expect((await list("admin")).map((v) => v.id)).not.toContain(view?.id);
    expect((await list("globex")).map((v) => v.id)).not.toContain(view?.id);
  });

  it("refuse a name over the limit, an empty name and a state with a cursor: nothing written", async () => {
    const before = await acmeViewItems();
    for (const [name, state] of [
      ["x".repeat(VIEW_LIMITS.nameMax + 1), ""],
      ["   ", ""],
      ["ok", "cursor=0_token"],
      ["ok", "status=DONE&status=PLANNED"],
      ["ok", `q=${"a".repeat(VIEW_LIMITS.stateMax)}`],
    ] as const) {
      const { answer } = await save("member", name, state);
      expect(errorType(answer)).toBe("ValidationError");
      expect(answer.body.data?.saveView).toBeNull();
    }
    expect(await acmeViewItems()).toEqual(before);
  });

  it("answer NotFound for an unknown id, another user's private view and another org's", async () => {
    const { view: mine } = await save("member", "Mine");
    const { view: theirs } = await save("globex", "Globex's");
    const before = await acmeViewItems();
    for (const [actor, id] of [
      ["member", "01UNKNOWNVIEWID"],
      ["member", "bad#id"],
      ["other", mine?.id ?? ""],
      ["admin", mine?.id ?? ""],
      ["member", theirs?.id ?? ""],
    ] as const) {
      expect(errorType(await remove(actor, id))).toBe("NotFound");
    }
    expect(errorType(await share("admin", mine?.id ?? "", true))).toBe("NotFound");
    expect(await acmeViewItems()).toEqual(before);
    expect((await list("member")).map((v) => v.id)).toContain(mine?.id);
  });

  it("are shared by an admin and seen by every member; a member cannot share", async () => {
    const { view: memberView } = await save("member", "Member's");
    const refused = await share("member", memberView?.id ?? "", true);
    expect(errorType(refused)).toBe("Unauthorized");
    expect((await list("other")).map((v) => v.id)).not.toContain(memberView?.id);

    const { view } = await save("admin", "Team blocked", "status=BLOCKED");
    const shared = await share("admin", view?.id ?? "", true);
    expect(shared.body.data?.shareView).toMatchObject({ id: view?.id, shared: true });
    for (const actor of ["member", "other", "admin"] as const)
      expect(await list(actor)).toContainEqual(
        expect.objectContaining({ id: view?.id, name: "Team blocked", shared: true }),
      );
    expect((await list("globex")).map((v) => v.id)).not.toContain(view?.id);
    // Moved, not copied: the admin's own prefix no longer holds it.
    const own = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(keys.userViews(acme, U.acmeAdmin.id)),
      }),
    );
    expect((own.Items ?? []).map((item) => String(item.id))).not.toContain(view?.id);
    // A member may neither delete nor unshare it.
    expect(errorType(await remove("member", view?.id ?? ""))).toBe("Unauthorized");
    expect(errorType(await share("member", view?.id ?? "", false))).toBe("Unauthorized");
    // The admin unshares it: back to its owner only.
    const unshared = await share("admin", view?.id ?? "", false);
    expect(unshared.body.data?.shareView).toMatchObject({ shared: false });
    expect((await list("member")).map((v) => v.id)).not.toContain(view?.id);
    expect((await list("admin")).map((v) => v.id)).toContain(view?.id);
  });

  it("shared by one admin are deleted by the owner or by a sharer, with an audit entry", async () => {
    const { view } = await save("admin", "To delete");
    await share("admin", view?.id ?? "", true);
    const deleted = await remove("admin", view?.id ?? "");
    expect(deleted.body.errors).toBeUndefined();
    expect((await list("member")).map((v) => v.id)).not.toContain(view?.id);
    const audit = await table.doc.send(
      new QueryCommand({ TableName: table.tableName, ...toQueryParams(keys.auditLog(ACME)) }),
    );
    const actions = (audit.Items ?? [])
      .filter((item) => item.targetId === view?.id)
      .map((item) => String(item.action));
    expect(actions.sort()).toEqual(["view.delete", "view.share"]);
  });

  it("stop at the per-user limit exactly, even when saved concurrently", async () => {
    const owned = async () =>
      (await list("other")).filter((v) => v.ownerId === U.acmeMember2.id).length;
    const room = VIEW_LIMITS.perUserMax - (await owned());
    const answers = await Promise.all(
      Array.from({ length: room + 5 }, (_, i) => save("other", `view ${i}`)),
    );
    // Refused by the counter's condition (ValidationError) or, when two transactions touch
    // the counter at once, by DynamoDB's conflict (ConflictError): never saved past the limit.
    for (const refused of answers.filter((a) => !a.view))
      expect(["ValidationError", "ConflictError"]).toContain(errorType(refused.answer));
    expect(await owned()).toBe(
      answers.filter((a) => a.view).length + VIEW_LIMITS.perUserMax - room,
    );
    expect(await owned()).toBeLessThanOrEqual(VIEW_LIMITS.perUserMax);
    while ((await owned()) < VIEW_LIMITS.perUserMax) await save("other", "top up");
    const { answer } = await save("other", "one more");
    expect(errorType(answer)).toBe("ValidationError");
    expect(await owned()).toBe(VIEW_LIMITS.perUserMax);
    // Deleting one makes room again.
    const first = (await list("other"))[0];
    expect((await remove("other", first?.id ?? "")).body.errors).toBeUndefined();
    expect((await save("other", "room again")).view).toBeDefined();
  });

  it("in personal scope are the user's own and cannot be shared", async () => {
    const { view } = await save("personal", "Solo");
    expect(view?.shared).toBe(false);
    expect((await list("personal")).map((v) => v.id)).toEqual([view?.id]);
    expect(errorType(await share("personal", view?.id ?? "", true))).toBe("Unauthorized");
    expect((await remove("personal", view?.id ?? "")).body.errors).toBeUndefined();
    expect(await list("personal")).toEqual([]);
  });
});
