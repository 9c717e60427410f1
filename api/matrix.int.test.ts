/**
 * The tenant-isolation matrix (docs/authorization.md): every actor × every operation × every
 * target, one test per cell (13 × 20 × 4 = 1,040), the expected outcome from DESIGN.md's table
 * (and docs/authorization.md's permission table, for the custom roles) as a function. Each cell writes its own fresh target with core's builders (a milestone, an
 * audit entry, a webhook delivery record, a pending invitation, a saved view, or names a member), calls the local AppSync
 * endpoint with the actor's real token, and checks what the call did: refused mutations
 * leave their target as it was, refused creates write nothing, and the two actors without a
 * valid token get AppSync's 401 before any resolver runs, with no DynamoDB call at all.
 */
import {
  GetCommand,
  PutCommand,
  DeleteCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventRecord, invitationItem, membershipItem } from "../core/mirror";
import { keys, toQueryParams, type Scope } from "../core/table";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { mintSessionToken } from "../local/issuer/tokens";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { initialize, openRealtime, start } from "../local/appsync/testing/realtime-client";
import { PUBLISH_MILESTONE_CHANGE } from "../lambdas/live/app";
import { api } from "./resolvers";

const SUBSCRIBE = `subscription ($orgId: ID) { onMilestoneChanged(orgId: $orgId) { kind milestoneId } }`;

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
/** Every DynamoDB call the endpoint's resolvers make. */
const operations: string[] = [];

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;

interface Actor {
  /** The caller; for the two actors without a valid token, whose targets they aim at. */
  userId: string;
  orgId?: string;
  admin: boolean;
  /** Membership deleted from the mirror (by webhook) after the token was minted. */
  removed?: boolean;
  /** Admin in the token, member in the mirror (demoted by webhook). */
  demoted?: boolean;
  /** No valid token: none at all, or the Acme admin's own token past its expiry. */
  token?: "none" | "expired";
  /** A custom role of Acme, configured in the issuer with exactly these permissions. */
  custom?: { role: string; permissions: string[] };
}

const READ = "org:milestones:read";
const CREATE = "org:milestones:create";
const MANAGE = "org:milestones:manage";

const ACTORS: Record<string, Actor> = {
  "personal user A": { userId: U.personal.id, admin: false },
  "personal user B": { userId: U.globexMember.id, admin: false },
  "Acme admin": { userId: U.acmeAdmin.id, orgId: ACME, admin: true },
  "Acme member X": { userId: U.acmeMember1.id, orgId: ACME, admin: false },
  "Acme member Y": { userId: U.acmeMember2.id, orgId: ACME, admin: false },
  "Globex admin": { userId: U.globexAdmin.id, orgId: GLOBEX, admin: true },
  "member removed by webhook": { userId: "user_gone", orgId: ACME, admin: false, removed: true },
  "admin demoted by webhook": { userId: "user_demoted", orgId: ACME, admin: false, demoted: true },
  "Acme lead (org:lead: read, create, manage)": {
    userId: "user_lead",
    orgId: ACME,
    admin: false,
    custom: { role: "org:lead", permissions: [READ, CREATE, MANAGE] },
  },
  "Acme viewer (org:viewer: read only)": {
    userId: "user_viewer",
    orgId: ACME,
    admin: false,
    custom: { role: "org:viewer", permissions: [READ] },
  },
  "Acme role without permissions (org:guest)": {
    userId: "user_guest",
    orgId: ACME,
    admin: false,
    custom: { role: "org:guest", permissions: [] },
  },
  "no token": { userId: U.acmeAdmin.id, orgId: ACME, admin: true, token: "none" },
  "expired token": { userId: U.acmeAdmin.id, orgId: ACME, admin: true, token: "expired" },
};

const OPERATIONS = [
  "get",
  "list",
  "create",
  "update",
  "delete",
  "bulk delete",
  "members",
  "invitations",
  "audit",
  "sync events",
  "record member change",
  "milestone stats",
  "bulk edit",
  "saved views",
  "save view",
  "delete view",
  "share view",
  "subscribe",
  "publish milestone change",
  "invalidate member subscriptions",
] as const;
type Operation = (typeof OPERATIONS)[number];

