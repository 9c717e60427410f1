import { describe, expect, it } from "vitest";
import { orgIdFromPayload, parseClerkEvent, toEpochMs } from "./clerk-events";

const envelope = (type: string, data: unknown, timestamp = 1_764_150_000_123) => ({
  data,
  object: "event",
  type,
  timestamp,
  instance_id: "ins_1",
  event_attributes: { http_request: { client_ip: "1.2.3.4", user_agent: "x" } },
});

const user = {
  id: "user_1",
  object: "user",
  first_name: "Ada",
  last_name: null,
  image_url: "https://img.clerk.com/a",
  primary_email_address_id: "idn_2",
  email_addresses: [
    { id: "idn_1", email_address: "old@x.test", linked_to: [] },
    { id: "idn_2", email_address: "ada@x.test", linked_to: [] },
  ],
  created_at: 1,
  updated_at: 1_764_150_000_000,
  some_future_field: { nested: true },
};

const org = {
  id: "org_1",
  object: "organization",
  name: "Acme",
  slug: "acme",
  image_url: "https://img.clerk.com/o",
  members_count: 3,
  created_at: 1,
  updated_at: 5,
};

const membership = {
  id: "orgmem_1",
  object: "organization_membership",
  role: "org:admin",
  permissions: ["org:sys_memberships:manage"],
  created_at: 1,
  updated_at: 7,
  organization: org,
  public_user_data: { user_id: "user_1", first_name: "Ada", identifier: "ada@x.test" },
};

describe("parseClerkEvent", () => {
  it("takes the primary email, names and image from a user, ignoring extra fields", () => {
    expect(parseClerkEvent(envelope("user.updated", user))).toEqual({
      kind: "mirrored",
      type: "user.updated",
      objectId: "user_1",
      orgId: undefined,
      event: {
        type: "user.updated",
        user: {
          id: "user_1",
          email: "ada@x.test",
          firstName: "Ada",
          lastName: null,
          imageUrl: "https://img.clerk.com/a",
          updatedAt: 1_764_150_000_000,
        },
      },
    });
  });

  it("gives a user without a primary email a null email", () => {
    const parsed = parseClerkEvent(
      envelope("user.created", { ...user, primary_email_address_id: null }),
    );
    expect(parsed.kind === "mirrored" && parsed.event).toMatchObject({ user: { email: null } });
  });

  it("keeps an org's members count only when sent", () => {
    const withCount = parseClerkEvent(envelope("organization.created", org));
    expect(withCount.kind === "mirrored" && withCount.event).toMatchObject({
      org: { id: "org_1", name: "Acme", slug: "acme", membersCount: 3, updatedAt: 5 },
    });
    const { members_count: _, ...noCount } = org;
    const without = parseClerkEvent(envelope("organization.updated", noCount));
    expect(
      without.kind === "mirrored" && "org" in without.event && without.event.org,
    ).not.toHaveProperty("membersCount");
  });

  it("reads a membership's org and user from its organization and public_user_data", () => {
    for (const type of [
      "organizationMembership.created",
      "organizationMembership.updated",
      "organizationMembership.deleted",
    ]) {
      expect(parseClerkEvent(envelope(type, membership))).toEqual({
        kind: "mirrored",
        type,
        objectId: "orgmem_1",
        orgId: "org_1",
        event: {
          type,
          membership: { orgId: "org_1", userId: "user_1", role: "org:admin", updatedAt: 7 },
        },
      });
    }
  });

  it("dates deletions by the envelope timestamp, in ms or in seconds", () => {
    const inMs = parseClerkEvent(
      envelope("user.deleted", { object: "user", id: "user_1", deleted: true }, 1_764_150_000_123),
    );
    expect(inMs.kind === "mirrored" && inMs.event).toEqual({
      type: "user.deleted",
      userId: "user_1",
      deletedAt: 1_764_150_000_123,
    });
    const inSeconds = parseClerkEvent(
      envelope(
        "organization.deleted",
        { object: "organization", id: "org_1", slug: "acme", deleted: true },
        1_764_150_000,
      ),
    );
    expect(inSeconds.kind === "mirrored" && inSeconds.event).toEqual({
      type: "organization.deleted",
      orgId: "org_1",
      deletedAt: 1_764_150_000_999,
    });
  });

  it("ignores other event types, keeping their object id", () => {
    expect(parseClerkEvent(envelope("session.created", { id: "sess_1" }))).toEqual({
      kind: "ignored",
      type: "session.created",
      objectId: "sess_1",
      orgId: undefined,
    });
  });

  it("calls a known type of the wrong shape invalid, naming fields and never values", () => {
    const parsed = parseClerkEvent(
      envelope("user.updated", { ...user, updated_at: "yesterday", first_name: 42 }),
    );
    expect(parsed.kind).toBe("invalid");
    if (parsed.kind !== "invalid") return;
    expect(parsed).toMatchObject({ type: "user.updated", objectId: "user_1" });
    expect(parsed.reason).toMatch(/first_name/);
    expect(parsed.reason).toMatch(/updated_at/);
    expect(parsed.reason).not.toContain("yesterday");
  });

  it("refuses ids that could address another item, and broken envelopes", () => {
    expect(parseClerkEvent(envelope("user.created", { ...user, id: "user#PROFILE" })).kind).toBe(
      "invalid",
    );
    expect(parseClerkEvent(envelope("user.deleted", { id: "user_1", deleted: false })).kind).toBe(
      "invalid",
    );
    expect(
      parseClerkEvent(
        envelope("organizationMembership.created", { ...membership, public_user_data: null }),
      ).kind,
    ).toBe("invalid");
    expect(parseClerkEvent({ type: "user.created", data: user })).toMatchObject({
      kind: "invalid",
      reason: expect.stringMatching(/timestamp/) as string,
    });
    expect(parseClerkEvent(null)).toMatchObject({ kind: "invalid", type: "unknown" });
    expect(parseClerkEvent([1, 2])).toMatchObject({ kind: "invalid", type: "unknown" });
  });
});

