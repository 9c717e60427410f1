import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Directory } from "../../local/issuer/directory";
import type { ClerkEventType } from "../../local/issuer/directory";
import { createTestTable } from "../../local/testing/dynamodb";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import {
  clerkBody,
  functionUrlEvent,
  mirrorReader,
  OTHER_SECRET,
} from "../../local/testing/webhooks";
import { createWebhookHandler, type FunctionUrlResult } from "./app";
import { createDocumentClient } from "./dynamodb";
import { createMirrorStore } from "./mirror-store";

let table: Awaited<ReturnType<typeof createTestTable>>;
let mirror: ReturnType<typeof mirrorReader>;
let handler: ReturnType<typeof createWebhookHandler>;
const logs: string[] = [];

beforeAll(async () => {
  table = await createTestTable("webhook");
  mirror = mirrorReader(table.doc, table.tableName);
  handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(table.doc, table.tableName),
    log: (line) => logs.push(line),
  });
});
afterAll(async () => {
  await table.drop();
});

/** Every event the directory emits, in Clerk's shapes, in order. */
let emitted: { type: ClerkEventType; data: Record<string, unknown> }[] = [];
let directory: Directory;
beforeEach(() => {
  emitted = [];
  directory = new Directory(
    (type, data) => emitted.push({ type, data: structuredClone(data) }),
    (id) => `https://img.test/${id}.png`,
  );
});

let counter = 0;
const nextId = () => `msg_test_${++counter}`;

async function deliver(
  type: string,
  data: unknown,
  options: Partial<Parameters<typeof functionUrlEvent>[0]> = {},
): Promise<FunctionUrlResult & { json: Record<string, unknown> }> {
  const result = await handler(
    functionUrlEvent({
      secret: TEST_WEBHOOK_SECRET,
      svixId: nextId(),
      body: clerkBody(type, data),
      ...options,
    }),
  );
  return { ...result, json: JSON.parse(result.body) as Record<string, unknown> };
}

/** Delivers what the directory emitted since the last call, in order. */
async function deliverEmitted() {
  const outcomes: unknown[] = [];
  for (const event of emitted.splice(0)) {
    const result = await deliver(event.type, event.data);
    expect(result.statusCode).toBe(200);
    outcomes.push(result.json.outcome);
  }
  return outcomes;
}

const itemCount = async () =>
  (await table.doc.send(new ScanCommand({ TableName: table.tableName, Select: "COUNT" }))).Count;