const TARGETS = ["own", "same-org other's", "other org's", "other user's personal"] as const;
type Target = (typeof TARGETS)[number];

type Expected = "allow" | "Unauthorized" | "NotFound" | "ValidationError" | "401";

/**
 * What an actor may do, restated from docs/authorization.md's tables (not computed by core's
 * rules, which these tests check): admins everything, members and personal users read and
 * create (own), custom roles by their permissions; members, audit and sync logs for admins.
 */
function capabilities(actor: Actor) {
  if (actor.custom) {
    const has = (key: string) => actor.custom?.permissions.includes(key) ?? false;
    return { read: has(READ), create: has(CREATE), manage: has(MANAGE), orgAdmin: false };
  }
  return { read: true, create: true, manage: actor.admin, orgAdmin: actor.admin };
}

/**
 * The tables as a function: what a cell must answer. For reads of a list ("list",
 * "members", "audit", "sync events"), "allow" means the target is on the caller's page and
 * "NotFound" that it is not. Create cannot name a target other than the caller's own scope:
 * the schema has no such input, so any attempt is refused before a resolver runs. Without
 * org:milestones:read, no milestone operation but create gets as far as a read.
 */
function expected(actor: Actor, operation: Operation, target: Target): Expected {
  if (actor.token) return "401";
  if ((operation === "create" || operation === "save view") && target !== "own")
    return "ValidationError";
  if (actor.removed) return "Unauthorized";
  const can = capabilities(actor);
  const sameOrg = target === "same-org other's" && actor.orgId !== undefined;
  const reachable = target === "own" || sameOrg;
  switch (operation) {
    // The internal mutations are IAM only: no user token reaches them, whoever holds it.
    case "publish milestone change":
    case "invalidate member subscriptions":
      return "Unauthorized";
    // The scope is the caller's whatever the arguments name (they can only narrow), so
    // whoever may read milestones may subscribe; delivery isolation: subscriptions.int.test.
    case "subscribe":
      return can.read ? "allow" : "Unauthorized";
    case "record member change":
      // An admin's record always lands in the admin's own org, whoever it names (checked in
      // its runner).
      return can.orgAdmin ? "allow" : "Unauthorized";
    case "members":
    case "invitations":
    case "audit":
    case "sync events":
      if (!can.orgAdmin) return "Unauthorized";
      return reachable ? "allow" : "NotFound";
    case "bulk delete":
      if (!can.manage || !can.read) return "Unauthorized";
      return reachable ? "allow" : "NotFound";
    case "create":
      return can.create ? "allow" : "Unauthorized";
    case "get":
    case "list":
    case "milestone stats":
      if (!can.read) return "Unauthorized";
      return reachable ? "allow" : "NotFound";
    // Bulk edit of the status: per row, the same rule as a single update (its own result
    // per id); without org:milestones:read the whole call is refused.
    case "bulk edit":
    case "update":
    case "delete":
      if (!can.read) return "Unauthorized";
      if (!reachable) return "NotFound";
      if (can.manage) return "allow";
      return target === "own" && can.create ? "allow" : "Unauthorized";
    // Saved views (seedView: the target is the caller's own private view, or a view shared
    // with the target's org, or another user's personal one): whoever reads milestones keeps
    // views; sharing, and deleting another's shared view, is for org:milestones:manage.
    case "saved views":
      if (!can.read) return "Unauthorized";
      return reachable ? "allow" : "NotFound";
    case "save view":
      return can.read ? "allow" : "Unauthorized";
    case "delete view":
      if (!can.read) return "Unauthorized";
      if (!reachable) return "NotFound";
      return target === "own" || can.manage ? "allow" : "Unauthorized";
    case "share view":
      if (!can.read) return "Unauthorized";
      if (!reachable) return "NotFound";
      return can.manage && actor.orgId !== undefined ? "allow" : "Unauthorized";
  }
}

const scopeOf = (actor: Actor): Scope =>
  actor.orgId ? { kind: "org", orgId: actor.orgId } : { kind: "personal", userId: actor.userId };