describe("the org a delivery concerns", () => {
  it("is the org of organization.* events and the membership's org of organizationMembership.*", () => {
    for (const type of ["organization.created", "organization.updated"]) {
      expect(parseClerkEvent(envelope(type, org)).orgId).toBe("org_1");
    }
    const deleted = { object: "organization", id: "org_9", deleted: true };
    expect(parseClerkEvent(envelope("organization.deleted", deleted)).orgId).toBe("org_9");
    const other = { ...membership, organization: { ...org, id: "org_2" } };
    expect(parseClerkEvent(envelope("organizationMembership.deleted", other)).orgId).toBe("org_2");
  });

  it("is none for user.* events and other types, which concern no single org", () => {
    expect(parseClerkEvent(envelope("user.created", user)).orgId).toBeUndefined();
    const userDeleted = { object: "user", id: "user_1", deleted: true };
    expect(parseClerkEvent(envelope("user.deleted", userDeleted)).orgId).toBeUndefined();
    expect(parseClerkEvent(envelope("session.created", { id: "sess_1" })).orgId).toBeUndefined();
    // A membership-like payload under another type names no org.
    expect(parseClerkEvent(envelope("user.updated", membership)).orgId).toBeUndefined();
  });

  it("is read best-effort from a payload that fails validation", () => {
    const noRole = { ...membership, role: undefined };
    const parsed = parseClerkEvent(envelope("organizationMembership.created", noRole));
    expect(parsed).toMatchObject({ kind: "invalid", orgId: "org_1" });
    const badOrg = parseClerkEvent(envelope("organization.updated", { ...org, name: 42 }));
    expect(badOrg).toMatchObject({ kind: "invalid", orgId: "org_1" });
    // A broken envelope (no timestamp) of an org event still names its org.
    expect(parseClerkEvent({ type: "organization.updated", data: org })).toMatchObject({
      kind: "invalid",
      orgId: "org_1",
    });
  });

  it.each([
    ["a plausible id", { organization: { id: "org_2abcDEF123_-x" } }, "org_2abcDEF123_-x"],
    ["no organization", { role: "org:admin" }, undefined],
    ["a number", { organization: { id: 42 } }, undefined],
    ["no org_ prefix", { organization: { id: "user_1" } }, undefined],
    ["a key separator", { organization: { id: "org_1#PROFILE" } }, undefined],
    ["a control character", { organization: { id: "org_1\n" } }, undefined],
    ["a space", { organization: { id: "org_1 2" } }, undefined],
    ["over 68 characters", { organization: { id: `org_${"a".repeat(65)}` } }, undefined],
    [
      "64 characters after org_",
      { organization: { id: `org_${"a".repeat(64)}` } },
      `org_${"a".repeat(64)}`,
    ],
    ["an array", { organization: [{ id: "org_1" }] }, undefined],
  ])("takes only a plausible Clerk org id from raw JSON: %s", (_name, data, expected) => {
    expect(orgIdFromPayload("organizationMembership.created", { data })).toBe(expected);
  });

  it("reads nothing from payloads that are not objects", () => {
    for (const body of [null, 42, "org_1", [{ data: { id: "org_1" } }], { data: "org_1" }]) {
      expect(orgIdFromPayload("organization.updated", body)).toBeUndefined();
    }
  });
});

