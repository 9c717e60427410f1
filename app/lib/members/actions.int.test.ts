/**
 * The member-management server actions against real parts: the local issuer's Backend API
 * (through app/lib/clerk-admin's @clerk/backend client), its svix-signed webhooks into the
 * real webhook handler on DynamoDB Local (the mirror), the local AppSync endpoint with the
 * real authorizer and resolvers (`me`, recordMemberChange). Only the session (a cookie in
 * Next) and revalidatePath are stand-ins. Each test makes its own org through the issuer.
 *
 * Calling an action here is what a hand-forged POST of it does in Next (any arguments, the
 * caller's cookie): the e2e suite forges the HTTP request itself (e2e/journeys/09-*).
 */
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { api as apiDefinition } from "../../../api/resolvers";
import { keys, toQueryParams } from "../../../core/table";
import { createWebhookHandler } from "../../../lambdas/webhook/app";
import { createDocumentClient } from "../../../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../../../lambdas/webhook/mirror-store";
import type { LocalAppSync } from "../../../local/appsync/server";
import { mintToken } from "../../../local/appsync/testing/client";
import { startTestAppSync } from "../../../local/appsync/testing/endpoint";
import { startFunctionUrlServer, type FunctionUrlServer } from "../../../local/function-url";
import type { Issuer } from "../../../local/issuer/server";
import { createTestTable } from "../../../local/testing/dynamodb";
import {
  startTestIssuer,
  TEST_SECRET_KEY,
  TEST_WEBHOOK_SECRET,
} from "../../../local/testing/issuer";
import type { Session } from "../session";

const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

const session = vi.hoisted(() => ({ current: null as Session | null }));
vi.mock("../session", () => ({
  getSession: () => Promise.resolve(session.current),
  requireSession: () => Promise.resolve(session.current),
}));

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let receiver: FunctionUrlServer;
let appsync: LocalAppSync;

beforeAll(async () => {
  table = await createTestTable("member-actions");
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
      log: () => {},
    }),
  });
  issuer = await startTestIssuer({ webhookUrl: receiver.url });
  appsync = await startTestAppSync({ api: apiDefinition, table, issuer });
  // Read once by app/lib/env.ts, on first use (below).
  process.env.WAYPOINT_API_URL = appsync.url;
  process.env.WAYPOINT_ISSUER_URL = issuer.url;
  process.env.ISSUER_SECRET_KEY = TEST_SECRET_KEY;
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await receiver?.close();
  await table?.drop();
});

beforeEach(() => {
  revalidatePath.mockClear();
  session.current = null;
});

const actions = await import("./actions");

// ---- the issuer, the mirror, the audit log ----------------------------------------------

async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface IssuerState {
  memberships: { orgId: string; userId: string; role: string }[];
  invitations: { id: string; orgId: string; email: string; status: string; role: string }[];
}

/** The issuer's whole state as JSON: "nothing changed" is this, equal before and after. */
const issuerState = () => admin<IssuerState>("GET", "/admin/state");

async function eventually(what: string, check: () => Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function mirrorRole(orgId: string, userId: string) {
  const { PK, SK } = keys.membership(orgId, userId);
  const out = await table.doc.send(
    new GetCommand({
      TableName: table.tableName,
      Key: { PK, SK },
      ConsistentRead: true,
    }),
  );
  return out.Item && !out.Item.deleted ? (out.Item.role as string) : undefined;
}

async function auditOf(orgId: string) {
  const out = await table.doc.send(
    new QueryCommand({ TableName: table.tableName, ...toQueryParams(keys.auditLog(orgId)) }),
  );
  return (out.Items ?? []).filter((item) => String(item.action).startsWith("member."));
}

interface Org {
  id: string;
  admin: string;
  member: string;
}

/** A fresh org with an admin and a member, mirrored by webhook. */
async function freshOrg(): Promise<Org> {
  const tag = randomUUID().slice(0, 8);
  const org = await admin<{ id: string }>("POST", "/admin/organizations", {
    name: `Org ${tag}`,
    slug: `org-${tag}`,
  });
  const user = async (name: string, role: string) => {
    const created = await admin<{ id: string }>("POST", "/admin/users", {
      firstName: name,
      lastName: tag,
      email: `${name.toLowerCase()}-${tag}@test.example`,
    });
    await admin("POST", "/admin/memberships", { orgId: org.id, userId: created.id, role });
    return created.id;
  };
  const result = {
    id: org.id,
    admin: await user("Admin", "org:admin"),
    member: await user("Member", "org:member"),
  };
  await eventually(
    "the fresh org's mirror",
    async () =>
      (await mirrorRole(org.id, result.admin)) === "org:admin" &&
      (await mirrorRole(org.id, result.member)) === "org:member",
  );
  return result;
}

/** A user with no org (personal scope only). */
async function outsider(): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const created = await admin<{ id: string }>("POST", "/admin/users", {
    firstName: "Out",
    lastName: tag,
    email: `out-${tag}@test.example`,
  });
  return created.id;
}