/** The target's scope and owner for an actor. */
function targetFor(actor: Actor, target: Target): [Scope, string] {
  const otherUser = actor.userId === U.personal.id ? U.globexMember.id : U.personal.id;
  switch (target) {
    case "own":
      return [scopeOf(actor), actor.userId];
    case "same-org other's": {
      // Another member's, in the actor's org. A personal-scope actor aims at an org it
      // belongs to (B is a Globex member); A belongs to none and aims at Acme.
      const orgId = actor.orgId ?? (actor.userId === U.globexMember.id ? GLOBEX : ACME);
      const other =
        orgId === ACME
          ? actor.userId === U.acmeMember2.id
            ? U.acmeMember1.id
            : U.acmeMember2.id
          : actor.userId === U.globexMember.id
            ? U.globexAdmin.id
            : U.globexMember.id;
      return [{ kind: "org", orgId }, other];
    }
    case "other org's":
      return actor.orgId === ACME
        ? [{ kind: "org", orgId: GLOBEX }, U.globexAdmin.id]
        : [{ kind: "org", orgId: ACME }, U.acmeAdmin.id];
    case "other user's personal":
      return [{ kind: "personal", userId: otherUser }, otherUser];
  }
}

// ---- targets, written as the resolvers and the webhook handler write them ---------------

async function put(item: Record<string, unknown>) {
  await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
}

async function seedMilestone(scope: Scope, ownerId: string) {
  const id = randomUUID();
  const now = new Date().toISOString();
  await put({
    ...keys.milestone(scope, id),
    ...keys.milestoneIndexes(scope, { id, updatedAt: now, dueDate: null, status: "PLANNED" }),
    entity: "milestone",
    id,
    scope: scope.kind === "org" ? "ORG" : "PERSONAL",
    orgId: scope.kind === "org" ? scope.orgId : null,
    ownerId,
    title: "target",
    description: "",
    status: "PLANNED",
    dueDate: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
  return id;
}

/** The audit entry a change of an org milestone leaves (personal changes leave none). */
async function seedAuditEntry(orgId: string, actorId: string, targetId: string) {
  const id = randomUUID();
  const at = new Date().toISOString();
  await put({
    ...keys.auditEntry(orgId, at, id),
    entity: "audit",
    id,
    orgId,
    actorId,
    actorRole: "org:member",
    action: "milestone.update",
    targetType: "milestone",
    targetId,
    at,
    before: null,
    after: JSON.stringify({ title: "target" }),
  });
}

/**
 * A delivery concerning the target: in an org, an update of the owner's membership (that
 * org's log); in a personal scope, an update of the user (the global log only).
 */
async function seedSyncEvent(scope: Scope, ownerId: string) {
  const svixId = `msg_${randomUUID()}`;
  const facts = {
    svixId,
    type: scope.kind === "org" ? "organizationMembership.updated" : "user.updated",
    objectId: scope.kind === "org" ? `orgmem_${ownerId}` : ownerId,
    orgId: scope.kind === "org" ? scope.orgId : undefined,
    receivedAt: new Date().toISOString(),
    nowMs: Date.now(),
  };
  await put(eventRecord(facts, "applied"));
  return svixId;
}

/** Audit entries of an org naming `targetId` (its audit partition, read whole). */
async function auditEntriesAbout(orgId: string, targetId: string) {
  const found: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(keys.auditLog(orgId)),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    found.push(...(page.Items ?? []).filter((item) => item.targetId === targetId));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/**
 * A pending invitation, as the webhook writes it, to the target's org (a personal scope has
 * none: its id is then on no org's list).
 */
async function seedInvitation(scope: Scope) {
  const id = `orginv_${randomUUID().replace(/-/g, "")}`;
  if (scope.kind === "org") {
    const now = Date.now();
    await put(
      invitationItem({
        id,
        orgId: scope.orgId,
        email: `${id}@invited.test`,
        role: "org:member",
        status: "pending",
        createdAt: now,
        updatedAt: now,
      }),
    );
  }
  return id;
}

/**
 * A milestone of `status` counted in its scope's counters, as the create resolver counts it
 * (an ADD on the shard of a fresh id): the counters are what milestoneStats reads.
 */
async function countMilestones(scope: Scope, status: string, by: number) {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.milestoneStatsFor(scope, randomUUID()),
      UpdateExpression: "ADD #s :n",
      ExpressionAttributeNames: { "#s": status },
      ExpressionAttributeValues: { ":n": by },
    }),
  );
}