describe("the nine event types, applied and read both ways", () => {
  it("user, organization and membership: created, updated, deleted", async () => {
    const d = directory;
    d.createUser({ id: "user_n1", firstName: "Nina", lastName: "Nine", email: "nina@x.test" });
    d.createUser({ id: "user_n2", firstName: "Otto", email: "otto@x.test" });
    d.createOrg({ id: "org_n1", name: "Ninefold", slug: "ninefold" });
    d.createMembership({ orgId: "org_n1", userId: "user_n1", role: "org:admin" });
    d.createMembership({ orgId: "org_n1", userId: "user_n2", role: "org:member" });
    expect(await deliverEmitted()).toEqual(Array(5).fill("applied"));

    const nina = d.getUser("user_n1");
    expect(await mirror.user("user_n1")).toMatchObject({
      id: "user_n1",
      email: "nina@x.test",
      firstName: "Nina",
      lastName: "Nine",
      imageUrl: "https://img.test/user_n1.png",
      updatedAt: nina?.updatedAt,
    });
    expect(await mirror.org("org_n1")).toMatchObject({
      id: "org_n1",
      name: "Ninefold",
      slug: "ninefold",
      imageUrl: "https://img.test/org_n1.png",
      membersCount: 0,
      updatedAt: d.getOrg("org_n1")?.updatedAt,
    });
    expect(await mirror.orgMembers("org_n1")).toEqual({
      user_n1: "org:admin",
      user_n2: "org:member",
    });
    expect(await mirror.userOrgs("user_n1")).toEqual({ org_n1: "org:admin" });
    expect(await mirror.userOrgs("user_n2")).toEqual({ org_n1: "org:member" });

    d.updateUser("user_n1", { lastName: "Neun", email: "neun@x.test" });
    d.updateOrg("org_n1", { name: "Ninefold Inc" });
    d.updateMembership("org_n1", "user_n2", { role: "org:admin" });
    expect(await deliverEmitted()).toEqual(Array(3).fill("applied"));
    expect(await mirror.user("user_n1")).toMatchObject({ lastName: "Neun", email: "neun@x.test" });
    expect(await mirror.org("org_n1")).toMatchObject({ name: "Ninefold Inc", membersCount: 2 });
    expect(await mirror.orgMembers("org_n1")).toEqual({
      user_n1: "org:admin",
      user_n2: "org:admin",
    });
    expect(await mirror.userOrgs("user_n2")).toEqual({ org_n1: "org:admin" });

    d.deleteMembership("org_n1", "user_n2");
    expect(await deliverEmitted()).toEqual(["applied"]);
    expect(await mirror.orgMembers("org_n1")).toEqual({ user_n1: "org:admin" });
    expect(await mirror.userOrgs("user_n2")).toEqual({});
    expect(await mirror.membershipTombstone("org_n1", "user_n2")).toMatchObject({ deleted: true });

    d.deleteUser("user_n1"); // membership.deleted, then user.deleted
    expect(await deliverEmitted()).toEqual(["applied", "applied"]);
    const tombstone = await mirror.user("user_n1");
    expect(tombstone).toMatchObject({ id: "user_n1", deleted: true });
    // Only the id and the deletion time remain: no personal data.
    for (const field of ["email", "firstName", "lastName", "imageUrl"]) {
      expect(tombstone).not.toHaveProperty(field);
    }
    expect(await mirror.orgMembers("org_n1")).toEqual({});
    expect(await mirror.userOrgs("user_n1")).toEqual({});

    d.deleteOrg("org_n1");
    expect(await deliverEmitted()).toEqual(["applied"]);
    expect(await mirror.org("org_n1")).toMatchObject({ id: "org_n1", deleted: true });
    expect(await mirror.org("org_n1")).not.toHaveProperty("name");
  });

  it("user.deleted and organization.deleted remove memberships even when Clerk does not cascade", async () => {
    const d = directory;
    d.createUser({ id: "user_c1", firstName: "Cas", email: "cas@x.test" });
    d.createUser({ id: "user_c2", firstName: "Cade", email: "cade@x.test" });
    d.createOrg({ id: "org_c1", name: "Cascade", slug: "cascade" });
    d.createOrg({ id: "org_c2", name: "Cascade 2", slug: "cascade-2" });
    d.createMembership({ orgId: "org_c1", userId: "user_c1", role: "org:member" });
    d.createMembership({ orgId: "org_c2", userId: "user_c1", role: "org:admin" });
    d.createMembership({ orgId: "org_c2", userId: "user_c2", role: "org:member" });
    await deliverEmitted();
    expect(await mirror.userOrgs("user_c1")).toEqual({ org_c1: "org:member", org_c2: "org:admin" });

    // Only the deletion events themselves, no membership.deleted before them.
    expect(
      (await deliver("user.deleted", { object: "user", id: "user_c1", deleted: true })).json
        .outcome,
    ).toBe("applied");
    expect(await mirror.userOrgs("user_c1")).toEqual({});
    expect(await mirror.orgMembers("org_c1")).toEqual({});
    expect(await mirror.orgMembers("org_c2")).toEqual({ user_c2: "org:member" });

    const orgDeleted = { object: "organization", id: "org_c2", slug: "cascade-2", deleted: true };
    expect((await deliver("organization.deleted", orgDeleted)).json.outcome).toBe("applied");
    expect(await mirror.orgMembers("org_c2")).toEqual({});
    expect(await mirror.userOrgs("user_c2")).toEqual({});
  });
});

