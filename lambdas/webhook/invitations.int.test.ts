/**
 * organizationInvitation.* through the webhook handler onto DynamoDB Local: the issuer's
 * directory makes the events (Clerk's shapes), the handler verifies the svix signature and
 * applies them. Pending invitations are one Query of the org's pending list; accepting or
 * revoking leaves a tombstone without the email address; duplicates and older events
 * change nothing; a deleted org takes no invitation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Directory, type ClerkEventType } from "../../local/issuer/directory";
import { createTestTable } from "../../local/testing/dynamodb";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { clerkBody, functionUrlEvent, mirrorReader } from "../../local/testing/webhooks";
import { createWebhookHandler } from "./app";
import { createMirrorStore } from "./mirror-store";

let table: Awaited<ReturnType<typeof createTestTable>>;
let mirror: ReturnType<typeof mirrorReader>;
let handler: ReturnType<typeof createWebhookHandler>;

beforeAll(async () => {
  table = await createTestTable("invitations");
  mirror = mirrorReader(table.doc, table.tableName);
  handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(table.doc, table.tableName),
    log: () => {},
  });
});
afterAll(async () => {
  await table.drop();
});

interface Sent {
  svixId: string;
  type: ClerkEventType;
  data: Record<string, unknown>;
}
let emitted: Sent[] = [];
let directory: Directory;
let counter = 0;
let orgId = "";
beforeEach(async () => {
  emitted = [];
  directory = new Directory(
    (type, data) =>
      emitted.push({ svixId: `msg_inv_${++counter}`, type, data: structuredClone(data) }),
    (id) => `https://img.test/${id}.png`,
  );
  orgId = `org_inv${++counter}`;
  directory.createOrg({ id: orgId, name: "Invitees", slug: `invitees-${counter}` });
  await deliverAll();
});

async function deliver(event: Sent): Promise<unknown> {
  const result = await handler(
    functionUrlEvent({
      secret: TEST_WEBHOOK_SECRET,
      svixId: event.svixId,
      body: clerkBody(event.type, event.data),
    }),
  );
  expect(result.statusCode).toBe(200);
  return (JSON.parse(result.body) as { outcome: unknown }).outcome;
}

async function deliverAll(): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const event of emitted.splice(0)) outcomes.push(await deliver(event));
  return outcomes;
}

const pending = async () =>
  (await mirror.pendingInvitations(orgId)).map((i) => [i.id, i.email, i.role]);

describe("invitations mirrored by the webhook", () => {
  it("created → pending in the org's list, newest first; accepted and revoked → gone, email erased", async () => {
    const first = directory.createInvitation({ orgId, email: "one@x.test", role: "org:member" });
    await new Promise((r) => setTimeout(r, 2)); // distinct creation times
    const second = directory.createInvitation({ orgId, email: "two@x.test", role: "org:admin" });
    await new Promise((r) => setTimeout(r, 2));
    const third = directory.createInvitation({ orgId, email: "three@x.test", role: "org:member" });
    expect(await deliverAll()).toEqual(["applied", "applied", "applied"]);
    expect(await pending()).toEqual([
      [third.id, "three@x.test", "org:member"],
      [second.id, "two@x.test", "org:admin"],
      [first.id, "one@x.test", "org:member"],
    ]);
    expect(await mirror.invitation(orgId, first.id)).toMatchObject({
      status: "pending",
      createdAt: first.createdAt,
      updatedAt: first.updatedAt,
    });

    directory.revokeInvitation(orgId, first.id);
    directory.acceptInvitation(second.id, { firstName: "Two" });
    // revoked; user.created, organizationMembership.created, organizationInvitation.accepted
    expect(await deliverAll()).toEqual(["applied", "applied", "applied", "applied"]);
    expect(await pending()).toEqual([[third.id, "three@x.test", "org:member"]]);
    for (const [invitation, status] of [
      [first, "revoked"],
      [second, "accepted"],
    ] as const) {
      const tombstone = await mirror.invitation(orgId, invitation.id);
      expect(tombstone).toEqual({
        PK: expect.any(String) as unknown,
        SK: expect.any(String) as unknown,
        entity: "invitation",
        id: invitation.id,
        orgId,
        status,
        deleted: true,
        updatedAt: directory.getInvitation(invitation.id)?.updatedAt,
      });
    }
    // The accepted invitation's membership arrived through its own event.
    const user = directory.getInvitation(second.id)?.userId ?? "";
    expect(await mirror.orgMembers(orgId)).toEqual({ [user]: "org:admin" });
  });

  it("applies a repeated delivery once, and records it as a duplicate", async () => {
    const invitation = directory.createInvitation({
      orgId,
      email: "dup@x.test",
      role: "org:member",
    });
    const [created] = emitted.splice(0);
    if (!created) throw new Error("no event");
    expect(await deliver(created)).toBe("applied");
    directory.revokeInvitation(orgId, invitation.id);
    expect(await deliverAll()).toEqual(["applied"]);
    // Svix retries the created message (same svix-id): no second effect, no resurrection.
    expect(await deliver(created)).toBe("duplicate");
    expect(await pending()).toEqual([]);
    expect(await mirror.invitation(orgId, invitation.id)).toMatchObject({ status: "revoked" });
    expect(await mirror.invitation(orgId, invitation.id)).not.toHaveProperty("email");
  });

  it("ignores an older event arriving late: the tombstone stays final", async () => {
    const invitation = directory.createInvitation({
      orgId,
      email: "late@x.test",
      role: "org:member",
    });
    directory.acceptInvitation(invitation.id, { firstName: "Late" });
    const events = emitted.splice(0);
    const created = events.find((e) => e.type === "organizationInvitation.created");
    const rest = events.filter((e) => e !== created);
    if (!created) throw new Error("no created event");
    // accepted (and its user and membership) first, created last, as a reordering may deliver.
    for (const event of rest) expect(await deliver(event)).toBe("applied");
    expect(await deliver(created)).toBe("stale");
    expect(await pending()).toEqual([]);
    expect(await mirror.invitation(orgId, invitation.id)).toMatchObject({
      status: "accepted",
      deleted: true,
    });
    // A revoked event of the same invitation (a different message) cannot undo the acceptance.
    const forged = {
      svixId: `msg_inv_${++counter}`,
      type: "organizationInvitation.revoked" as const,
      data: {
        ...created.data,
        status: "revoked",
        updated_at: Number(created.data.updated_at) + 60_000,
      },
    };
    expect(await deliver(forged)).toBe("stale");
    expect(await mirror.invitation(orgId, invitation.id)).toMatchObject({ status: "accepted" });
  });

  it("lists each delivery in its org's sync log", async () => {
    const invitation = directory.createInvitation({
      orgId,
      email: "log@x.test",
      role: "org:member",
    });
    directory.revokeInvitation(orgId, invitation.id);
    await deliverAll();
    const log = await mirror.orgEvents(orgId);
    expect(
      log
        .filter((r) => r.objectId === invitation.id)
        .map((r) => [r.type, r.outcome])
        .sort(),
    ).toEqual([
      ["organizationInvitation.created", "applied"],
      ["organizationInvitation.revoked", "applied"],
    ]);
    // Only ids, type and outcome: never the address.
    expect(JSON.stringify(log)).not.toContain("log@x.test");
  });

  it("writes no invitation for a deleted org, whatever its time", async () => {
    const invitation = directory.createInvitation({
      orgId,
      email: "gone@x.test",
      role: "org:member",
    });
    const [created] = emitted.splice(0);
    if (!created) throw new Error("no event");
    directory.deleteOrg(orgId);
    expect(await deliverAll()).toEqual(["applied"]); // organization.deleted
    expect(await deliver(created)).toBe("stale");
    expect(await mirror.invitation(orgId, invitation.id)).toBeUndefined();
    expect(await pending()).toEqual([]);
  });
});
