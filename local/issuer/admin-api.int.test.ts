import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, startTestIssuer } from "../testing/issuer";
import { DEMO } from "./seed";
import type { Issuer } from "./server";

let issuer: Issuer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  await issuer.webhooks.idle();
});
afterAll(async () => {
  await issuer.close();
  await receiver.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface State {
  users: { id: string; firstName: string }[];
  organizations: { id: string; slug: string }[];
  memberships: { orgId: string; userId: string; role: string }[];
}
const state = async () => (await call("GET", "/admin/state")).body as unknown as State;

describe("the admin API", () => {
  it("holds the demo seed: Acme with an admin and two members, Globex with two, one personal user", async () => {
    const s = await state();
    expect(s.users).toHaveLength(6);
    const roles = (orgId: string) =>
      s.memberships
        .filter((m) => m.orgId === orgId)
        .map((m) => m.role)
        .sort();
    expect(roles(DEMO.orgs.acme.id)).toEqual(["org:admin", "org:member", "org:member"]);
    expect(roles(DEMO.orgs.globex.id)).toEqual(["org:admin", "org:member"]);
    expect(s.memberships.some((m) => m.userId === DEMO.users.personal.id)).toBe(false);
    // The seed went out as webhooks: 6 users, 2 orgs, 5 memberships, 1 invitation.
    expect(receiver.received).toHaveLength(14);
  });

  it("creates, updates and deletes users, orgs and memberships, each with its webhook", async () => {
    const before = receiver.received.length;
    const user = await call("POST", "/admin/users", {
      firstName: "Neo",
      lastName: "Anderson",
      email: "neo@x.test",
    });
    expect(user.status).toBe(201);
    const userId = String(user.body.id);
    expect(userId).toMatch(/^user_[A-Za-z0-9]{27}$/);
    const org = await call("POST", "/admin/organizations", {
      id: "org_zion",
      name: "Zion",
      slug: "zion",
    });
    expect(org.status).toBe(201);
    expect(
      (await call("POST", "/admin/memberships", { orgId: "org_zion", userId, role: "org:member" }))
        .status,
    ).toBe(201);
    expect(
      (await call("PATCH", `/admin/memberships/org_zion/${userId}`, { role: "org:admin" })).body
        .role,
    ).toBe("org:admin");
    expect(
      (await call("PATCH", `/admin/users/${userId}`, { firstName: "Thomas" })).body.firstName,
    ).toBe("Thomas");
    expect(
      (await call("PATCH", "/admin/organizations/org_zion", { name: "Zion City" })).body.name,
    ).toBe("Zion City");
    expect((await call("DELETE", `/admin/memberships/org_zion/${userId}`)).status).toBe(200);
    expect((await call("DELETE", `/admin/users/${userId}`)).status).toBe(200);
    expect((await call("DELETE", "/admin/organizations/org_zion")).status).toBe(200);
    await issuer.webhooks.idle();
    const types = receiver.received
      .slice(before)
      .map((r) => (JSON.parse(r.body) as { type: string }).type);
    expect(types.sort()).toEqual(
      [
        "user.created",
        "organization.created",
        "organizationMembership.created",
        "organizationMembership.updated",
        "user.updated",
        "organization.updated",
        "organizationMembership.deleted",
        "user.deleted",
        "organization.deleted",
      ].sort(),
    );
  });

  it("answers bad input with 400 and its reasons, and changes nothing", async () => {
    const before = await state();
    const sent = receiver.received.length;
    const bad = [
      ["POST", "/admin/users", { firstName: "", email: "x@x.test" }],
      ["POST", "/admin/users", { firstName: "A", email: "not-an-email" }],
      ["POST", "/admin/users", { firstName: "A", email: "a@x.test", admin: true }],
      ["POST", "/admin/users", "{not json"],
      ["PATCH", `/admin/users/${DEMO.users.acmeAdmin.id}`, {}],
      ["POST", "/admin/organizations", { name: "Bad", slug: "Bad Slug" }],
      [
        "POST",
        "/admin/memberships",
        { orgId: DEMO.orgs.acme.id, userId: DEMO.users.personal.id, role: "admin" },
      ],
      [
        "PATCH",
        `/admin/memberships/${DEMO.orgs.acme.id}/${DEMO.users.acmeMember1.id}`,
        { role: "" },
      ],
    ] as const;
    for (const [method, path, body] of bad) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body.error).toMatchObject({
        code: expect.stringMatching(/^(validation_error|invalid_json)$/) as unknown,
      });
    }
    await issuer.webhooks.idle();
    expect(await state()).toEqual(before);
    expect(receiver.received.length).toBe(sent);
  });

  it("answers 404 for what does not exist and 409 for what would clash", async () => {
    expect((await call("PATCH", "/admin/users/user_none", { firstName: "X" })).status).toBe(404);
    expect((await call("DELETE", "/admin/organizations/org_none")).status).toBe(404);
    expect(
      (await call("DELETE", `/admin/memberships/${DEMO.orgs.globex.id}/${DEMO.users.acmeAdmin.id}`))
        .status,
    ).toBe(404);
    expect(
      (await call("POST", "/admin/users", { firstName: "Ada", email: "ADA@acme.test" })).status,
    ).toBe(409);
    expect(
      (await call("POST", "/admin/organizations", { name: "Acme 2", slug: "acme" })).status,
    ).toBe(409);
    const duplicate = await call("POST", "/admin/memberships", {
      orgId: DEMO.orgs.acme.id,
      userId: DEMO.users.acmeAdmin.id,
      role: "org:member",
    });
    expect(duplicate.status).toBe(409);
    expect((await call("GET", "/admin/nothing")).status).toBe(404);
    expect((await call("PATCH", "/admin/users/%E0%A4%A", { firstName: "X" })).status).toBe(400);
  });

  it("keeps its signing key across restarts in the data dir (0600), and the directory when persisting", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "waypoint-issuer-"));
    try {
      const first = await startTestIssuer({ dataDir, persistDirectory: true, seed: true });
      const kid = first.keys.signingKey().kid;
      first.directory.createUser({ id: "user_kept", firstName: "Kept", email: "kept@x.test" });
      await first.close();
      expect(statSync(join(dataDir, "issuer", "keys.json")).mode & 0o777).toBe(0o600);

      const second = await startTestIssuer({ dataDir, persistDirectory: true, seed: true });
      expect(second.keys.signingKey().kid).toBe(kid);
      expect(second.directory.getUser("user_kept")?.firstName).toBe("Kept");
      // Not seeded twice: the directory was not empty.
      expect(second.directory.listUsers()).toHaveLength(7);
      await second.close();

      // A damaged key file stops the start with a message, not a stack of JSON errors.
      writeFileSync(join(dataDir, "issuer", "keys.json"), "{ not json");
      await expect(startTestIssuer({ dataDir })).rejects.toThrow(/unreadable key file/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
