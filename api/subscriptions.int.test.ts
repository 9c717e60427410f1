/**
 * Live updates' isolation matrix (issue 22), end to end on the local stack's real parts:
 * DynamoDB Local and its stream, the live publisher (lambdas/live) calling the IAM-only
 * publishMilestoneChange with the internal credential, the local AppSync's real-time
 * WebSocket with the real authorizer, real tokens from the local issuer, and the real webhook
 * handler (svix-signed deliveries) ending a removed member's subscription.
 *
 * "None receives" is checked without timing: a subscriber's socket is drained with a `stop`
 * round trip (the server answers in order) after the positive control has received the
 * change, and AppSync's publish reaches every matching subscription in the same step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIamGraphQLClient } from "../lambdas/appsync-iam/client";
import { signRequest } from "../lambdas/appsync-iam/sigv4";
import { PUBLISH_MILESTONE_CHANGE } from "../lambdas/live/app";
import { subscriptionInvalidator } from "../lambdas/live/invalidate";
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
import { mintSessionToken } from "../local/issuer/tokens";
import type { StreamPoller } from "../local/streams/poller";
import { startLocalLivePublisher } from "../local/streams/live";
import { createTestTable } from "../local/testing/dynamodb";
import { mirroredRole, waitFor } from "../local/testing/wait";
import { startTestIssuer, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;
const INTERNAL = {
  accessKeyId: "TESTINTERNALKEY0001",
  secretAccessKey: "test-internal-secret-not-real",
};

let table: Table;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync | undefined;
let publisher: StreamPoller;

const SUBSCRIBE = `subscription Live($orgId: ID) {
  onMilestoneChanged(orgId: $orgId) { kind milestoneId actorId audience orgId milestone { id title version } }
}`;

const membershipRole = (orgId: string, userId: string) => mirroredRole(table, orgId, userId);

const token = (userId: string, orgId?: string) =>
  mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) });

beforeAll(async () => {
  table = await createTestTable("subscriptions");
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
      log: () => {},
      invalidateSubscriptions: async (target) => {
        if (!appsync) return;
        await subscriptionInvalidator(
          createIamGraphQLClient({ url: appsync.url, region: "local", credentials: INTERNAL }),
        )(target);
      },
    }),
  });
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  appsync = await startTestAppSync({ api, table, issuer, iam: INTERNAL });
  publisher = await startLocalLivePublisher({
    endpoint: table.endpoint,
    tableName: table.tableName,
    appsyncUrl: appsync.url,
    credentials: INTERNAL,
  });
  const seeded = await waitFor(
    async () =>
      (await membershipRole(ACME, U.acmeMember2.id)) === "org:member" &&
      (await membershipRole(GLOBEX, U.globexAdmin.id)) === "org:admin",
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

/** A connection of `userId` in `orgId` (or personal), subscribed with `variables`. */
async function subscriber(userId: string, orgId: string | undefined, variables = {}) {
  const t = await token(userId, orgId);
  const client = await openRealtime(endpoint().realtimeUrl, t);
  expect((await initialize(client)).type).toBe("connection_ack");
  const answer = await start(client, "live", t, SUBSCRIBE, variables);
  expect(answer).toEqual({ type: "start_ack", id: "live" });
  return client;
}

type Change = { kind: string; milestoneId: string; actorId: string | null; audience: string };
const changes = (client: RealtimeClient): Change[] =>
  client.messages
    .filter((m) => m.type === "data")
    .map((m) => (m.payload?.data as { onMilestoneChanged: Change }).onMilestoneChanged);

const receivedOnce = (client: RealtimeClient, kind: string, milestoneId: string) =>
  client.next(
    (m: RealtimeMessage) =>
      m.type === "data" &&
      (m.payload?.data as { onMilestoneChanged?: Change } | undefined)?.onMilestoneChanged
        ?.milestoneId === milestoneId &&
      (m.payload?.data as { onMilestoneChanged: Change }).onMilestoneChanged.kind === kind,
    10_000,
  );