function signIn(userId: string, orgId: string | null) {
  session.current = {
    mode: "local",
    user: { id: userId, name: userId, email: `${userId}@test` },
    orgId,
    role: null,
    getToken: () => mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) }),
  };
}

const email = () => `new-${randomUUID().slice(0, 8)}@test.example`;

async function invite(org: Org, address = email(), role = "org:member") {
  signIn(org.admin, org.id);
  const result = await actions.inviteMemberAction({ email: address, role });
  expect(result).toMatchObject({ ok: true });
  const state = await issuerState();
  const found = state.invitations.find(
    (i) => i.orgId === org.id && i.email === address && i.status === "pending",
  );
  if (!found) throw new Error("the invitation is not in the issuer");
  return found;
}

// ---- the journey of an admin ------------------------------------------------------------

describe("an admin of the active org", () => {
  it("invites, revokes, promotes and removes, each leaving its audit entry", async () => {
    const org = await freshOrg();
    const address = email();
    const invitation = await invite(org, address);
    expect(invitation.role).toBe("org:member");
    expect(revalidatePath).toHaveBeenCalledWith("/members");

    signIn(org.admin, org.id);
    expect(await actions.revokeInvitationAction({ invitationId: invitation.id })).toMatchObject({
      ok: true,
    });
    const revoked = (await issuerState()).invitations.find((i) => i.id === invitation.id);
    expect(revoked?.status).toBe("revoked");

    expect(
      await actions.changeMemberRoleAction({ userId: org.member, role: "org:admin" }),
    ).toMatchObject({ ok: true });
    await eventually(
      "the promotion in the mirror",
      async () => (await mirrorRole(org.id, org.member)) === "org:admin",
    );
    expect(await actions.removeMemberAction({ userId: org.member })).toMatchObject({ ok: true });
    await eventually(
      "the removal in the mirror",
      async () => (await mirrorRole(org.id, org.member)) === undefined,
    );

    const entries = await auditOf(org.id);
    const byAction = (action: string) => entries.filter((e) => e.action === action);
    expect(byAction("member.invite")).toEqual([
      expect.objectContaining({
        actorId: org.admin,
        actorRole: "org:admin",
        targetType: "invitation",
        targetId: invitation.id,
        before: null,
        after: JSON.stringify({ role: "org:member", email: address }),
      }),
    ]);
    expect(byAction("member.revokeInvitation")).toEqual([
      expect.objectContaining({
        targetId: invitation.id,
        before: JSON.stringify({ role: "org:member", email: address }),
        after: null,
      }),
    ]);
    expect(byAction("member.changeRole")).toEqual([
      expect.objectContaining({
        targetType: "member",
        targetId: org.member,
        before: JSON.stringify({ role: "org:member" }),
        after: JSON.stringify({ role: "org:admin" }),
      }),
    ]);
    expect(byAction("member.remove")).toEqual([
      expect.objectContaining({
        targetId: org.member,
        before: JSON.stringify({ role: "org:admin" }),
        after: null,
      }),
    ]);
  });
});

// ---- refusals: who may not, and what a form may not name ---------------------------------

type Attempt = [string, () => Promise<unknown>];

