/**
 * The member-management slice of the Backend API (invitations, membership role changes and
 * removals, the roles list), called through @clerk/backend itself, so each answer is what
 * its deserializer and error class make of it; and the admin API's "accept invitation".
 * Every change leaves as a svix-signed webhook; every refusal is Clerk's error and leaves
 * the directory and the webhook queue as they were.
 */
import { createClerkClient } from "@clerk/backend";
import { isClerkAPIResponseError } from "@clerk/shared/error";
import { Webhook } from "svix";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  startReceiver,
  startTestIssuer,
  TEST_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
} from "../testing/issuer";
import { DEMO } from "./seed";
import type { Issuer } from "./server";

let issuer: Issuer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let clerk: ReturnType<typeof createClerkClient>;
const acme = DEMO.orgs.acme.id;
const globex = DEMO.orgs.globex.id;

beforeAll(async () => {
  receiver = await startReceiver();
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  clerk = createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url });
  await issuer.webhooks.idle();
});
afterAll(async () => {
  await issuer.close();
  await receiver.close();
});

let sent = 0;
beforeEach(async () => {
  await issuer.webhooks.idle();
  sent = issuer.webhooks.deliveries().length;
});

interface Event {
  type: string;
  data: Record<string, unknown>;
}

/** The webhooks sent since the test began, in the order they were sent, each verified. */
async function eventsSince(): Promise<Event[]> {
  await issuer.webhooks.idle();
  const ids = issuer.webhooks
    .deliveries()
    .slice(sent)
    .map((d) => d.id);
  return ids.map((id) => {
    const request = receiver.received.find((r) => r.headers["svix-id"] === id);
    if (!request) throw new Error(`delivery ${id} not received`);
    const headers = Object.fromEntries(
      ["svix-id", "svix-timestamp", "svix-signature"].map((h) => [h, String(request.headers[h])]),
    );
    new Webhook(TEST_WEBHOOK_SECRET).verify(request.body, headers);
    return JSON.parse(request.body) as Event;
  });
}

async function clerkError(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (isClerkAPIResponseError(error)) {
      const first = error.errors[0];
      const param = (first?.meta as { paramName?: string } | undefined)?.paramName;
      return { status: error.status, code: first?.code, param };
    }
    throw error;
  }
  throw new Error("expected a ClerkAPIResponseError");
}