describe("exactly once and in order", () => {
  it("answers a repeated svix-id 200 duplicate with no second effect, and logs it", async () => {
    const d = directory;
    d.createUser({ id: "user_d1", firstName: "Dup", email: "dup@x.test" });
    d.updateUser("user_d1", { firstName: "Dupe" });
    const [created, updated] = emitted.splice(0);
    if (!created || !updated) throw new Error("expected two events");
    const createdBody = clerkBody(created.type, created.data);
    const first = await handler(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_dup_1", body: createdBody }),
    );
    expect(JSON.parse(first.body)).toEqual({ ok: true, outcome: "applied" });
    await deliver(updated.type, updated.data);
    // Svix re-sends the first message, signed afresh.
    const again = await handler(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_dup_1", body: createdBody }),
    );
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ ok: true, outcome: "duplicate" });
    expect(await mirror.user("user_d1")).toMatchObject({ firstName: "Dupe" });
    expect(await mirror.event("msg_dup_1")).toMatchObject({
      outcome: "applied",
      type: "user.created",
      objectId: "user_d1",
    });
    const log = (await mirror.events()).filter((e) => e.svixId === "msg_dup_1");
    expect(log.map((e) => e.outcome)).toEqual(["duplicate", "applied"]); // newest first
  });

  it("never lets an older event overwrite a newer one (stale, recorded)", async () => {
    const d = directory;
    d.createOrg({ id: "org_o1", name: "Order", slug: "order" });
    d.updateOrg("org_o1", { name: "Order 2" });
    d.updateOrg("org_o1", { name: "Order 3" });
    const [created, second, third] = emitted.splice(0);
    if (!created || !second || !third) throw new Error("expected three events");
    expect((await deliver(third.type, third.data)).json.outcome).toBe("applied");
    const stale = await deliver(second.type, second.data);
    expect(stale.json.outcome).toBe("stale");
    expect((await deliver(created.type, created.data)).json.outcome).toBe("stale");
    expect(await mirror.org("org_o1")).toMatchObject({ name: "Order 3" });
  });

  it("keeps deleted users and orgs deleted: late created/updated and memberships are refused", async () => {
    const d = directory;
    d.createUser({ id: "user_z1", firstName: "Zed", email: "zed@x.test" });
    d.updateUser("user_z1", { firstName: "Zedd" });
    d.createOrg({ id: "org_z1", name: "Zombie", slug: "zombie" });
    d.createMembership({ orgId: "org_z1", userId: "user_z1", role: "org:member" });
    d.deleteUser("user_z1");
    d.deleteOrg("org_z1");
    const events = emitted.splice(0);
    const byType = (type: string) => events.filter((e) => e.type === type);
    // Deletions first, everything else late.
    for (const e of [...byType("user.deleted"), ...byType("organization.deleted")]) {
      expect((await deliver(e.type, e.data)).json.outcome).toBe("applied");
    }
    for (const e of events.filter((e) => !e.type.endsWith(".deleted"))) {
      expect((await deliver(e.type, e.data)).json.outcome).toBe("stale");
    }
    expect(await mirror.user("user_z1")).toMatchObject({ deleted: true });
    expect(await mirror.org("org_z1")).toMatchObject({ deleted: true });
    expect(await mirror.userOrgs("user_z1")).toEqual({});
    expect(await mirror.orgMembers("org_z1")).toEqual({});
  });

  it("lets a membership deletion win over an update of the same updated_at, in either order", async () => {
    const d = directory;
    d.createUser({ id: "user_t1", firstName: "Tie", email: "tie@x.test" });
    d.createOrg({ id: "org_t1", name: "Tie", slug: "tie" });
    d.createMembership({ orgId: "org_t1", userId: "user_t1", role: "org:member" });
    d.updateMembership("org_t1", "user_t1", { role: "org:admin" });
    d.deleteMembership("org_t1", "user_t1");
    const [user, org, created, updated, deleted] = emitted.splice(0);
    if (!user || !org || !created || !updated || !deleted) throw new Error("expected five");
    expect(deleted.data.updated_at).toBe(updated.data.updated_at);
    await deliver(user.type, user.data);
    await deliver(org.type, org.data);
    await deliver(created.type, created.data);
    expect((await deliver(deleted.type, deleted.data)).json.outcome).toBe("applied");
    expect((await deliver(updated.type, updated.data)).json.outcome).toBe("stale");
    expect(await mirror.orgMembers("org_t1")).toEqual({});

    // And the other order: the update lands, then the deletion of equal time removes it.
    d.createMembership({ orgId: "org_t1", userId: "user_t1", role: "org:member" });
    d.updateMembership("org_t1", "user_t1", { role: "org:admin" });
    d.deleteMembership("org_t1", "user_t1");
    const [, updated2, deleted2] = emitted.splice(0);
    if (!updated2 || !deleted2) throw new Error("expected three");
    expect((await deliver(updated2.type, updated2.data)).json.outcome).toBe("applied");
    expect(await mirror.userOrgs("user_t1")).toEqual({ org_t1: "org:admin" });
    expect((await deliver(deleted2.type, deleted2.data)).json.outcome).toBe("applied");
    expect(await mirror.userOrgs("user_t1")).toEqual({});
  });

  it("lets a membership come back after its removal when the new one is newer", async () => {
    const d = directory;
    d.createUser({ id: "user_r1", firstName: "Re", email: "re@x.test" });
    d.createOrg({ id: "org_r1", name: "Re", slug: "re" });
    d.createMembership({ orgId: "org_r1", userId: "user_r1", role: "org:member" });
    await deliverEmitted();
    d.deleteMembership("org_r1", "user_r1");
    await new Promise((r) => setTimeout(r, 5));
    d.createMembership({ orgId: "org_r1", userId: "user_r1", role: "org:admin" });
    const [deleted, recreated] = emitted.splice(0);
    if (!deleted || !recreated) throw new Error("expected two");
    // Out of order: the new membership first, then the old removal.
    expect((await deliver(recreated.type, recreated.data)).json.outcome).toBe("applied");
    expect((await deliver(deleted.type, deleted.data)).json.outcome).toBe("stale");
    expect(await mirror.orgMembers("org_r1")).toEqual({ user_r1: "org:admin" });
  });
});

