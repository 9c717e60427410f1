/**
 * Deletion is final and complete, through the real path: svix-signed deliveries into the
 * webhook handler on DynamoDB Local, whose tombstones reach the unchanged cleanup handler
 * through DynamoDB Local's stream (the local poller). The whole table is read with Scan
 * here to prove that nothing personal is left anywhere: a test's privilege.
 */
import { DeleteCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keys, toQueryParams } from "../../core/table";
import { Directory, type ClerkEventType } from "../../local/issuer/directory";
import { startLocalCleanup } from "../../local/streams/cleanup";
import type { StreamPoller } from "../../local/streams/poller";
import { auditItem, batchPut, milestoneItem, waitForJobPhase } from "../../local/testing/cleanup";
import { createTestTable } from "../../local/testing/dynamodb";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { scanAll } from "../../local/testing/mirror-truth";
import { clerkBody, functionUrlEvent, mirrorReader } from "../../local/testing/webhooks";
import { createWebhookHandler } from "../webhook/app";
import { createMirrorStore } from "../webhook/mirror-store";

let table: Awaited<ReturnType<typeof createTestTable>>;
let mirror: ReturnType<typeof mirrorReader>;
let handler: ReturnType<typeof createWebhookHandler>;
let poller: StreamPoller;

beforeAll(async () => {
  table = await createTestTable("erasure");
  mirror = mirrorReader(table.doc, table.tableName);
  handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(table.doc, table.tableName),
    log: () => {},
  });
  poller = await startLocalCleanup({ endpoint: table.endpoint, tableName: table.tableName });
});
afterAll(async () => {
  await poller?.stop();
  await table?.drop();
});

interface Sent {
  svixId: string;
  body: string;
}
let emitted: { type: ClerkEventType; body: string }[] = [];
let directory: Directory;
beforeEach(() => {
  emitted = [];
  directory = new Directory(
    (type, data) => emitted.push({ type, body: clerkBody(type, data) }),
    (id) => `https://img.test/${id}.png`,
  );
});

let counter = 0;
async function post(sent: Sent) {
  const result = await handler(
    functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: sent.svixId, body: sent.body }),
  );
  expect(result.statusCode).toBe(200);
  return (JSON.parse(result.body) as { outcome: string }).outcome;
}
/** Delivers what the directory emitted since the last call; returns what was sent. */
async function deliverEmitted() {
  const sent: (Sent & { type: ClerkEventType; outcome: string })[] = [];
  for (const event of emitted.splice(0)) {
    const delivery = { svixId: `msg_erasure_${++counter}`, body: event.body };
    sent.push({ ...delivery, type: event.type, outcome: await post(delivery) });
  }
  return sent;
}

const queryAll = async (spec: Parameters<typeof toQueryParams>[0]) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(spec),
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const queryIndex = async (spec: Parameters<typeof toQueryParams>[0]) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(spec),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

/**
 * "After any time": every item with a TTL (`expiresAt`) removed, as DynamoDB's TTL would
 * once it passed. Tombstones have none, so they stay; svix-id records go.
 */
async function expireEverythingWithTtl() {
  let expired = 0;
  for (const item of await scanAll(table.doc, table.tableName)) {
    if (item.expiresAt === undefined) continue;
    await table.doc.send(
      new DeleteCommand({ TableName: table.tableName, Key: { PK: item.PK, SK: item.SK } }),
    );
    expired++;
  }
  return expired;
}

/** Every item of the table that mentions `text` anywhere, as JSON. */
const itemsMentioning = async (...texts: string[]) =>
  (await scanAll(table.doc, table.tableName)).filter((item) => {
    const json = JSON.stringify(item);
    return texts.some((text) => json.includes(text));
  });