async function adminPost(path: string, body: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const state = async (): Promise<unknown> => (await fetch(`${issuer.url}/admin/state`)).json();

describe("invitations through @clerk/backend", () => {
  it("creates a pending invitation in Clerk's shape, and sends organizationInvitation.created", async () => {
    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: acme,
      emailAddress: "Hedy@Acme.test",
      role: "org:member",
      inviterUserId: DEMO.users.acmeAdmin.id,
    });
    expect(invitation).toMatchObject({
      id: expect.stringMatching(/^orginv_/) as unknown,
      emailAddress: "Hedy@Acme.test",
      role: "org:member",
      roleName: "Member",
      organizationId: acme,
      status: "pending",
      publicOrganizationData: { id: acme, name: "Acme", slug: "acme" },
    });
    expect(invitation.updatedAt).toBe(invitation.createdAt);
    expect(invitation.expiresAt - invitation.createdAt).toBe(30 * 24 * 3600 * 1000);

    const [event, ...more] = await eventsSince();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: "organizationInvitation.created",
      data: {
        object: "organization_invitation",
        id: invitation.id,
        email_address: "Hedy@Acme.test",
        role: "org:member",
        organization_id: acme,
        status: "pending",
        created_at: invitation.createdAt,
        updated_at: invitation.updatedAt,
      },
    });
    const org = await clerk.organizations.getOrganization({ organizationId: acme });
    // The seed's pending invitation and this one (@clerk/backend keeps it in `raw` only).
    expect(org.raw?.pending_invitations_count).toBe(2);
  });

  it("lists an org's invitations newest first, by status, page by page", async () => {
    const first = await clerk.organizations.createOrganizationInvitation({
      organizationId: globex,
      emailAddress: "list-1@globex.test",
      role: "org:member",
    });
    const second = await clerk.organizations.createOrganizationInvitation({
      organizationId: globex,
      emailAddress: "list-2@globex.test",
      role: "org:admin",
    });
    await clerk.organizations.revokeOrganizationInvitation({
      organizationId: globex,
      invitationId: first.id,
    });
    const all = await clerk.organizations.getOrganizationInvitationList({ organizationId: globex });
    expect(all.totalCount).toBe(2);
    const pending = await clerk.organizations.getOrganizationInvitationList({
      organizationId: globex,
      status: ["pending"],
    });
    expect(pending.data.map((i) => i.id)).toEqual([second.id]);
    const both = await clerk.organizations.getOrganizationInvitationList({
      organizationId: globex,
      status: ["pending", "revoked"],
      limit: 1,
      offset: 1,
    });
    expect(both.totalCount).toBe(2);
    expect(both.data.map((i) => [i.id, i.status])).toEqual([[first.id, "revoked"]]);
    const expired = await clerk.organizations.getOrganizationInvitationList({
      organizationId: globex,
      status: ["expired"],
    });
    expect(expired.totalCount).toBe(0);
    // One org's list never shows another's.
    const acmeList = await clerk.organizations.getOrganizationInvitationList({
      organizationId: acme,
    });
    expect(acmeList.data.every((i) => i.organizationId === acme)).toBe(true);
    expect(
      await clerkError(
        clerk.organizations.getOrganizationInvitationList({
          organizationId: globex,
          status: ["nonsense" as "pending"],
        }),
      ),
    ).toMatchObject({ status: 400, code: "validation_error" });
  });

  it("revokes a pending invitation (organizationInvitation.revoked), and only a pending one", async () => {
    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: acme,
      emailAddress: "revoke-me@acme.test",
      role: "org:member",
    });
    const revoked = await clerk.organizations.revokeOrganizationInvitation({
      organizationId: acme,
      invitationId: invitation.id,
      requestingUserId: DEMO.users.acmeAdmin.id,
    });
    expect(revoked).toMatchObject({ id: invitation.id, status: "revoked" });
    expect(revoked.updatedAt).toBeGreaterThan(invitation.updatedAt);
    const events = await eventsSince();
    expect(events.map((e) => e.type)).toEqual([
      "organizationInvitation.created",
      "organizationInvitation.revoked",
    ]);
    expect(events[1]?.data).toMatchObject({
      id: invitation.id,
      status: "revoked",
      updated_at: revoked.updatedAt,
    });

    sent = issuer.webhooks.deliveries().length;
    const before = await state();
    expect(
      await clerkError(
        clerk.organizations.revokeOrganizationInvitation({
          organizationId: acme,
          invitationId: invitation.id,
        }),
      ),
    ).toEqual({ status: 400, code: "organization_invitation_not_pending", param: undefined });
    // An invitation of Acme is not found under Globex; an unknown one is not found at all.
    for (const [organizationId, invitationId] of [
      [globex, invitation.id],
      [acme, "orginv_none"],
      ["org_none", invitation.id],
    ] as const) {
      expect(
        await clerkError(
          clerk.organizations.revokeOrganizationInvitation({ organizationId, invitationId }),
        ),
      ).toMatchObject({ status: 404, code: "resource_not_found" });
    }
    expect(await state()).toEqual(before);
    expect(await eventsSince()).toEqual([]);
  });

  it("refuses bad input with Clerk's errors and changes nothing", async () => {
    const before = await state();
    const invite = (emailAddress: string, role = "org:member", organizationId: string = acme) =>
      clerkError(
        clerk.organizations.createOrganizationInvitation({ organizationId, emailAddress, role }),
      );
    expect(await invite("not-an-email")).toEqual({
      status: 422,
      code: "form_param_format_invalid",
      param: "email_address",
    });
    expect(await invite("new@acme.test", "org:owner")).toEqual({
      status: 422,
      code: "form_param_value_invalid",
      param: "role",
    });
    // The seed's pending invitation, whatever the case of the address.
    expect(await invite(DEMO.invitation.email.toUpperCase())).toEqual({
      status: 400,
      code: "duplicate_record",
      param: "email_address",
    });
    expect(await invite(DEMO.users.acmeMember1.email)).toEqual({
      status: 400,
      code: "already_a_member_in_organization",
      param: "email_address",
    });
    expect(await invite("new@acme.test", "org:member", "org_none")).toMatchObject({
      status: 404,
      code: "resource_not_found",
    });
    expect(
      await clerkError(
        clerk.organizations.createOrganizationInvitation({
          organizationId: acme,
          emailAddress: "new@acme.test",
          role: "org:member",
          inviterUserId: "user_none",
        }),
      ),
    ).toEqual({ status: 404, code: "resource_not_found", param: "inviter_user_id" });
    expect(await state()).toEqual(before);
    expect(await eventsSince()).toEqual([]);
  });
});

