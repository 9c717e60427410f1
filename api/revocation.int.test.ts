/**
 * Revocation through the real webhook path: the local issuer changes a membership, its
 * svix-signed webhook reaches the real webhook handler, which updates the mirror on DynamoDB
 * Local; the API must follow within 2 s although the caller's token is still valid.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { startFunctionUrlServer, type FunctionUrlServer } from "../local/function-url";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { mirroredRole, waitFor } from "../local/testing/wait";
import { startTestIssuer, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync;

const ACME = DEMO.orgs.acme.id;
const GRACE = DEMO.users.acmeMember1.id;
const ADA = DEMO.users.acmeAdmin.id;

const membershipRole = (orgId: string, userId: string) => mirroredRole(table, orgId, userId);

beforeAll(async () => {
  table = await createTestTable("revocation");
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
      log: () => {},
    }),
  });
  // The demo tenants arrive in the mirror through the webhooks, as in `npm run dev`.
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  appsync = await startTestAppSync({ api, table, issuer });
  const seeded = await waitFor(
    async () =>
      (await membershipRole(ACME, GRACE)) === "org:member" &&
      (await membershipRole(ACME, ADA)) === "org:admin",
    10_000,
  );
  if (!seeded) throw new Error("the demo memberships never reached the mirror");
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await receiver?.close();
  await table?.drop();
});

async function issuerCall(method: string, path: string, body?: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
}

const ALAN = DEMO.users.acmeMember2.id;

const errorTypeOf = async (token: string, query: string) =>
  (await graphql(appsync.url, token, query)).body.errors?.[0]?.errorType ?? null;

describe("membership changes delivered by webhook", () => {
  it("a permission removed from a custom role is refused within 2 s, with the same still-valid token", async () => {
    const lead = ["org:milestones:read", "org:milestones:create", "org:milestones:manage"];
    await issuerCall("PUT", "/admin/roles/org:lead", { permissions: lead });
    await issuerCall("POST", "/admin/users", {
      id: "user_lead",
      firstName: "Lea",
      email: "lea@acme.test",
    });
    await issuerCall("POST", "/admin/memberships", {
      orgId: ACME,
      userId: "user_lead",
      role: "org:lead",
    });
    expect(
      await waitFor(async () => (await membershipRole(ACME, "user_lead")) === "org:lead", 5_000),
    ).toBe(true);

    const alan = await mintToken(issuer.url, { userId: ALAN, orgId: ACME });
    const created = await graphql(
      appsync.url,
      alan,
      'mutation { createMilestone(input: { title: "Alan\'s" }) { id version } }',
    );
    const milestone = created.body.data?.createMilestone as { id: string; version: number };
    const token = await mintToken(issuer.url, { userId: "user_lead", orgId: ACME });
    const edit = async (version: number, title: string) =>
      graphql(
        appsync.url,
        token,
        "mutation ($id: ID!, $v: Int!, $t: String!) { updateMilestone(id: $id, expectedVersion: $v, input: { title: $t }) { version } }",
        { id: milestone.id, v: version, t: title },
      );
    const edited = await edit(milestone.version, "by the lead");
    expect(edited.body.errors).toBeUndefined();
    const me = await graphql(appsync.url, token, "{ me { role permissions } }");
    expect(me.body.data?.me).toEqual({ role: "org:lead", permissions: lead });

    // Probed without changing anything: a delete at a stale version is a ConflictError while
    // the lead may delete, Unauthorized once it may not (the rule is checked first).
    const probe = `mutation { deleteMilestone(id: "${milestone.id}", expectedVersion: 999) { id } }`;
    expect(await errorTypeOf(token, probe)).toBe("ConflictError");
    // The role loses org:milestones:manage: the issuer re-sends the lead's membership.
    await issuerCall("PUT", "/admin/roles/org:lead", { permissions: lead.slice(0, 2) });
    const refused = await waitFor(
      async () => (await errorTypeOf(token, probe)) === "Unauthorized",
      2_000,
    );
    expect(refused).toBe(true);
    expect((await edit(milestone.version + 1, "again")).body.errors?.[0]?.errorType).toBe(
      "Unauthorized",
    );
    // The same token still reads and creates: only the removed permission is gone.
    expect(await errorTypeOf(token, "{ milestones { nextToken } }")).toBeNull();
    const after = await graphql(appsync.url, token, "{ me { permissions } }");
    expect(after.body.data?.me).toEqual({ permissions: lead.slice(0, 2) });
    const stored = await graphql(
      appsync.url,
      alan,
      "query ($id: ID!) { milestone(id: $id) { title version } }",
      { id: milestone.id },
    );
    expect(stored.body.data?.milestone).toEqual({ title: "by the lead", version: 2 });
  });

  it("a removed member loses access within 2 s, with the same still-valid token", async () => {
    const token = await mintToken(issuer.url, { userId: GRACE, orgId: ACME });
    expect(await errorTypeOf(token, "{ milestones { nextToken } }")).toBeNull();

    await issuerCall("DELETE", `/admin/memberships/${ACME}/${GRACE}`);
    const started = Date.now();
    const denied = await waitFor(
      async () => (await errorTypeOf(token, "{ milestones { nextToken } }")) === "Unauthorized",
      2_000,
    );
    expect(denied).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_500);
    // The token itself is still accepted by the authorizer: the denial is the mirror's.
    const whoami = await graphql(appsync.url, token, "{ me { userId } }");
    expect(whoami.status).toBe(200);
    expect(whoami.body.errors?.[0]?.errorType).toBe("Unauthorized");
  });

  it("an admin demoted by webhook loses admin rights within 2 s, keeping a member's", async () => {
    const token = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
    expect(await errorTypeOf(token, "{ auditLog { nextToken } }")).toBeNull();

    await issuerCall("PATCH", `/admin/memberships/${ACME}/${ADA}`, { role: "org:member" });
    const demoted = await waitFor(
      async () => (await errorTypeOf(token, "{ auditLog { nextToken } }")) === "Unauthorized",
      2_000,
    );
    expect(demoted).toBe(true);
    expect(await errorTypeOf(token, "{ milestones { nextToken } }")).toBeNull();
    const me = await graphql(appsync.url, token, "{ me { role } }");
    expect(me.body.data?.me).toEqual({ role: "org:member" });
  });
});