/**
 * A saved view as the resolvers write it, with its owner's counter: the target's own view is
 * private (under the owner's prefix); every other target's is shared with its org, the most
 * visible kind (in a personal scope, private: nothing is shared there).
 */
async function seedView(scope: Scope, ownerId: string, target: Target) {
  const id = randomUUID();
  const now = new Date().toISOString();
  const shared = target !== "own" && scope.kind === "org";
  await put({
    ...(shared ? keys.sharedView(scope, id) : keys.userView(scope, ownerId, id)),
    entity: "view",
    id,
    scope: scope.kind === "org" ? "ORG" : "PERSONAL",
    orgId: scope.kind === "org" ? scope.orgId : null,
    ownerId,
    name: "target",
    state: "status=BLOCKED",
    shared,
    createdAt: now,
    updatedAt: now,
  });
  await table.doc.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: keys.userViewCount(scope, ownerId),
      UpdateExpression: "ADD #c :one",
      ExpressionAttributeNames: { "#c": "count" },
      ExpressionAttributeValues: { ":one": 1 },
    }),
  );
  return { id, shared };
}

/** Where a seeded view is now: its owner's prefix, the org's shared one, or gone. */
async function viewPlace(scope: Scope, ownerId: string, id: string) {
  const get = async (key: { PK: string; SK: string }) =>
    (
      await table.doc.send(
        new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
      )
    ).Item;
  const own = await get(keys.userView(scope, ownerId, id));
  const shared = scope.kind === "org" ? await get(keys.sharedView(scope, id)) : undefined;
  if (own && shared) throw new Error("a view in two places");
  return own ? "own" : shared ? "shared" : "gone";
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

/** Titles of a scope's milestones (its list partition, read whole). */
async function titlesIn(scope: Scope) {
  const titles: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(keys.milestones(scope, { sort: "UPDATED_AT" })),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    titles.push(...(page.Items ?? []).map((item) => String(item.title)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return titles;
}

// ---- actors' tokens ----------------------------------------------------------------------

const tokens: Record<string, string | undefined> = {};

/** The Acme admin's session token as the issuer signs it, minted at `now`. */
async function acmeAdminToken(now: Date) {
  const org = issuer.directory.getOrg(ACME);
  const membership = issuer.directory.getMembership(ACME, U.acmeAdmin.id);
  if (!org || !membership) throw new Error("the demo tenants are not seeded");
  return (
    await mintSessionToken({
      key: issuer.keys.signingKey(),
      issuer: issuer.url,
      authorizedParty: "http://localhost:3000",
      userId: U.acmeAdmin.id,
      sessionId: "sess_matrix",
      org: { org, membership, permissions: issuer.directory.permissionsOf(membership) },
      format: "v2",
      lifetimeSeconds: 60,
      sessionStatus: "active",
      now,
    })
  ).token;
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("matrix"), startTestIssuer({ seed: true })]);
  appsync = await startTestAppSync({
    api,
    table,
    issuer,
    onDynamoDbOperation: (operation) => operations.push(operation),
  });
  const post = (path: string, body: unknown) =>
    fetch(`${issuer.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await post("/admin/users", {
    id: "user_gone",
    firstName: "Gone",
    lastName: "Soon",
    email: "gone@acme.test",
  });
  await post("/admin/memberships", { orgId: ACME, userId: "user_gone", role: "org:member" });
  await post("/admin/users", {
    id: "user_demoted",
    firstName: "Demoted",
    lastName: "Admin",
    email: "demoted@acme.test",
  });
  await post("/admin/memberships", { orgId: ACME, userId: "user_demoted", role: "org:admin" });
  for (const actor of Object.values(ACTORS)) {
    if (!actor.custom) continue;
    const { role, permissions } = actor.custom;
    const configured = await fetch(`${issuer.url}/admin/roles/${role}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ permissions }),
    });
    expect(configured.status).toBe(200);
    await post("/admin/users", {
      id: actor.userId,
      firstName: role.slice(4),
      email: `${role.slice(4)}@acme.test`,
    });
    await post("/admin/memberships", { orgId: ACME, userId: actor.userId, role });
  }
  // The mirror, as the webhook sync leaves it: every org actor's membership (the demoted
  // admin's as a member; a custom role's with the permissions its payload lists), and
  // personal user B's Globex membership (B acts in personal scope).
  const memberships: Parameters<typeof membershipItem>[0][] = [];
  for (const actor of Object.values(ACTORS)) {
    if (!actor.orgId) continue;
    const record = issuer.directory.getMembership(actor.orgId, actor.userId);
    memberships.push({
      orgId: actor.orgId,
      userId: actor.userId,
      role: actor.custom?.role ?? (actor.admin ? "org:admin" : "org:member"),
      permissions: actor.custom && record ? issuer.directory.permissionsOf(record) : undefined,
      updatedAt: 1,
    });
  }
  memberships.push({ orgId: GLOBEX, userId: U.globexMember.id, role: "org:member", updatedAt: 1 });
  for (const m of memberships) await put(membershipItem(m));
  for (const [name, actor] of Object.entries(ACTORS)) {
    if (actor.token === "none") tokens[name] = undefined;
    else if (actor.token === "expired")
      // Signed by the issuer's key, issued 10 minutes ago for 60 s: only its age is wrong.
      tokens[name] = await acmeAdminToken(new Date(Date.now() - 10 * 60_000));
    else
      tokens[name] = await mintToken(issuer.url, {
        userId: actor.userId,
        ...(actor.orgId ? { orgId: actor.orgId } : {}),
      });
  }
  // Removed by webhook: the mirror loses the membership; the token stays valid.
  const { PK, SK } = keys.membership(ACME, "user_gone");
  await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { PK, SK } }));
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