describe("a membership's permissions", () => {
  it("are kept on the mirrored membership, follow a role's change and are order-safe", async () => {
    const d = directory;
    const lead = ["org:milestones:read", "org:milestones:create", "org:milestones:manage"];
    d.putRole("org:lead", { permissions: [...lead, "org:sys_memberships:read"] });
    d.createUser({ id: "user_p1", firstName: "Perm", email: "perm@x.test" });
    d.createOrg({ id: "org_p1", name: "Perm", slug: "perm" });
    d.createMembership({ orgId: "org_p1", userId: "user_p1", role: "org:lead" });
    await deliverEmitted();
    expect(await mirror.membership("org_p1", "user_p1")).toMatchObject({
      role: "org:lead",
      permissions: [...lead, "org:sys_memberships:read"],
    });

    // Two changes of the role's permissions, delivered newest first: the older is stale.
    d.putRole("org:lead", { permissions: lead });
    d.putRole("org:lead", { permissions: lead.slice(0, 2) });
    const [narrowed, revoked] = emitted.splice(0);
    if (!narrowed || !revoked) throw new Error("expected two updates");
    expect((await deliver(revoked.type, revoked.data)).json.outcome).toBe("applied");
    expect((await deliver(narrowed.type, narrowed.data)).json.outcome).toBe("stale");
    expect(await mirror.membership("org_p1", "user_p1")).toMatchObject({
      permissions: lead.slice(0, 2),
    });

    // A deletion leaves a tombstone without permissions; a late update cannot revive them.
    d.deleteMembership("org_p1", "user_p1");
    const [deleted] = emitted.splice(0);
    if (!deleted) throw new Error("expected the deletion");
    expect((await deliver(deleted.type, deleted.data)).json.outcome).toBe("applied");
    expect((await deliver(revoked.type, revoked.data)).json.outcome).toBe("stale");
    expect((await deliver(narrowed.type, narrowed.data)).json.outcome).toBe("stale");
    expect(await mirror.membership("org_p1", "user_p1")).toBeUndefined();
  });

  it("refuses a payload whose permissions are not a list of keys, keeping the stored ones", async () => {
    const d = directory;
    d.createUser({ id: "user_p2", firstName: "Perm", email: "perm2@x.test" });
    d.createOrg({ id: "org_p2", name: "Perm 2", slug: "perm-two" });
    d.createMembership({ orgId: "org_p2", userId: "user_p2", role: "org:member" });
    await deliverEmitted();
    d.updateMembership("org_p2", "user_p2", { role: "org:member" });
    const [update] = emitted.splice(0);
    if (!update) throw new Error("expected the update");
    const result = await deliver(update.type, { ...update.data, permissions: "org:x:y" });
    expect(result.json.outcome).toBe("failed");
    expect(await mirror.membership("org_p2", "user_p2")).toMatchObject({
      permissions: ["org:milestones:read", "org:milestones:create", "org:sys_memberships:read"],
    });
  });
});