async function mutate(t: string, query: string, variables: Record<string, unknown>) {
  const answer = await graphql(endpoint().url, t, query, variables);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data as Record<string, Record<string, unknown>>;
}

const CREATE = `mutation($title: String!) { createMilestone(input: { title: $title }) { id version } }`;
const UPDATE = `mutation($id: ID!, $v: Int!) { updateMilestone(id: $id, expectedVersion: $v, input: { status: DONE }) { id version } }`;
const DELETE = `mutation($id: ID!, $v: Int!) { deleteMilestone(id: $id, expectedVersion: $v) { id } }`;
const BULK = `mutation($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted } }`;
const BULK_EDIT = `mutation($items: [BulkMilestoneRef!]!) {
  updateMilestones(items: $items, input: { status: BLOCKED }) { id updated version } }`;

describe("onMilestoneChanged: who receives org A's changes", () => {
  it("a member of A gets each change exactly once; B, a personal user, a member naming B, expired and missing tokens get none", async () => {
    const member = await subscriber(U.acmeMember1.id, ACME);
    const namingOwnOrg = await subscriber(U.acmeMember2.id, ACME, { orgId: ACME });
    const otherOrg = await subscriber(U.globexAdmin.id, GLOBEX);
    const personal = await subscriber(U.personal.id, undefined);
    const namingB = await subscriber(U.acmeMember2.id, ACME, { orgId: GLOBEX });

    // An expired token: refused at connection_init (header) and at start (its own token).
    const org = issuer.directory.getOrg(ACME);
    const membership = issuer.directory.getMembership(ACME, U.acmeAdmin.id);
    if (!org || !membership) throw new Error("not seeded");
    const expired = (
      await mintSessionToken({
        key: issuer.keys.signingKey(),
        issuer: issuer.url,
        authorizedParty: "http://localhost:3000",
        userId: U.acmeAdmin.id,
        sessionId: "sess_expired",
        org: { org, membership, permissions: issuer.directory.permissionsOf(membership) },
        format: "v2",
        lifetimeSeconds: 60,
        sessionStatus: "active",
        now: new Date(Date.now() - 10 * 60_000),
      })
    ).token;
    const expiredConnection = await openRealtime(endpoint().realtimeUrl, expired);
    const refused = await initialize(expiredConnection);
    expect(refused.type).toBe("connection_error");
    expect(refused.payload?.errors?.[0]).toMatchObject({
      errorType: "UnauthorizedException",
      errorCode: 401,
    });
    expect(await expiredConnection.closed).toBe(1000);
    const validConnection = await openRealtime(
      endpoint().realtimeUrl,
      await token(U.acmeAdmin.id, ACME),
    );
    expect((await initialize(validConnection)).type).toBe("connection_ack");
    const expiredStart = await start(validConnection, "expired", expired, SUBSCRIBE);
    expect(expiredStart.type).toBe("error");
    expect(expiredStart.payload?.errors?.[0]?.errorType).toBe("UnauthorizedException");

    // No token: no connection; and a start without one is refused.
    const anonymous = await openRealtime(endpoint().realtimeUrl, undefined);
    expect((await initialize(anonymous)).type).toBe("connection_error");
    const noTokenStart = await start(validConnection, "none", undefined, SUBSCRIBE);
    expect(noTokenStart.type).toBe("error");

    // Org A's changes: creates (one by a member), an update and a delete by the admin, a bulk
    // edit by the admin of the admin's and the member's rows (each names the admin: the bulk
    // editor, not the row's last writer), and a bulk delete of the two.
    const admin = await token(U.acmeAdmin.id, ACME);
    const a = (await mutate(admin, CREATE, { title: "Live A" })).createMilestone!;
    const b = (await mutate(admin, CREATE, { title: "Live B" })).createMilestone!;
    const c = (await mutate(await token(U.acmeMember2.id, ACME), CREATE, { title: "Live C" }))
      .createMilestone!;
    const updated = (await mutate(admin, UPDATE, { id: a.id, v: a.version })).updateMilestone!;
    await mutate(admin, DELETE, { id: a.id, v: updated.version });
    const edited = (
      await mutate(admin, BULK_EDIT, {
        items: [b, c].map((m) => ({ id: m.id, expectedVersion: m.version })),
      })
    ).updateMilestones as unknown as { updated: boolean }[];
    expect(edited.map((r) => r.updated)).toEqual([true, true]);
    const bulk = (await mutate(admin, BULK, { ids: [b.id, c.id] })).deleteMilestones as unknown as {
      deleted: boolean;
    }[];
    expect(bulk.map((r) => r.deleted)).toEqual([true, true]);

    const [ad, ac, m2] = [U.acmeAdmin.id, a.id as string, U.acmeMember2.id];
    const expected: [string, string, string][] = [
      ["CREATED", ac, ad],
      ["CREATED", b.id as string, ad],
      ["CREATED", c.id as string, m2],
      ["UPDATED", ac, ad],
      ["DELETED", ac, ad],
      ["UPDATED", b.id as string, ad],
      ["UPDATED", c.id as string, ad],
      ["DELETED", b.id as string, ad],
      ["DELETED", c.id as string, ad],
    ];
    for (const client of [member, namingOwnOrg])
      for (const [kind, id] of expected) await receivedOnce(client, kind, id);

    for (const client of [member, namingOwnOrg, otherOrg, personal, namingB, validConnection])
      await client.barrier();
    for (const client of [member, namingOwnOrg]) {
      const got = changes(client).map((change) => [
        change.kind,
        change.milestoneId,
        change.actorId,
      ]);
      expect([...got].sort()).toEqual([...expected].sort());
      for (const change of changes(client)) expect(change.audience).toBe(`ORG#${ACME}`);
    }
    for (const client of [otherOrg, personal, namingB, validConnection])
      expect(changes(client)).toEqual([]);

    // The negative subscribers are live: each gets its own scope's change.
    const globexAdmin = await token(U.globexAdmin.id, GLOBEX);
    const g = (await mutate(globexAdmin, CREATE, { title: "Globex live" })).createMilestone!;
    await receivedOnce(otherOrg, "CREATED", g.id as string);
    const own = await token(U.personal.id);
    const p = (await mutate(own, CREATE, { title: "Personal live" })).createMilestone!;
    const mine = await receivedOnce(personal, "CREATED", p.id as string);
    expect((mine.payload?.data as { onMilestoneChanged: Change }).onMilestoneChanged).toMatchObject(
      { audience: `USER#${U.personal.id}`, actorId: U.personal.id },
    );
    await member.barrier();
    expect(changes(member).map((change) => change.milestoneId)).not.toContain(g.id);
    expect(changes(member).map((change) => change.milestoneId)).not.toContain(p.id);

    for (const client of [member, namingOwnOrg, otherOrg, personal, namingB, validConnection])
      client.close();
    anonymous.close();
  });

  it("a member removed by webhook stops receiving within 2 s and cannot subscribe again", async () => {
    const response = await fetch(`${issuer.url}/admin/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "user_leaving", firstName: "Lee", email: "lee@acme.test" }),
    });
    expect(response.ok).toBe(true);
    const added = await fetch(`${issuer.url}/admin/memberships`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ orgId: ACME, userId: "user_leaving", role: "org:member" }),
    });
    expect(added.ok).toBe(true);
    expect(
      await waitFor(
        async () => (await membershipRole(ACME, "user_leaving")) === "org:member",
        5000,
      ),
    ).toBe(true);
    const leavingToken = await token("user_leaving", ACME);
    const leaving = await subscriber("user_leaving", ACME);
    const witness = await subscriber(U.acmeMember1.id, ACME);
    const admin = await token(U.acmeAdmin.id, ACME);
    const before = (await mutate(admin, CREATE, { title: "Before removal" })).createMilestone!;
    await receivedOnce(leaving, "CREATED", before.id as string);

    const removed = await fetch(`${issuer.url}/admin/memberships/${ACME}/user_leaving`, {
      method: "DELETE",
    });
    expect(removed.ok).toBe(true);
    // Bounded poll: the webhook → mirror → invalidateMemberSubscriptions → complete.
    expect(
      await waitFor(
        () =>
          Promise.resolve(leaving.messages.some((m) => m.type === "complete" && m.id === "live")),
        2000,
      ),
    ).toBe(true);

    const after = (await mutate(admin, CREATE, { title: "After removal" })).createMilestone!;
    await receivedOnce(witness, "CREATED", after.id as string);
    await leaving.barrier();
    expect(changes(leaving).map((change) => change.milestoneId)).toEqual([before.id]);
    // The same, still valid token: the authorize function reads the mirror and refuses.
    const again = await start(leaving, "again", leavingToken, SUBSCRIBE);
    expect(again.type).toBe("error");
    expect(again.payload?.errors?.[0]?.errorType).toBe("Unauthorized");
    leaving.close();
    witness.close();
  });
});

describe("the internal mutations: IAM only", () => {
  const change = {
    kind: "CREATED",
    milestoneId: "ms_forged",
    milestone: null,
    actorId: U.acmeAdmin.id,
    orgId: ACME,
    audience: `ORG#${ACME}`,
    at: new Date().toISOString(),
  };

  it("a user token (even an org admin's) is refused on publishMilestoneChange and invalidateMemberSubscriptions", async () => {
    const admin = await token(U.acmeAdmin.id, ACME);
    const watcher = await subscriber(U.acmeMember1.id, ACME);
    const published = await graphql(endpoint().url, admin, PUBLISH_MILESTONE_CHANGE, {
      change: { ...change, kind: "DELETED" },
    });
    expect(published.body.errors?.[0]?.errorType).toBe("Unauthorized");
    expect(published.body.data).toEqual({ publishMilestoneChange: null });
    const invalidated = await graphql(
      endpoint().url,
      admin,
      `mutation { invalidateMemberSubscriptions(orgId: "${ACME}", userId: "${U.acmeMember1.id}") { orgId } }`,
    );
    expect(invalidated.body.errors?.[0]?.errorType).toBe("Unauthorized");
    await watcher.barrier();
    expect(watcher.messages.filter((m) => m.type === "data" || m.type === "complete")).toEqual([]);
    watcher.close();
  });

  it("a SigV4 signature from another secret, or over another body, is refused with 403", async () => {
    const url = new URL(endpoint().url);
    const body = JSON.stringify({
      query: PUBLISH_MILESTONE_CHANGE,
      variables: { change: { ...change, kind: "DELETED" } },
    });
    const forged = await signRequest(
      { method: "POST", url, headers: { "content-type": "application/json" }, body },
      { ...INTERNAL, secretAccessKey: "guessed-secret-value" },
      "local",
    );
    const wrongSecret = await fetch(url, { method: "POST", headers: forged, body });
    expect(wrongSecret.status).toBe(403);
    const signed = await signRequest(
      { method: "POST", url, headers: { "content-type": "application/json" }, body },
      INTERNAL,
      "local",
    );
    const swapped = await fetch(url, {
      method: "POST",
      headers: signed,
      body: body.replace("ms_forged", "ms_swapped"),
    });
    expect(swapped.status).toBe(403);
    expect(await swapped.text()).toContain("InvalidSignatureException");
  });

  it("the internal credential publishes (validated: a deletion carries no milestone)", async () => {
    const client = createIamGraphQLClient({
      url: endpoint().url,
      region: "local",
      credentials: INTERNAL,
    });
    await expect(
      client(PUBLISH_MILESTONE_CHANGE, {
        change: { ...change, milestone: { id: "x" } as unknown as null, kind: "DELETED" },
      }),
    ).rejects.toThrow();
    const watcher = await subscriber(U.acmeMember1.id, ACME);
    await client(PUBLISH_MILESTONE_CHANGE, { change: { ...change, kind: "DELETED" } });
    await receivedOnce(watcher, "DELETED", "ms_forged");
    watcher.close();
  });
});