/** Every action, aimed at `org`'s member and a pending invitation of `org`. */
function attempts(org: Org, invitationId: string): Attempt[] {
  return [
    ["invite", () => actions.inviteMemberAction({ email: email(), role: "org:member" })],
    ["revoke", () => actions.revokeInvitationAction({ invitationId })],
    ["promote", () => actions.changeMemberRoleAction({ userId: org.member, role: "org:admin" })],
    [
      "demote the admin",
      () => actions.changeMemberRoleAction({ userId: org.admin, role: "org:member" }),
    ],
    ["remove", () => actions.removeMemberAction({ userId: org.member })],
  ];
}

async function expectRefusedEach(list: Attempt[], type: string, org: Org) {
  const before = await issuerState();
  const audit = (await auditOf(org.id)).length;
  for (const [name, run] of list) {
    const result = await run();
    expect(result, name).toMatchObject({ ok: false, error: { type } });
    expect((result as { error: { message: string } }).error.message, name).not.toMatch(
      /https?:|127\.0\.0\.1|at .*\.ts/,
    );
  }
  expect(await issuerState()).toEqual(before);
  expect(await auditOf(org.id)).toHaveLength(audit);
}

describe("refused before any change", () => {
  it("a member, custom roles without the right, an admin of another org, an outsider, a demoted admin", async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    const pending = await invite(org);
    const list = attempts(org, pending.id);

    signIn(org.member, org.id);
    await expectRefusedEach(list, "Unauthorized", org);

    // The other org's admin in personal scope: no right at all (in their own org, `org`'s
    // ids are NotFound: the next test).
    signIn(other.admin, null);
    await expectRefusedEach(list, "Unauthorized", org);

    signIn(await outsider(), null);
    await expectRefusedEach(list, "Unauthorized", org);
    // An outsider naming the org in its session: the API's me refuses the membership.
    signIn(await outsider(), org.id);
    await expectRefusedEach(list, "Unauthorized", org);

    // Custom roles without org:sys_memberships:manage: one that manages every milestone, one
    // that may read the members list. Neither may change the membership.
    for (const [role, permissions] of [
      ["org:lead", ["org:milestones:read", "org:milestones:create", "org:milestones:manage"]],
      ["org:roster", ["org:milestones:read", "org:sys_memberships:read"]],
    ] as const) {
      await admin("PUT", `/admin/roles/${role}`, { permissions });
      const holder = await outsider();
      await admin("POST", "/admin/memberships", { orgId: org.id, userId: holder, role });
      await eventually(
        `the ${role} in the mirror`,
        async () => (await mirrorRole(org.id, holder)) === role,
      );
      signIn(holder, org.id);
      await expectRefusedEach(list, "Unauthorized", org);
    }

    // Demoted by webhook while the token still says admin: the mirror's role counts.
    const second = await freshOrg();
    const secondPending = await invite(second);
    await admin("PATCH", `/admin/memberships/${second.id}/${second.admin}`, { role: "org:member" });
    await eventually(
      "the demotion in the mirror",
      async () => (await mirrorRole(second.id, second.admin)) === "org:member",
    );
    signIn(second.admin, second.id);
    await expectRefusedEach(attempts(second, secondPending.id), "Unauthorized", second);
  });

  it("a form naming another org's membership or invitation: NotFound, nothing changed", async () => {
    const org = await freshOrg();
    const other = await freshOrg();
    const foreign = await invite(other);
    signIn(org.admin, org.id);
    await expectRefusedEach(
      [
        [
          "revoke another org's invitation",
          () => actions.revokeInvitationAction({ invitationId: foreign.id }),
        ],
        [
          "promote another org's member",
          () => actions.changeMemberRoleAction({ userId: other.member, role: "org:admin" }),
        ],
        ["remove another org's admin", () => actions.removeMemberAction({ userId: other.admin })],
      ],
      "NotFound",
      other,
    );
    // Extra fields naming an org are not read: the session's org is the only one.
    const smuggled = await actions.removeMemberAction({ userId: other.member, orgId: other.id });
    expect(smuggled).toMatchObject({ ok: false, error: { type: "NotFound" } });
    expect(await mirrorRole(other.id, other.member)).toBe("org:member");
  });
});

// ---- bad input ----------------------------------------------------------------------------