describe("user.deleted erases the user", () => {
  it("leaves only the tombstone under USER#<id>, no personal milestone, no name or email", async () => {
    const d = directory;
    d.createUser({ id: "user_er1", firstName: "Erika", lastName: "Ernst", email: "erika@er.test" });
    d.createUser({ id: "user_er2", firstName: "Kai", lastName: "Keep", email: "kai@er.test" });
    d.createOrg({ id: "org_er1", name: "Erasure Org", slug: "erasure-org" });
    d.createMembership({ orgId: "org_er1", userId: "user_er1", role: "org:admin" });
    d.createMembership({ orgId: "org_er1", userId: "user_er2", role: "org:member" });
    expect((await deliverEmitted()).map((s) => s.outcome)).toEqual(Array(5).fill("applied"));

    const personal = { kind: "personal", userId: "user_er1" } as const;
    const org = { kind: "org", orgId: "org_er1" } as const;
    await batchPut(table.doc, table.tableName, [
      ...Array.from({ length: 240 }, (_, n) => milestoneItem(personal, `pm${n}`, "user_er1", n)),
      milestoneItem(org, "om1", "user_er1", 1),
      milestoneItem(org, "om2", "user_er2", 2),
      auditItem("org_er1", "user_er1", 1),
      // Another user's personal milestones stay untouched.
      ...Array.from({ length: 5 }, (_, n) =>
        milestoneItem({ kind: "personal", userId: "user_er2" }, `km${n}`, "user_er2", n),
      ),
    ]);

    d.deleteUser("user_er1");
    expect((await deliverEmitted()).map((s) => s.outcome)).toEqual(["applied", "applied"]);
    const job = await waitForJobPhase(
      table.doc,
      table.tableName,
      { kind: "user", userId: "user_er1" },
      "done",
      20_000,
    );
    expect(job.removed).toBe(240);

    // Under USER#<id>: the tombstone only, with ids and times.
    const partition = await queryAll({
      partitionKeyName: "PK",
      partitionKey: keys.userPartition("user_er1"),
      sortKeyName: "SK",
      ascending: true,
    });
    expect(partition.map((item) => String(item.SK))).toEqual(["PROFILE"]);
    expect(Object.keys(partition[0] ?? {}).sort()).toEqual(
      ["PK", "SK", "deleted", "deletedAt", "entity", "id", "updatedAt"].sort(),
    );
    // No personal milestone in any of the three indexes either.
    for (const sort of ["UPDATED_AT", "DUE_DATE"] as const) {
      const spec = keys.milestones(personal, { sort });
      expect(await queryIndex(spec)).toEqual([]);
    }
    expect(
      await queryIndex(keys.milestones(personal, { sort: "UPDATED_AT", status: "DONE" })),
    ).toEqual([]);
    // Name and email nowhere in the table.
    expect(await itemsMentioning("erika@er.test", "Erika", "Ernst")).toEqual([]);

    // What stays: the org's milestone they owned (by id), the audit entry's actor id, the
    // other user's data.
    expect(await mirror.orgMembers("org_er1")).toEqual({ user_er2: "org:member" });
    const orgMilestones = await queryIndex(keys.milestones(org, { sort: "UPDATED_AT" }));
    expect(orgMilestones.map((m) => [m.id, m.ownerId]).sort()).toEqual([
      ["om1", "user_er1"],
      ["om2", "user_er2"],
    ]);
    const audit = await queryAll(keys.auditLog("org_er1"));
    expect(audit.map((a) => String(a.actorId))).toEqual(["user_er1"]);
    expect(
      await queryIndex(
        keys.milestones({ kind: "personal", userId: "user_er2" }, { sort: "UPDATED_AT" }),
      ),
    ).toHaveLength(5);
    expect(await mirror.user("user_er2")).toMatchObject({ email: "kai@er.test" });
  });
});