// ---- operations ----------------------------------------------------------------------------

const call = (actor: string, query: string, variables: Record<string, unknown> = {}) =>
  graphql(appsync.url, tokens[actor], query, variables);

/** AppSync's answer when the Lambda authorizer refuses (or there is no token). */
const UNAUTHORIZED_BODY = {
  errors: [
    { errorType: "UnauthorizedException", message: "You are not authorized to make this call." },
  ],
};

function outcome(answer: GraphQLAnswer): Expected {
  if (answer.status === 401) {
    expect(answer.body).toEqual(UNAUTHORIZED_BODY);
    return "401";
  }
  expect(answer.status).toBe(200);
  const type = answer.body.errors?.[0]?.errorType;
  return type === undefined ? "allow" : (type as Expected);
}

/** A list read: "allow" when the target is on the page, "NotFound" when it is not. */
function listed(
  answer: GraphQLAnswer,
  field: string,
  key: string,
  value: string,
  /** The field is a plain list, not a page. */
  bare = false,
): Expected {
  const result = outcome(answer);
  if (result !== "allow") return result;
  const data = answer.body.data?.[field];
  const items = bare
    ? (data as Record<string, unknown>[])
    : (data as { items: Record<string, unknown>[] }).items;
  return items.some((item) => item[key] === value) ? "allow" : "NotFound";
}

/** A change of the target milestone: applied when allowed, nothing at all otherwise. */
async function changed(
  result: Expected,
  scope: Scope,
  id: string,
  applied: "updated" | "deleted" | "status",
): Promise<Expected> {
  const item = await stored(scope, id);
  if (result !== "allow") expect(item).toMatchObject({ version: 1, title: "target" });
  else if (applied === "deleted") expect(item).toBeUndefined();
  else if (applied === "status") expect(item).toMatchObject({ version: 2, status: "DONE" });
  else expect(item).toMatchObject({ version: 2, title: "changed" });
  return result;
}

type Run = (
  name: string,
  actor: Actor,
  target: Target,
  scope: Scope,
  owner: string,
) => Promise<Expected>;

/** Input fields a create would need to reach each target; the schema has none of them. */
const smuggled = (target: Target, scope: Scope, owner: string) =>
  target === "same-org other's"
    ? `ownerId: "${owner}"`
    : target === "other org's"
      ? `orgId: "${scope.kind === "org" ? scope.orgId : ""}"`
      : `scope: PERSONAL, ownerId: "${owner}"`;