describe("the event log", () => {
  it("records other event types as ignored, and lists events newest first without payloads", async () => {
    const result = await deliver(
      "session.created",
      { id: "sess_1", object: "session" },
      { svixId: "msg_ignored_1" },
    );
    expect(result.statusCode).toBe(200);
    expect(result.json).toEqual({ ok: true, outcome: "ignored" });
    const record = await mirror.event("msg_ignored_1");
    expect(record).toMatchObject({
      type: "session.created",
      objectId: "sess_1",
      outcome: "ignored",
    });
    expect(record?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3 * 24 * 3600);
    const events = await mirror.events();
    const times = events.map((e) => String(e.receivedAt));
    expect(times).toEqual([...times].sort().reverse());
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(
        expect.arrayContaining(["svixId", "type", "outcome", "receivedAt"]),
      );
      expect(event).not.toHaveProperty("data");
      expect(event).not.toHaveProperty("body");
    }
  });
});

describe("the sync log of each org", () => {
  it("lists every delivery concerning an org in its log, whatever the outcome, and no other", async () => {
    const d = directory;
    d.createUser({ id: "user_s1", firstName: "Sync", email: "sync@x.test" });
    d.createOrg({ id: "org_s1", name: "Sync One", slug: "sync-one" });
    d.createOrg({ id: "org_s2", name: "Sync Two", slug: "sync-two" });
    d.createMembership({ orgId: "org_s1", userId: "user_s1", role: "org:member" });
    d.updateOrg("org_s1", { name: "Sync One Inc" });
    const [userCreated, s1Created, s2Created, joined, s1Renamed] = emitted.splice(0);
    if (!userCreated || !s1Created || !s2Created || !joined || !s1Renamed)
      throw new Error("expected five events");
    // Strictly increasing receiving times, so that the log's order is the sending order.
    let last = 0;
    const monotonic = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(table.doc, table.tableName),
      now: () => (last = Math.max(Date.now(), last + 1)),
      log: () => {},
    });
    const send = async (svixId: string, type: string, data: unknown) =>
      (
        await monotonic(
          functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId, body: clerkBody(type, data) }),
        )
      ).body;
    const outcome = async (svixId: string, type: string, data: unknown) =>
      (JSON.parse(await send(svixId, type, data)) as { outcome: string }).outcome;

    expect(await outcome("msg_s_user", userCreated.type, userCreated.data)).toBe("applied");
    expect(await outcome("msg_s_org1", s1Created.type, s1Created.data)).toBe("applied");
    expect(await outcome("msg_s_org2", s2Created.type, s2Created.data)).toBe("applied");
    expect(await outcome("msg_s_join", joined.type, joined.data)).toBe("applied");
    expect(await outcome("msg_s_join", joined.type, joined.data)).toBe("duplicate");
    expect(await outcome("msg_s_rename", s1Renamed.type, s1Renamed.data)).toBe("applied");
    // The creation again under a new svix-id: older than the rename.
    expect(await outcome("msg_s_late", s1Created.type, s1Created.data)).toBe("stale");
    // Verified, but of the wrong shape: the org is still read from the raw JSON.
    const noRole = { ...joined.data, role: 42 };
    expect(await outcome("msg_s_bad", joined.type, noRole)).toBe("failed");
    // An org event type the mirror does not handle.
    expect(await outcome("msg_s_new", "organization.future_event", { id: "org_s1" })).toBe(
      "ignored",
    );
    // Implausible org ids stay in the global log only.
    const forged = { ...joined.data, role: 42, organization: { id: "org_s1#PROFILE" } };
    expect(await outcome("msg_s_forged", joined.type, forged)).toBe("failed");

    const log = await mirror.orgEvents("org_s1");
    expect(log.map((e) => [e.svixId, e.outcome])).toEqual([
      ["msg_s_new", "ignored"],
      ["msg_s_bad", "failed"],
      ["msg_s_late", "stale"],
      ["msg_s_rename", "applied"],
      ["msg_s_join", "duplicate"],
      ["msg_s_join", "applied"],
      ["msg_s_org1", "applied"],
    ]);
    expect(log.every((e) => e.orgId === "org_s1")).toBe(true);
    const failed = log.find((e) => e.svixId === "msg_s_bad");
    expect(failed).toMatchObject({ type: "organizationMembership.created", outcome: "failed" });
    expect(String(failed?.reason)).toMatch(/^data\.role: /);
    expect(String(failed?.reason)).not.toContain("42");
    for (const record of log) {
      // Ids, type, outcome, time: never the payload.
      expect(Object.keys(record).sort()).toEqual(
        expect.arrayContaining(["svixId", "type", "outcome", "receivedAt", "expiresAt"]),
      );
      for (const field of ["data", "body", "role", "name", "slug", "email"])
        expect(record).not.toHaveProperty(field);
      expect(record.expiresAt).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);
    }

    expect((await mirror.orgEvents("org_s2")).map((e) => e.svixId)).toEqual(["msg_s_org2"]);
    // user.* concerns no single org: the global log only.
    const global = (await mirror.events()).map((e) => e.svixId);
    expect(global).toEqual(expect.arrayContaining(["msg_s_user", "msg_s_forged", "msg_s_bad"]));
    expect(log.some((e) => e.svixId === "msg_s_user" || e.svixId === "msg_s_forged")).toBe(false);
  });
});

