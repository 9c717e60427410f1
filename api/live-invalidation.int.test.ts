/**
 * Live updates that cannot be lost (issue 22; docs/live-updates.md, "Publishing" and
 * "Removal and demotion"), on the local stack's real parts: DynamoDB Local and its stream,
 * the live publisher (lambdas/live) on the local poller with the deployed mapping's patterns,
 * the local AppSync's real-time WebSocket with real tokens, and the real webhook handler
 * (svix-signed deliveries from the local issuer).
 *
 * Here the webhook does NOT call AppSync itself: every subscription that ends, ends through
 * the table's stream (membership REMOVE/MODIFY, org and user tombstones), the path AWS's
 * event source mapping retries. The AppSync client the publisher calls can be made to fail
 * (an AppSync that is down for the first attempt), to prove a failed call is retried.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orgTombstone, userTombstone } from "../core/mirror";
import { keys } from "../core/table";
import { PUBLISH_MILESTONE_CHANGE } from "../lambdas/live/app";
import { INVALIDATE_SUBSCRIPTIONS } from "../lambdas/live/invalidate";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import type { LocalAppSync } from "../local/appsync/server";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import {
  initialize,
  openRealtime,
  start,
  type RealtimeClient,
  type RealtimeMessage,
} from "../local/appsync/testing/realtime-client";
import { startFunctionUrlServer, type FunctionUrlServer } from "../local/function-url";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import type { StreamPoller } from "../local/streams/poller";
import { startLocalLivePublisher } from "../local/streams/live";
import { createTestTable } from "../local/testing/dynamodb";
import { mirroredRole, waitFor } from "../local/testing/wait";
import { startTestIssuer, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

const ACME = DEMO.orgs.acme.id;
const U = DEMO.users;
const INTERNAL = {
  accessKeyId: "TESTINTERNALKEY0002",
  secretAccessKey: "test-internal-secret-not-real-2",
};

let table: Table;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync | undefined;
let publisher: StreamPoller;
const poller: string[] = [];

/** The next `count` calls of `query` the publisher makes fail as a network error would. */
const outage = { query: "", count: 0 };
/** Every call the publisher made: its query, variables and whether it failed. */
const calls: { query: string; variables: Record<string, unknown>; failed: boolean }[] = [];

const SUBSCRIBE = `subscription Live { onMilestoneChanged { kind milestoneId } }`;
const CREATE = `mutation($title: String!) { createMilestone(input: { title: $title }) { id version } }`;

const membershipRole = (orgId: string, userId: string) => mirroredRole(table, orgId, userId);