describe("bad input: a clear message each, nothing changed", () => {
  it("an invalid email, an unknown role, a duplicate pending invitation", async () => {
    const org = await freshOrg();
    const pending = await invite(org);
    signIn(org.admin, org.id);
    const before = await issuerState();
    expect(await actions.inviteMemberAction({ email: "not-an-email", role: "org:member" })).toEqual(
      {
        ok: false,
        error: { type: "ValidationError", message: "Enter a valid email address.", field: "email" },
      },
    );
    expect(await actions.inviteMemberAction({ email: email(), role: "org:nope" })).toEqual({
      ok: false,
      error: {
        type: "ValidationError",
        message: "Choose one of the organization's roles.",
        field: "role",
      },
    });
    expect(await actions.inviteMemberAction({ email: email(), role: "admin; drop" })).toMatchObject(
      {
        ok: false,
        error: { type: "ValidationError", field: "role" },
      },
    );
    expect(
      await actions.inviteMemberAction({
        email: pending.email,
        role: "org:member",
      }),
    ).toEqual({
      ok: false,
      error: {
        type: "ConflictError",
        message:
          "This address already has a pending invitation to this organization, or is already a member.",
        field: "email",
      },
    });
    expect(await actions.inviteMemberAction("garbage")).toMatchObject({
      ok: false,
      error: { type: "ValidationError" },
    });
    expect(await issuerState()).toEqual(before);
    expect((await auditOf(org.id)).filter((e) => e.action === "member.invite")).toHaveLength(1);
  });

  it("revoking an accepted invitation", async () => {
    const org = await freshOrg();
    const pending = await invite(org);
    await admin("POST", `/admin/invitations/${pending.id}/accept`, { firstName: "Accepted" });
    signIn(org.admin, org.id);
    const before = await issuerState();
    expect(await actions.revokeInvitationAction({ invitationId: pending.id })).toEqual({
      ok: false,
      error: {
        type: "ConflictError",
        message: "This invitation is no longer pending: it was accepted, revoked or has expired.",
      },
    });
    expect(await actions.revokeInvitationAction({ invitationId: "inv#x" })).toMatchObject({
      ok: false,
      error: { type: "ValidationError" },
    });
    expect(await issuerState()).toEqual(before);
  });

  it("removing or demoting the last admin (themself included); allowed once there are two", async () => {
    const org = await freshOrg();
    signIn(org.admin, org.id);
    const before = await issuerState();
    const lastAdmin = {
      ok: false,
      error: {
        type: "ConflictError",
        message: "This is the organization's last admin: make someone else an admin first.",
      },
    };
    expect(await actions.removeMemberAction({ userId: org.admin })).toEqual(lastAdmin);
    expect(await actions.changeMemberRoleAction({ userId: org.admin, role: "org:member" })).toEqual(
      lastAdmin,
    );
    expect(
      await actions.changeMemberRoleAction({ userId: org.member, role: "org:member" }),
    ).toMatchObject({ ok: false, error: { type: "ValidationError", field: "role" } });
    expect(await issuerState()).toEqual(before);
    expect(await auditOf(org.id)).toEqual([]);

    expect(
      await actions.changeMemberRoleAction({ userId: org.member, role: "org:admin" }),
    ).toMatchObject({ ok: true });
    await eventually(
      "the promotion in the mirror",
      async () => (await mirrorRole(org.id, org.member)) === "org:admin",
    );
    // Two admins now: no longer the last, but still oneself (its audit entry could not follow).
    const self = await issuerState();
    expect(await actions.removeMemberAction({ userId: org.admin })).toEqual({
      ok: false,
      error: {
        type: "ConflictError",
        message: "You cannot change your own role or remove yourself here: ask another admin.",
      },
    });
    expect(await issuerState()).toEqual(self);
    // The other admin may, and the entry is written.
    signIn(org.member, org.id);
    expect(await actions.changeMemberRoleAction({ userId: org.admin, role: "org:member" })).toEqual(
      { ok: true, message: "Role changed." },
    );
  });

  it("a signed-out caller", async () => {
    session.current = null;
    expect(await actions.removeMemberAction({ userId: "user_x" })).toEqual({
      ok: false,
      error: { type: "Unauthorized", message: "Your session has ended. Sign in again." },
    });
  });
});