describe("bad input: a clear answer and nothing written", () => {
  const validBody = () =>
    clerkBody("user.created", {
      id: "user_bad",
      object: "user",
      first_name: "Bad",
      updated_at: Date.now(),
      email_addresses: [],
    });

  const cases: [string, () => Parameters<typeof functionUrlEvent>[0], number, string][] = [
    [
      "an empty body",
      () => ({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_b1", body: "" }),
      400,
      "empty_body",
    ],
    [
      "a signed body that is not JSON",
      () => ({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_b2", body: "not json {" }),
      400,
      "invalid_json",
    ],
    [
      "a body over 1 MB",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b3",
        body: JSON.stringify({ type: "user.created", pad: "x".repeat(1024 * 1024) }),
      }),
      413,
      "payload_too_large",
    ],
    [
      "no svix-signature",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b4",
        body: validBody(),
        omit: ["svix-signature"],
      }),
      400,
      "missing_headers",
    ],
    [
      "no svix-id",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b5",
        body: validBody(),
        omit: ["svix-id"],
      }),
      400,
      "missing_headers",
    ],
    [
      "no svix-timestamp",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b6",
        body: validBody(),
        omit: ["svix-timestamp"],
      }),
      400,
      "missing_headers",
    ],
    [
      "GET",
      () => ({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_b7", body: validBody(), method: "GET" }),
      405,
      "method_not_allowed",
    ],
    [
      "a signature by another secret",
      () => ({ secret: OTHER_SECRET, svixId: "msg_b8", body: validBody() }),
      400,
      "invalid_signature",
    ],
    [
      "a timestamp outside the 5-minute tolerance",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b9",
        body: validBody(),
        signedAt: new Date(Date.now() - 6 * 60_000),
      }),
      400,
      "invalid_signature",
    ],
    [
      "a timestamp in the future",
      () => ({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b10",
        body: validBody(),
        signedAt: new Date(Date.now() + 6 * 60_000),
      }),
      400,
      "invalid_signature",
    ],
  ];

  it.each(cases)("%s", async (_name, options, status, code) => {
    const before = await itemCount();
    logs.length = 0;
    const result = await handler(functionUrlEvent(options()));
    expect(result.statusCode).toBe(status);
    expect(result.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(result.body)).toEqual({
      error: { code, message: expect.any(String) as string },
    });
    expect(result.body.length).toBeLessThan(200);
    expect(await itemCount()).toBe(before);
    if (code === "method_not_allowed") expect(result.headers.allow).toBe("POST");
    const logged = logs.join("\n");
    expect(logged).not.toContain(TEST_WEBHOOK_SECRET.slice(6));
    expect(logged).not.toContain("user_bad");
  });

  it("refuses a body changed after signing", async () => {
    const before = await itemCount();
    const event = functionUrlEvent({
      secret: TEST_WEBHOOK_SECRET,
      svixId: "msg_b11",
      body: validBody(),
    });
    // Re-serializing (a common mistake) changes the bytes and breaks the signature.
    event.body = JSON.stringify(JSON.parse(event.body), null, 2);
    const result = await handler(event);
    expect(result.statusCode).toBe(400);
    expect(await itemCount()).toBe(before);
  });

  it("answers 200 and records failed for a verified payload of the wrong shape, once", async () => {
    const body = clerkBody("user.updated", { id: "user_shape", object: "user", first_name: 42 });
    const options = { secret: TEST_WEBHOOK_SECRET, svixId: "msg_shape", body };
    const result = await handler(functionUrlEvent(options));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ok: true, outcome: "failed" });
    const record = await mirror.event("msg_shape");
    expect(record).toMatchObject({
      outcome: "failed",
      type: "user.updated",
      objectId: "user_shape",
    });
    expect(String(record?.reason)).toMatch(/first_name/);
    expect(String(record?.reason)).not.toContain("42");
    expect(await mirror.user("user_shape")).toBeUndefined();
    // Svix retrying it changes nothing.
    expect(JSON.parse((await handler(functionUrlEvent(options))).body)).toEqual({
      ok: true,
      outcome: "duplicate",
    });
  });

  it("answers 200 failed for a verified envelope with no type", async () => {
    const body = JSON.stringify({ data: { id: "x" }, object: "event" });
    const result = await handler(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_notype", body }),
    );
    expect(JSON.parse(result.body)).toEqual({ ok: true, outcome: "failed" });
    expect(await mirror.event("msg_notype")).toMatchObject({ type: "unknown", outcome: "failed" });
  });

  it("is not a Function URL event: 400", async () => {
    expect((await handler({ hello: "world" })).statusCode).toBe(400);
  });
});