describe("memberships through @clerk/backend", () => {
  it("changes a member's role (organizationMembership.updated) and removes a member (….deleted)", async () => {
    const userId = DEMO.users.globexMember.id;
    const promoted = await clerk.organizations.updateOrganizationMembership({
      organizationId: globex,
      userId,
      role: "org:admin",
    });
    expect(promoted).toMatchObject({
      role: "org:admin",
      organization: { id: globex },
      publicUserData: { userId },
    });
    const removed = await clerk.organizations.deleteOrganizationMembership({
      organizationId: globex,
      userId,
    });
    expect(removed).toMatchObject({ role: "org:admin", publicUserData: { userId } });
    const events = await eventsSince();
    expect(events.map((e) => e.type)).toEqual([
      "organizationMembership.updated",
      "organizationMembership.deleted",
    ]);
    expect(events[0]?.data).toMatchObject({
      role: "org:admin",
      updated_at: promoted.updatedAt,
      public_user_data: { user_id: userId },
    });
    const members = await clerk.organizations.getOrganizationMembershipList({
      organizationId: globex,
    });
    expect(members.data.map((m) => m.publicUserData?.userId)).toEqual([DEMO.users.globexAdmin.id]);
  });

  it("refuses an unknown role, org, user or membership with Clerk's errors and changes nothing", async () => {
    const before = await state();
    const update = (organizationId: string, userId: string, role = "org:member") =>
      clerkError(
        clerk.organizations.updateOrganizationMembership({ organizationId, userId, role }),
      );
    expect(await update(acme, DEMO.users.acmeMember1.id, "org:owner")).toEqual({
      status: 422,
      code: "form_param_value_invalid",
      param: "role",
    });
    for (const [organizationId, userId] of [
      ["org_none", DEMO.users.acmeMember1.id],
      [acme, "user_none"],
      [acme, DEMO.users.personal.id],
    ] as const) {
      expect(await update(organizationId, userId)).toMatchObject({
        status: 404,
        code: "resource_not_found",
      });
      expect(
        await clerkError(
          clerk.organizations.deleteOrganizationMembership({ organizationId, userId }),
        ),
      ).toMatchObject({ status: 404, code: "resource_not_found" });
    }
    expect(await state()).toEqual(before);
    expect(await eventsSince()).toEqual([]);
  });
});

describe("the roles list through @clerk/backend", () => {
  it("lists the instance's roles with their permissions", async () => {
    const roles = await clerk.organizationRoles.getOrganizationRoleList();
    expect(roles.totalCount).toBe(roles.data.length);
    const admin = roles.data.find((r) => r.key === "org:admin");
    const member = roles.data.find((r) => r.key === "org:member");
    expect(admin?.name).toBe("Admin");
    expect(member?.name).toBe("Member");
    expect(member?.permissions.map((p) => p.key)).toEqual([
      "org:milestones:read",
      "org:milestones:create",
    ]);
    expect(admin?.permissions.length).toBeGreaterThan(member?.permissions.length ?? 0);
    const page = await clerk.organizationRoles.getOrganizationRoleList({ limit: 1, offset: 1 });
    expect(page.data).toHaveLength(1);
  });
});