const token = (userId: string, orgId?: string) =>
  mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) });

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} ${path}`).toBe(true);
}

async function member(orgId: string, userId: string, role = "org:member") {
  await admin("POST", "/admin/memberships", { orgId, userId, role });
  expect(await waitFor(async () => (await membershipRole(orgId, userId)) === role, 5000)).toBe(
    true,
  );
}

beforeAll(async () => {
  table = await createTestTable("live-invalidation");
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    // No invalidateSubscriptions: the webhook only writes the mirror.
    handler: createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
      log: () => {},
    }),
  });
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  appsync = await startTestAppSync({ api, table, issuer, iam: INTERNAL });
  publisher = await startLocalLivePublisher({
    endpoint: table.endpoint,
    tableName: table.tableName,
    appsyncUrl: appsync.url,
    credentials: INTERNAL,
    // Two retries, then the record is given up (the deployed mapping: 5, then its DLQ).
    maxRetries: 2,
    log: (line) => poller.push(line),
    wrapClient: (client) => async (query, variables) => {
      const failed = outage.query === query && outage.count > 0;
      calls.push({ query, variables, failed });
      if (failed) {
        outage.count--;
        throw new TypeError("fetch failed");
      }
      return client(query, variables);
    },
  });
  const seeded = await waitFor(
    async () => (await membershipRole(ACME, U.acmeMember2.id)) === "org:member",
    10_000,
  );
  if (!seeded) throw new Error("the demo memberships never reached the mirror");
});

afterAll(async () => {
  await publisher?.stop();
  await appsync?.close();
  await issuer?.close();
  await receiver?.close();
  await table?.drop();
});

function endpoint(): LocalAppSync {
  if (!appsync) throw new Error("not started");
  return appsync;
}

async function subscriber(userId: string, orgId: string | undefined, id = "live") {
  const t = await token(userId, orgId);
  const client = await openRealtime(endpoint().realtimeUrl, t);
  expect((await initialize(client)).type).toBe("connection_ack");
  expect(await start(client, id, t, SUBSCRIBE)).toEqual({ type: "start_ack", id });
  return client;
}

const completed = (client: RealtimeClient, id = "live") =>
  client.messages.some((m) => m.type === "complete" && m.id === id);

/** Bounded poll (the acceptance: within 2 s), not a timing assertion. */
const endsWithin2s = (client: RealtimeClient, id = "live") =>
  waitFor(() => completed(client, id), 2000);

const received = (client: RealtimeClient, kind: string, milestoneId: string) =>
  client.next((m: RealtimeMessage) => {
    const change = (
      m.payload?.data as { onMilestoneChanged?: { kind: string; milestoneId: string } }
    )?.onMilestoneChanged;
    return m.type === "data" && change?.milestoneId === milestoneId && change.kind === kind;
  }, 10_000);

const deliveries = (client: RealtimeClient, milestoneId: string) =>
  client.messages.filter(
    (m) =>
      m.type === "data" &&
      (m.payload?.data as { onMilestoneChanged: { milestoneId: string } }).onMilestoneChanged
        .milestoneId === milestoneId,
  ).length;

async function create(t: string, title: string) {
  const answer = await graphql(endpoint().url, t, CREATE, { title });
  expect(answer.body.errors).toBeUndefined();
  return (answer.body.data as { createMilestone: { id: string } }).createMilestone;
}

describe("invalidation through the table's stream (the webhook calls no AppSync)", () => {
  it("a member removed by webhook stops receiving within 2 s, though AppSync was down for the first attempt", async () => {
    await admin("POST", "/admin/users", {
      id: "user_leaves",
      firstName: "Lee",
      email: "lee@acme.test",
    });
    await member(ACME, "user_leaves");
    const leaving = await subscriber("user_leaves", ACME);
    const witness = await subscriber(U.acmeMember1.id, ACME);

    outage.query = INVALIDATE_SUBSCRIPTIONS;
    outage.count = 1;
    await admin("DELETE", `/admin/memberships/${ACME}/user_leaves`);
    expect(await endsWithin2s(leaving)).toBe(true);
    const attempts = calls.filter(
      (c) =>
        c.query === INVALIDATE_SUBSCRIPTIONS &&
        c.variables.orgId === ACME &&
        c.variables.userId === "user_leaves",
    );
    // The first call failed, the stream retried it.
    expect(attempts.map((c) => c.failed)).toEqual([true, false]);
    expect(outage.count).toBe(0);

    const after = await create(await token(U.acmeAdmin.id, ACME), "After removal");
    await received(witness, "CREATED", after.id);
    await leaving.barrier();
    expect(deliveries(leaving, after.id)).toBe(0);
    expect(completed(witness)).toBe(false);
    leaving.close();
    witness.close();
  });

  it("a demoted member's subscription ends (membership MODIFY); the member may subscribe again", async () => {
    await admin("POST", "/admin/users", {
      id: "user_demoted",
      firstName: "Dee",
      email: "dee@acme.test",
    });
    await member(ACME, "user_demoted", "org:admin");
    const demoted = await subscriber("user_demoted", ACME);
    await admin("PATCH", `/admin/memberships/${ACME}/user_demoted`, { role: "org:member" });
    expect(await endsWithin2s(demoted)).toBe(true);
    expect(await membershipRole(ACME, "user_demoted")).toBe("org:member");
    // Still a member (a reader): the authorize function lets the new subscription in.
    const again = await start(demoted, "again", await token("user_demoted", ACME), SUBSCRIBE);
    expect(again).toEqual({ type: "start_ack", id: "again" });
    demoted.close();
  });

  it("an org deleted by webhook: every subscription of the org ends within 2 s; another org's stays", async () => {
    await admin("POST", "/admin/organizations", {
      id: "org_doomed",
      name: "Doomed",
      slug: "doomed",
    });
    for (const id of ["user_doomed_a", "user_doomed_b"])
      await admin("POST", "/admin/users", { id, firstName: "Dora", email: `${id}@doomed.test` });
    await member("org_doomed", "user_doomed_a", "org:admin");
    await member("org_doomed", "user_doomed_b");
    const a = await subscriber("user_doomed_a", "org_doomed");
    const b = await subscriber("user_doomed_b", "org_doomed");
    const elsewhere = await subscriber(U.acmeMember1.id, ACME);

    await admin("DELETE", "/admin/organizations/org_doomed");
    expect(await endsWithin2s(a)).toBe(true);
    expect(await endsWithin2s(b)).toBe(true);
    const still = await create(await token(U.acmeAdmin.id, ACME), "Acme goes on");
    await received(elsewhere, "CREATED", still.id);
    expect(completed(elsewhere)).toBe(false);
    for (const client of [a, b, elsewhere]) client.close();
  });

  it("a user deleted by webhook: the user's org and personal subscriptions end within 2 s", async () => {
    await admin("POST", "/admin/users", {
      id: "user_gone",
      firstName: "Gus",
      email: "gus@acme.test",
    });
    await member(ACME, "user_gone");
    const inOrg = await subscriber("user_gone", ACME);
    const personal = await subscriber("user_gone", undefined);
    const colleague = await subscriber(U.acmeMember1.id, ACME);

    await admin("DELETE", "/admin/users/user_gone");
    expect(await endsWithin2s(inOrg)).toBe(true);
    expect(await endsWithin2s(personal)).toBe(true);
    await colleague.barrier();
    expect(completed(colleague)).toBe(false);
    for (const client of [inOrg, personal, colleague]) client.close();
  });

  it("an org's tombstone alone (no membership removed) ends the org's subscriptions: the ORG path", async () => {
    await admin("POST", "/admin/organizations", { id: "org_tomb", name: "Tomb", slug: "tomb" });
    await admin("POST", "/admin/users", {
      id: "user_tomb",
      firstName: "Tom",
      email: "tom@tomb.test",
    });
    await member("org_tomb", "user_tomb");
    const inOrg = await subscriber("user_tomb", "org_tomb");
    const personal = await subscriber("user_tomb", undefined);
    // As the mirror writes it, but without the cascade: only the tombstone reaches the stream.
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: orgTombstone("org_tomb", Date.now()) }),
    );
    expect(await endsWithin2s(inOrg)).toBe(true);
    expect(await membershipRole("org_tomb", "user_tomb")).toBe("org:member");
    await personal.barrier();
    expect(completed(personal)).toBe(false);
    inOrg.close();
    personal.close();
  });

  it("a user's tombstone alone ends the user's subscriptions, org and personal: the USER path", async () => {
    await admin("POST", "/admin/users", {
      id: "user_ghost",
      firstName: "Gil",
      email: "gil@acme.test",
    });
    await member(ACME, "user_ghost");
    const inOrg = await subscriber("user_ghost", ACME);
    const personal = await subscriber("user_ghost", undefined);
    const colleague = await subscriber(U.acmeMember2.id, ACME);
    await table.doc.send(
      new PutCommand({ TableName: table.tableName, Item: userTombstone("user_ghost", Date.now()) }),
    );
    expect(await endsWithin2s(inOrg)).toBe(true);
    expect(await endsWithin2s(personal)).toBe(true);
    await colleague.barrier();
    expect(completed(colleague)).toBe(false);
    for (const client of [inOrg, personal, colleague]) client.close();
  });
});

describe("publishing through the stream: retried, and never blocked by a poison record", () => {
  it("a publish that fails on the first attempt (AppSync down) is retried and delivered exactly once", async () => {
    const watcher = await subscriber(U.acmeMember1.id, ACME);
    outage.query = PUBLISH_MILESTONE_CHANGE;
    outage.count = 1;
    const made = await create(await token(U.acmeAdmin.id, ACME), "Delivered late");
    await received(watcher, "CREATED", made.id);
    const attempts = calls.filter(
      (c) =>
        c.query === PUBLISH_MILESTONE_CHANGE &&
        (c.variables.change as { milestoneId: string }).milestoneId === made.id,
    );
    expect(attempts.map((c) => c.failed)).toEqual([true, false]);
    await watcher.barrier();
    expect(deliveries(watcher, made.id)).toBe(1);
    watcher.close();
  });

  it("a milestone item that does not parse is given up after the retries; later changes still arrive", async () => {
    const watcher = await subscriber(U.acmeMember1.id, ACME);
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.milestone({ kind: "org", orgId: ACME }, "01POISON"),
          entity: "milestone",
          id: "01POISON",
          status: "?",
        },
      }),
    );
    const after = await create(await token(U.acmeAdmin.id, ACME), "After the poison");
    await received(watcher, "CREATED", after.id);
    expect(
      poller.some(
        (line) => line.startsWith("on-failure: record") && line.includes("after 2 retries"),
      ),
    ).toBe(true);
    await watcher.barrier();
    expect(deliveries(watcher, "01POISON")).toBe(0);
    watcher.close();
  });
});