describe("transport details", () => {
  it("verifies base64-encoded bodies and header names in any case", async () => {
    directory.createUser({ id: "user_b64", firstName: "Basil", email: "basil@x.test" });
    const [event] = emitted.splice(0);
    if (!event) throw new Error("no event");
    const result = await handler(
      functionUrlEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_b64",
        body: clerkBody(event.type, event.data),
        base64: true,
        upperCaseHeaders: true,
      }),
    );
    expect(JSON.parse(result.body)).toEqual({ ok: true, outcome: "applied" });
    expect(await mirror.user("user_b64")).toMatchObject({ firstName: "Basil" });
  });

  it("answers 503 when DynamoDB is unreachable, so that Svix retries, and logs no secret or body", async () => {
    logs.length = 0;
    const down = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(createDocumentClient("http://127.0.0.1:9"), table.tableName),
      log: (line) => logs.push(line),
    });
    const body = clerkBody("user.created", {
      id: "user_down",
      first_name: "Down",
      updated_at: 1,
      email_addresses: [],
    });
    const result = await down(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_down", body }),
    );
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: "unavailable", message: expect.any(String) as string },
    });
    expect(logs.join("\n")).not.toContain("Down");
    expect(logs.join("\n")).not.toContain(TEST_WEBHOOK_SECRET.slice(6));
    expect(await mirror.event("msg_down")).toBeUndefined();
  });
});