describe("accepting an invitation (admin API)", () => {
  async function invite(emailAddress: string, role = "org:member") {
    const invitation = await clerk.organizations.createOrganizationInvitation({
      organizationId: acme,
      emailAddress,
      role,
    });
    await issuer.webhooks.idle();
    sent = issuer.webhooks.deliveries().length;
    return invitation;
  }

  it("as a new user: user.created, organizationMembership.created, organizationInvitation.accepted", async () => {
    const invitation = await invite("new-person@acme.test", "org:admin");
    const answer = await adminPost(`/admin/invitations/${invitation.id}/accept`, {
      firstName: "Katherine",
      lastName: "Johnson",
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      invitation: { id: invitation.id, status: "accepted" },
      membership: { orgId: acme, role: "org:admin" },
      userCreated: true,
    });
    const userId = (answer.body.membership as { userId: string }).userId;
    const user = await clerk.users.getUser(userId);
    expect(user.primaryEmailAddress?.emailAddress).toBe("new-person@acme.test");
    expect(user.firstName).toBe("Katherine");

    const events = await eventsSince();
    expect(events.map((e) => e.type)).toEqual([
      "user.created",
      "organizationMembership.created",
      "organizationInvitation.accepted",
    ]);
    expect(events[2]?.data).toMatchObject({
      id: invitation.id,
      status: "accepted",
      user_id: userId,
    });
    const [accepted] = (
      await clerk.organizations.getOrganizationInvitationList({
        organizationId: acme,
        status: ["accepted"],
      })
    ).data;
    expect(accepted).toMatchObject({ id: invitation.id, status: "accepted" });
    expect(accepted?.updatedAt).toBeGreaterThan(invitation.updatedAt);
  });

  it("as an existing user: organizationMembership.created, organizationInvitation.accepted", async () => {
    const invitation = await invite("barbara-at-work@acme.test");
    const answer = await adminPost(`/admin/invitations/${invitation.id}/accept`, {
      userId: DEMO.users.personal.id,
    });
    expect(answer).toMatchObject({
      status: 200,
      body: {
        membership: { userId: DEMO.users.personal.id, role: "org:member" },
        userCreated: false,
      },
    });
    expect((await eventsSince()).map((e) => e.type)).toEqual([
      "organizationMembership.created",
      "organizationInvitation.accepted",
    ]);
  });

  it("refuses what cannot be accepted, and changes nothing", async () => {
    const invitation = await invite("refusals@acme.test");
    const before = await state();
    const cases = [
      // An existing member, an unknown user, an unknown invitation, bad bodies.
      [invitation.id, { userId: DEMO.users.acmeAdmin.id }, 409],
      [invitation.id, { userId: "user_none" }, 404],
      ["orginv_none", { firstName: "N" }, 404],
      [invitation.id, {}, 400],
      [invitation.id, { userId: DEMO.users.globexAdmin.id, firstName: "Both" }, 400],
      [invitation.id, { firstName: "" }, 400],
    ] as const;
    for (const [id, body, status] of cases) {
      const answer = await adminPost(`/admin/invitations/${id}/accept`, body);
      expect(answer.status, `${id} ${JSON.stringify(body)}`).toBe(status);
    }
    expect(await state()).toEqual(before);
    // An address that already belongs to a user cannot sign up again.
    const taken = await invite(DEMO.users.globexAdmin.email);
    const before2 = await state();
    expect(
      (await adminPost(`/admin/invitations/${taken.id}/accept`, { firstName: "M" })).status,
    ).toBe(409);
    expect(await state()).toEqual(before2);
    // Accepting twice, or accepting a revoked invitation.
    expect(
      (await adminPost(`/admin/invitations/${invitation.id}/accept`, { firstName: "Once" })).status,
    ).toBe(200);
    await issuer.webhooks.idle();
    expect(
      (await adminPost(`/admin/invitations/${invitation.id}/accept`, { firstName: "Twice" }))
        .status,
    ).toBe(409);
    await clerk.organizations.revokeOrganizationInvitation({
      organizationId: acme,
      invitationId: taken.id,
    });
    await issuer.webhooks.idle();
    const afterRevoke = await state();
    sent = issuer.webhooks.deliveries().length;
    expect(
      (await adminPost(`/admin/invitations/${taken.id}/accept`, { firstName: "Late" })).status,
    ).toBe(409);
    expect(await state()).toEqual(afterRevoke);
    expect(await eventsSince()).toEqual([]);
  });
});