describe("organization.deleted erases the org's invitations", () => {
  it("pending ones (with their addresses) and tombstones alike; a late created writes nothing", async () => {
    const d = directory;
    d.createOrg({ id: "org_er2", name: "Inviting Org", slug: "inviting-org" });
    const kept = d.createInvitation({
      orgId: "org_er2",
      email: "pending@er.test",
      role: "org:member",
    });
    const revoked = d.createInvitation({
      orgId: "org_er2",
      email: "revoked@er.test",
      role: "org:member",
    });
    d.revokeInvitation("org_er2", revoked.id);
    const sent = await deliverEmitted();
    expect(sent.map((s) => s.outcome)).toEqual(Array(4).fill("applied"));
    const created = sent.find((s) => s.type === "organizationInvitation.created");
    expect(await mirror.pendingInvitations("org_er2")).toHaveLength(1);

    d.deleteOrg("org_er2");
    expect((await deliverEmitted()).map((s) => s.outcome)).toEqual(["applied"]);
    await waitForJobPhase(
      table.doc,
      table.tableName,
      { kind: "org", orgId: "org_er2" },
      "done",
      20_000,
    );
    expect(await mirror.invitation("org_er2", kept.id)).toBeUndefined();
    expect(await mirror.invitation("org_er2", revoked.id)).toBeUndefined();
    expect(await mirror.pendingInvitations("org_er2")).toEqual([]);
    expect(await itemsMentioning("pending@er.test", "revoked@er.test", kept.id)).toEqual([]);

    // The org's tombstone keeps it so: a created redelivered under a new svix id is stale.
    if (!created) throw new Error("no invitation was created");
    expect(await post({ ...created, svixId: `msg_erasure_${++counter}` })).toBe("stale");
    expect(await mirror.pendingInvitations("org_er2")).toEqual([]);
  });
});

describe("replays after any time", () => {
  it("a user.updated replayed after its svix-id record is gone writes nothing back", async () => {
    const d = directory;
    d.createUser({ id: "user_rp1", firstName: "Rita", lastName: "Replay", email: "rita@rp.test" });
    d.updateUser("user_rp1", { email: "rita.new@rp.test" });
    const [, updated] = await deliverEmitted();
    expect(updated?.type).toBe("user.updated");
    d.deleteUser("user_rp1");
    expect((await deliverEmitted()).map((s) => s.outcome)).toEqual(["applied"]);
    await waitForJobPhase(
      table.doc,
      table.tableName,
      { kind: "user", userId: "user_rp1" },
      "done",
      20_000,
    );

    // What the record's TTL does after 7 days, done by hand: the dedupe key is gone.
    if (!updated) throw new Error("no user.updated was sent");
    expect(await expireEverythingWithTtl()).toBeGreaterThan(0);
    await table.doc.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { PK: `WEBHOOK#${updated.svixId}`, SK: "EVENT" },
      }),
    );
    expect(await post(updated)).toBe("stale");
    // And under a new svix id (Clerk's "replay" sends a new message), the same.
    expect(await post({ ...updated, svixId: `msg_erasure_${++counter}` })).toBe("stale");
    expect(await mirror.user("user_rp1")).toMatchObject({ deleted: true });
    expect(await itemsMentioning("rita@rp.test", "rita.new@rp.test", "Rita")).toEqual([]);
  });

  it("a removed membership's created, redelivered under a new svix id, is not re-created", async () => {
    const d = directory;
    d.createUser({ id: "user_rp2", firstName: "Max", email: "max@rp.test" });
    d.createOrg({ id: "org_rp1", name: "Replay Org", slug: "replay-org" });
    d.createMembership({ orgId: "org_rp1", userId: "user_rp2", role: "org:admin" });
    const sent = await deliverEmitted();
    const created = sent.find((s) => s.type === "organizationMembership.created");
    if (!created) throw new Error("no membership was created");
    d.deleteMembership("org_rp1", "user_rp2");
    expect((await deliverEmitted()).map((s) => s.outcome)).toEqual(["applied"]);

    expect(await expireEverythingWithTtl()).toBeGreaterThan(0);
    await table.doc.send(
      new DeleteCommand({
        TableName: table.tableName,
        Key: { PK: `WEBHOOK#${created.svixId}`, SK: "EVENT" },
      }),
    );
    expect(await post(created)).toBe("stale");
    expect(await post({ ...created, svixId: `msg_erasure_${++counter}` })).toBe("stale");
    expect(await mirror.orgMembers("org_rp1")).toEqual({});
    expect(await mirror.userOrgs("user_rp2")).toEqual({});
    expect(await mirror.membershipTombstone("org_rp1", "user_rp2")).not.toHaveProperty("expiresAt");
  });
});
