import { Webhook } from "svix";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver, startTestIssuer, TEST_WEBHOOK_SECRET } from "../testing/issuer";
import type { Issuer } from "./server";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setup(respond?: Parameters<typeof startReceiver>[0], retryScheduleMs = [0, 20, 20]) {
  const receiver = await startReceiver(respond);
  const issuer: Issuer = await startTestIssuer({ webhookUrl: receiver.url, retryScheduleMs });
  cleanups.push(
    () => receiver.close(),
    () => issuer.close(),
  );
  return { receiver, issuer };
}

function verified(request: { headers: Record<string, unknown>; body: string }) {
  const headers = {
    "svix-id": String(request.headers["svix-id"]),
    "svix-timestamp": String(request.headers["svix-timestamp"]),
    "svix-signature": String(request.headers["svix-signature"]),
  };
  new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, headers);
  return JSON.parse(request.body) as Record<string, unknown> & { data: Record<string, unknown> };
}

describe("webhooks sent by the issuer", () => {
  it("verify with svix's Webhook.verify and have Clerk's event envelope", async () => {
    const { receiver, issuer } = await setup();
    issuer.directory.createUser({
      id: "user_w1",
      firstName: "Wendy",
      lastName: "Webhook",
      email: "w@x.test",
    });
    await issuer.webhooks.idle();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error("no delivery");
    const event = verified(request);
    expect(Object.keys(event).sort()).toEqual(
      ["data", "event_attributes", "instance_id", "object", "timestamp", "type"].sort(),
    );
    expect(event).toMatchObject({
      object: "event",
      type: "user.created",
      instance_id: "ins_waypoint_local",
    });
    expect(typeof event.timestamp).toBe("number");
    expect(event.timestamp).toBeGreaterThan(1e12); // milliseconds, as Clerk sends
    expect(event.data).toMatchObject({
      id: "user_w1",
      object: "user",
      first_name: "Wendy",
      last_name: "Webhook",
      email_addresses: [{ email_address: "w@x.test", object: "email_address", linked_to: [] }],
    });
    expect(event.data.primary_email_address_id).toBe(
      (event.data.email_addresses as { id: string }[])[0]?.id,
    );
    expect(request.headers["svix-id"]).toMatch(/^msg_/);
  });

  it("fail verification with another secret or a changed body", async () => {
    const { receiver, issuer } = await setup();
    issuer.directory.createOrg({ name: "Initech", slug: "initech" });
    await issuer.webhooks.idle();
    const [request] = receiver.received;
    if (!request) throw new Error("no delivery");
    const headers = Object.fromEntries(
      ["svix-id", "svix-timestamp", "svix-signature"].map((h) => [h, String(request.headers[h])]),
    );
    expect(() =>
      new Webhook("whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldA==").verify(request.body, headers),
    ).toThrow();
    expect(() => new Webhook(TEST_WEBHOOK_SECRET).verify(`${request.body} `, headers)).toThrow();
  });

  it("are retried after non-2xx: a receiver answering 500 twice gets the event a third time", async () => {
    const { receiver, issuer } = await setup((_, index) => (index < 2 ? 500 : 204));
    issuer.directory.createUser({ firstName: "Rita", email: "rita@x.test" });
    await issuer.webhooks.idle();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((r) => r.headers["svix-id"]);
    expect(new Set(ids).size).toBe(1);
    // Every attempt carries its own valid signature over the same body.
    const bodies = receiver.received.map((r) => JSON.stringify(verified(r)));
    expect(new Set(bodies).size).toBe(1);
    expect(issuer.webhooks.deliveries()[0]).toMatchObject({
      status: "delivered",
      attempts: 3,
      lastResult: "204",
    });
  });

  it("give up after the last attempt of the schedule", async () => {
    const { receiver, issuer } = await setup(() => 503, [0, 10]);
    issuer.directory.createUser({ firstName: "Gus", email: "gus@x.test" });
    await issuer.webhooks.idle();
    expect(receiver.received).toHaveLength(2);
    expect(issuer.webhooks.deliveries()[0]).toMatchObject({
      status: "failed",
      attempts: 2,
      lastResult: "503",
    });
  });

  it("describe memberships whole, and cascade a user's deletion through them first", async () => {
    const { receiver, issuer } = await setup();
    const d = issuer.directory;
    d.createUser({ id: "user_m1", firstName: "Mo", email: "mo@x.test" });
    d.createOrg({ id: "org_m1", name: "Umbrella", slug: "umbrella" });
    d.createMembership({ orgId: "org_m1", userId: "user_m1", role: "org:member" });
    d.updateMembership("org_m1", "user_m1", { role: "org:admin" });
    d.deleteUser("user_m1");
    d.deleteOrg("org_m1");
    await issuer.webhooks.idle();
    // Deliveries run concurrently, like Svix's, so they may arrive in any order: put them
    // in the order the issuer produced them.
    const byId = new Map(receiver.received.map((r) => [String(r.headers["svix-id"]), verified(r)]));
    const inOrder = issuer.webhooks.deliveries().map((d) => byId.get(d.id));
    expect(inOrder.map((e) => e?.type)).toEqual([
      "user.created",
      "organization.created",
      "organizationMembership.created",
      "organizationMembership.updated",
      "organizationMembership.deleted",
      "user.deleted",
      "organization.deleted",
    ]);
    const updated = inOrder[3]?.data;
    expect(updated).toMatchObject({
      object: "organization_membership",
      role: "org:admin",
      role_name: "Admin",
      organization: { id: "org_m1", slug: "umbrella", object: "organization" },
      public_user_data: { user_id: "user_m1", identifier: "mo@x.test" },
    });
    const created = inOrder[2]?.data as { updated_at: number };
    expect((updated as { updated_at: number }).updated_at).toBeGreaterThan(created.updated_at);
    expect(inOrder[5]?.data).toEqual({ object: "user", id: "user_m1", deleted: true });
  });

  it("announce an organization's deletion with its id and slug", async () => {
    const { receiver, issuer } = await setup();
    issuer.directory.createOrg({ id: "org_d1", name: "Doomed", slug: "doomed" });
    issuer.directory.deleteOrg("org_d1");
    await issuer.webhooks.idle();
    const deleted = receiver.received.map(verified).find((e) => e.type === "organization.deleted");
    expect(deleted?.data).toEqual({
      object: "organization",
      id: "org_d1",
      slug: "doomed",
      deleted: true,
    });
  });
});