describe("toEpochMs", () => {
  it("keeps milliseconds and turns seconds into the last millisecond of that second", () => {
    expect(toEpochMs(1_764_150_000_123)).toBe(1_764_150_000_123);
    expect(toEpochMs(1_764_150_000)).toBe(1_764_150_000_999);
    expect(toEpochMs(1_764_150_000.5)).toBe(1_764_150_000_999);
  });
});

describe("organizationInvitation.* events", () => {
  const invitation = {
    id: "orginv_1",
    object: "organization_invitation",
    email_address: "new@x.test",
    role: "org:member",
    role_name: "Member",
    organization_id: "org_1",
    status: "pending",
    public_metadata: {},
    url: null,
    created_at: 10,
    updated_at: 10,
    expires_at: 99,
  };

  it("parse into the invitation, its status from the event type, concerning its org", () => {
    for (const [type, status] of [
      ["organizationInvitation.created", "pending"],
      ["organizationInvitation.accepted", "accepted"],
      ["organizationInvitation.revoked", "revoked"],
    ] as const) {
      const data = { ...invitation, status, updated_at: 20, user_id: "user_9" };
      expect(parseClerkEvent(envelope(type, data))).toEqual({
        kind: "mirrored",
        type,
        objectId: "orginv_1",
        orgId: "org_1",
        event: {
          type,
          invitation: {
            id: "orginv_1",
            orgId: "org_1",
            email: "new@x.test",
            role: "org:member",
            status,
            createdAt: 10,
            updatedAt: 20,
          },
        },
      });
    }
  });

  it("of the wrong shape are invalid with the field at fault, still in their org's log", () => {
    const parsed = parseClerkEvent(
      envelope("organizationInvitation.created", { ...invitation, updated_at: "soon" }),
    );
    expect(parsed).toMatchObject({ kind: "invalid", orgId: "org_1", objectId: "orginv_1" });
    expect(parsed.kind === "invalid" && parsed.reason).toMatch(/^data\.updated_at: /);
    expect(
      parseClerkEvent(envelope("organizationInvitation.revoked", { ...invitation, id: "a#b" })),
    ).toMatchObject({ kind: "invalid" });
    expect(orgIdFromPayload("organizationInvitation.accepted", { data: invitation })).toBe("org_1");
    expect(
      orgIdFromPayload("organizationInvitation.accepted", {
        data: { organization_id: "not an org" },
      }),
    ).toBeUndefined();
  });
});