/** Views named `name` under any prefix of a scope's partition (owners' and shared). */
async function viewsNamed(scope: Scope, name: string) {
  const out = await table.doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: "PK = :pk",
      FilterExpression: "#n = :name",
      ExpressionAttributeNames: { "#n": "name" },
      ExpressionAttributeValues: { ":pk": keys.scopePartition(scope), ":name": name },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

const VIEW_RUN: Pick<
  Record<Operation, Run>,
  "saved views" | "save view" | "delete view" | "share view"
> = {
  "saved views": async (name, _actor, target, scope, owner) => {
    const { id } = await seedView(scope, owner, target);
    return listed(await call(name, "{ savedViews { id } }"), "savedViews", "id", id, true);
  },
  // A view of the caller's own scope, owned by the caller; a save naming another owner or
  // scope is refused by the schema (no such input), and nothing lands there.
  "save view": async (name, actor, target, scope, owner) => {
    const viewName = `saved ${randomUUID()}`;
    const extra = target === "own" ? "" : `, ${smuggled(target, scope, owner)}`;
    const answer = await call(
      name,
      `mutation { saveView(input: { name: "${viewName}", state: "status=DONE"${extra} }) { ownerId shared } }`,
    );
    const result = outcome(answer);
    if (result === "allow")
      expect(answer.body.data?.saveView).toEqual({ ownerId: actor.userId, shared: false });
    const inOwn = await viewsNamed(scopeOf(actor), viewName);
    expect(inOwn.length).toBe(result === "allow" ? 1 : 0);
    if (target !== "own") expect(await viewsNamed(scope, viewName)).toEqual([]);
    return result;
  },
  "delete view": async (name, _actor, target, scope, owner) => {
    const { id, shared } = await seedView(scope, owner, target);
    const answer = await call(name, "mutation ($id: ID!) { deleteView(id: $id) { id } }", { id });
    const result = outcome(answer);
    expect(await viewPlace(scope, owner, id)).toBe(
      result === "allow" ? "gone" : shared ? "shared" : "own",
    );
    return result;
  },
  // The own view is shared; a shared target is unshared (back to its owner).
  "share view": async (name, _actor, target, scope, owner) => {
    const { id, shared } = await seedView(scope, owner, target);
    const answer = await call(
      name,
      "mutation ($id: ID!, $s: Boolean!) { shareView(id: $id, shared: $s) { id shared } }",
      { id, s: !shared },
    );
    const result = outcome(answer);
    if (result === "allow") expect(answer.body.data?.shareView).toEqual({ id, shared: !shared });
    const now = result === "allow" ? !shared : shared;
    expect(await viewPlace(scope, owner, id)).toBe(now ? "shared" : "own");
    return result;
  },
};

const RUN: Record<Operation, Run> = {
  get: async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    return outcome(await call(name, "query ($id: ID!) { milestone(id: $id) { id } }", { id }));
  },
  list: async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    const answer = await call(name, "{ milestones(limit: 100) { items { id } } }");
    return listed(answer, "milestones", "id", id);
  },
  create: async (name, actor, target, scope, owner) => {
    const title = `created ${randomUUID()}`;
    const extra = target === "own" ? "" : `, ${smuggled(target, scope, owner)}`;
    const answer = await call(
      name,
      `mutation { createMilestone(input: { title: "${title}"${extra} }) { ownerId orgId } }`,
    );
    const result = outcome(answer);
    if (result === "allow")
      expect(answer.body.data?.createMilestone).toEqual({
        ownerId: actor.userId,
        orgId: actor.orgId ?? null,
      });
    const inOwn = (await titlesIn(scopeOf(actor))).includes(title);
    expect(inOwn).toBe(result === "allow");
    if (target !== "own") expect(await titlesIn(scope)).not.toContain(title);
    return result;
  },
  update: async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    const answer = await call(
      name,
      'mutation ($id: ID!) { updateMilestone(id: $id, expectedVersion: 1, input: { title: "changed" }) { id } }',
      { id },
    );
    return changed(outcome(answer), scope, id, "updated");
  },
  delete: async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    const answer = await call(
      name,
      "mutation ($id: ID!) { deleteMilestone(id: $id, expectedVersion: 1) { id } }",
      { id },
    );
    return changed(outcome(answer), scope, id, "deleted");
  },
  "bulk delete": async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    const answer = await call(
      name,
      "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted errorType } }",
      { ids: [id] },
    );
    let result = outcome(answer);
    if (result === "allow") {
      // Per-id results: deleted, or the id's own error (NotFound for another tenant's).
      const [one] = answer.body.data?.deleteMilestones as {
        deleted: boolean;
        errorType: string | null;
      }[];
      result = one?.deleted ? "allow" : (one?.errorType as Expected);
    }
    return changed(result, scope, id, "deleted");
  },
  members: async (name, _actor, _target, _scope, owner) => {
    const answer = await call(name, "{ orgMembers(limit: 100) { items { userId } } }");
    return listed(answer, "orgMembers", "userId", owner);
  },
  invitations: async (name, _actor, _target, scope) => {
    const id = await seedInvitation(scope);
    const answer = await call(name, "{ orgInvitations(limit: 100) { items { id emailAddress } } }");
    return listed(answer, "orgInvitations", "id", id);
  },
  audit: async (name, _actor, _target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    if (scope.kind === "org") await seedAuditEntry(scope.orgId, owner, id);
    const answer = await call(name, "{ auditLog(limit: 100) { items { targetId } } }");
    return listed(answer, "auditLog", "targetId", id);
  },
  "sync events": async (name, _actor, _target, scope, owner) => {
    const svixId = await seedSyncEvent(scope, owner);
    const answer = await call(name, "{ syncEvents(limit: 100) { items { id } } }");
    return listed(answer, "syncEvents", "id", svixId);
  },
  // The audit record of a role change naming the target: allowed for admins, and then written
  // to the admin's own org only (the org is the caller's, never the input's); nothing anywhere
  // when refused. A fresh invitation-style id keeps each cell's entry its own.
  "record member change": async (name, actor, _target, scope, owner) => {
    const marker = `${owner}-${randomUUID()}`;
    const answer = await call(
      name,
      `mutation ($u: ID!) { recordMemberChange(input: { action: "member.changeRole", targetUserId: $u,
        roleBefore: "org:member", roleAfter: "org:admin" }) { actorId action targetType targetId } }`,
      { u: marker },
    );
    const result = outcome(answer);
    const targetOrg = scope.kind === "org" ? scope.orgId : undefined;
    if (result === "allow") {
      expect(answer.body.data?.recordMemberChange).toEqual({
        actorId: actor.userId,
        action: "member.changeRole",
        targetType: "member",
        targetId: marker,
      });
      expect(await auditEntriesAbout(actor.orgId ?? "", marker)).toHaveLength(1);
    }
    if (targetOrg && (result !== "allow" || targetOrg !== actor.orgId))
      expect(await auditEntriesAbout(targetOrg, marker)).toEqual([]);
    if (actor.orgId && result !== "allow")
      expect(await auditEntriesAbout(actor.orgId, marker)).toEqual([]);
    return result;
  },
  // The caller's own scope's counts: "allow" when the target's scope is counted in them (the
  // target's count, added between two reads, shows), "NotFound" when it is not.
  "milestone stats": async (name, _actor, _target, scope) => {
    const query = "{ milestoneStats { counts { status count } total } }";
    const first = await call(name, query);
    const result = outcome(first);
    const by = 1000 + Math.floor(Math.random() * 1000);
    await countMilestones(scope, "BLOCKED", by);
    if (result !== "allow") {
      expect(first.body.data?.milestoneStats ?? null).toBeNull();
      return result;
    }
    const total = (answer: GraphQLAnswer) =>
      (answer.body.data?.milestoneStats as { total: number }).total;
    const second = await call(name, query);
    expect(outcome(second)).toBe("allow");
    const grown = total(second) - total(first);
    expect([0, by]).toContain(grown);
    return grown === by ? "allow" : "NotFound";
  },
  // The status of one row: applied, or the id's own error (Unauthorized for a row the caller
  // may not edit, NotFound for another tenant's); the whole call Unauthorized without read.
  "bulk edit": async (name, _actor, target, scope, owner) => {
    const id = await seedMilestone(scope, owner);
    const answer = await call(
      name,
      `mutation ($items: [BulkMilestoneRef!]!) {
        updateMilestones(items: $items, input: { status: DONE }) { id updated errorType } }`,
      { items: [{ id, expectedVersion: 1 }] },
    );
    let result = outcome(answer);
    if (result === "allow") {
      const [one] = answer.body.data?.updateMilestones as {
        updated: boolean;
        errorType: string | null;
      }[];
      result = one?.updated ? "allow" : (one?.errorType as Expected);
    }
    if (scope.kind === "org" && result !== "allow")
      expect(await auditEntriesAbout(scope.orgId, id)).toEqual([]);
    if (scope.kind === "org" && result === "allow" && target !== "other user's personal")
      expect(await auditEntriesAbout(scope.orgId, id)).toHaveLength(1);
    return changed(result, scope, id, "status");
  },
  ...VIEW_RUN,
  // Through the real-time WebSocket: the connection (header token) and the start (its own
  // token) with the target's org as the argument; 401 is AppSync's connection_error.
  subscribe: async (name, _actor, _target, scope) => {
    const token = tokens[name];
    const client = await openRealtime(appsync.realtimeUrl, token);
    try {
      const init = await initialize(client);
      if (init.type === "connection_error") {
        expect(init.payload?.errors?.[0]?.errorType).toBe("UnauthorizedException");
        return "401";
      }
      const answer = await start(client, "m", token, SUBSCRIBE, {
        orgId: scope.kind === "org" ? scope.orgId : null,
      });
      if (answer.type === "start_ack") return "allow";
      return (answer.payload?.errors?.[0]?.errorType ?? "error") as Expected;
    } finally {
      client.close();
    }
  },
  "publish milestone change": async (name, _actor, _target, scope, owner) => {
    const answer = await call(name, PUBLISH_MILESTONE_CHANGE, {
      change: {
        kind: "DELETED",
        milestoneId: await seedMilestone(scope, owner),
        milestone: null,
        actorId: owner,
        orgId: scope.kind === "org" ? scope.orgId : null,
        audience: scope.kind === "org" ? `ORG#${scope.orgId}` : `USER#${scope.userId}`,
        at: new Date().toISOString(),
      },
    });
    const result = outcome(answer);
    if (result !== "allow")
      expect(answer.body.data ?? null).toEqual(
        answer.status === 401 ? null : { publishMilestoneChange: null },
      );
    return result;
  },
  "invalidate member subscriptions": async (name, _actor, _target, scope, owner) => {
    // Its three forms (a membership, a whole org, a whole user): each answers the same.
    const org = scope.kind === "org" ? scope.orgId : ACME;
    const forms: [string, Record<string, string>][] = [
      [
        "mutation ($o: ID!, $u: ID!) { invalidateMemberSubscriptions(orgId: $o, userId: $u) { orgId } }",
        { o: org, u: owner },
      ],
      ["mutation ($o: ID!) { invalidateMemberSubscriptions(orgId: $o) { orgId } }", { o: org }],
      ["mutation ($u: ID!) { invalidateMemberSubscriptions(userId: $u) { userId } }", { u: owner }],
    ];
    const outcomes = [];
    for (const [query, variables] of forms)
      outcomes.push(outcome(await call(name, query, variables)));
    expect(new Set(outcomes).size).toBe(1);
    return outcomes[0] as ReturnType<typeof outcome>;
  },
};

describe.each(Object.keys(ACTORS))("%s", (name) => {
  const actor = ACTORS[name] as Actor;
  for (const operation of OPERATIONS) {
    for (const target of TARGETS) {
      const want = expected(actor, operation, target);
      it(`${operation} × ${target} → ${want}`, async () => {
        const [scope, owner] = targetFor(actor, target);
        const before = operations.length;
        expect(await RUN[operation](name, actor, target, scope, owner)).toBe(want);
        // Refused by the authorizer: no resolver ran, so DynamoDB was not even asked.
        if (want === "401") expect(operations.length).toBe(before);
      });
    }
  }
});

describe("the actors without a valid token", () => {
  it("are refused for the token alone: the same claims signed now are accepted", async () => {
    const fresh = await acmeAdminToken(new Date());
    const answer = await graphql(appsync.url, fresh, "{ me { userId orgId role } }");
    expect(answer.body).toEqual({
      data: { me: { userId: U.acmeAdmin.id, orgId: ACME, role: "org:admin" } },
    });
  });
});
