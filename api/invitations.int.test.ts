/**
 * orgInvitations through the real path: the dashboard's calls are made with @clerk/backend
 * against the local issuer, whose svix-signed webhooks reach the real webhook handler
 * (behind the Function URL stand-in) and the mirror on DynamoDB Local; org admins then read
 * their org's pending invitations through the local AppSync endpoint with real tokens.
 */
import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookHandler } from "../lambdas/webhook/app";
import { createDocumentClient } from "../lambdas/webhook/dynamodb";
import { createMirrorStore } from "../lambdas/webhook/mirror-store";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken, type GraphQLAnswer } from "../local/appsync/testing/client";
import { startFunctionUrlServer, type FunctionUrlServer } from "../local/function-url";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync;
let clerk: ReturnType<typeof createClerkClient>;
const tokens: Record<string, string> = {};

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;

const INVITATIONS = `query ($limit: Int, $next: String) {
  orgInvitations(limit: $limit, nextToken: $next) {
    items { id emailAddress role createdAt updatedAt } nextToken
  }
}`;

interface Invitation {
  id: string;
  emailAddress: string;
  role: string;
  createdAt: string;
  updatedAt: string;
}

const call = (actor: string, query: string, variables?: Record<string, unknown>) =>
  graphql(appsync.url, tokens[actor], query, variables);

/** An admin's pending invitations, page by page. */
async function pending(actor: string, limit = 2): Promise<Invitation[]> {
  const seen: Invitation[] = [];
  let next: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const answer: GraphQLAnswer = await call(actor, INVITATIONS, { limit, next });
    expect(answer.body.errors).toBeUndefined();
    const page = answer.body.data?.orgInvitations as {
      items: Invitation[];
      nextToken: string | null;
    };
    seen.push(...page.items);
    next = page.nextToken;
    if (!next) return seen;
  }
  throw new Error("more than 50 pages");
}

beforeAll(async () => {
  table = await createTestTable("invitations-api");
  const handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
    log: () => {},
  });
  receiver = await startFunctionUrlServer({ port: 0, path: "/webhooks/clerk", handler });
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  await issuer.webhooks.idle();
  clerk = createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url });
  appsync = await startTestAppSync({ api, table, issuer });
  const mint = async (name: string, userId: string, orgId?: string) => {
    tokens[name] = await mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) });
  };
  await Promise.all([
    mint("acmeAdmin", U.acmeAdmin.id, ACME),
    mint("globexAdmin", U.globexAdmin.id, GLOBEX),
    mint("acmeMember", U.acmeMember1.id, ACME),
    mint("acmeAdminPersonal", U.acmeAdmin.id),
  ]);
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await receiver?.close();
  await table?.drop();
});

describe("orgInvitations", () => {
  it("lists the org's pending invitations newest first, page by page; accepted and revoked ones leave", async () => {
    // The seed's one, from the webhook path.
    const seeded = await pending("acmeAdmin");
    expect(seeded.map((i) => [i.emailAddress, i.role])).toEqual([
      [DEMO.invitation.email, DEMO.invitation.role],
    ]);
    const created: string[] = [];
    for (const n of [1, 2, 3, 4]) {
      await new Promise((r) => setTimeout(r, 3)); // distinct creation times
      const invitation = await clerk.organizations.createOrganizationInvitation({
        organizationId: ACME,
        emailAddress: `invitee-${n}@acme.test`,
        role: n === 4 ? "org:admin" : "org:member",
      });
      created.push(invitation.id);
    }
    await issuer.webhooks.idle();
    const listed = await pending("acmeAdmin", 2);
    expect(listed.map((i) => i.id)).toEqual([...created].reverse().concat(seeded[0]?.id ?? ""));
    const newest = issuer.directory.getInvitation(created[3] ?? "");
    expect(listed[0]).toEqual({
      id: created[3],
      emailAddress: "invitee-4@acme.test",
      role: "org:admin",
      createdAt: new Date(newest?.createdAt ?? 0).toISOString(),
      updatedAt: new Date(newest?.updatedAt ?? 0).toISOString(),
    });
    // Globex's admin sees none of Acme's.
    expect(await pending("globexAdmin")).toEqual([]);

    await clerk.organizations.revokeOrganizationInvitation({
      organizationId: ACME,
      invitationId: created[0] ?? "",
    });
    const accept = await fetch(`${issuer.url}/admin/invitations/${created[1] ?? ""}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ firstName: "Accepted" }),
    });
    expect(accept.status).toBe(200);
    await issuer.webhooks.idle();
    expect((await pending("acmeAdmin")).map((i) => i.id)).toEqual([
      created[3],
      created[2],
      seeded[0]?.id,
    ]);
  });

  it("refuses members and personal scope, and a nextToken of another org or list", async () => {
    for (const actor of ["acmeMember", "acmeAdminPersonal"]) {
      const answer = await call(actor, INVITATIONS);
      expect(answer.body.errors?.[0]?.errorType).toBe("Unauthorized");
      expect(answer.body.data).toEqual({ orgInvitations: null });
    }
    const first = await call("acmeAdmin", INVITATIONS, { limit: 1 });
    const token = (first.body.data?.orgInvitations as { nextToken: string }).nextToken;
    expect(token).toEqual(expect.any(String));
    const foreign = await call("globexAdmin", INVITATIONS, { limit: 1, next: token });
    expect(foreign.body.errors?.[0]?.errorType).toBe("ValidationError");
    expect(foreign.body.data).toEqual({ orgInvitations: null });
    const otherList = await call(
      "acmeAdmin",
      "query ($next: String) { orgMembers(nextToken: $next) { nextToken } }",
      { next: token },
    );
    expect(otherList.body.errors?.[0]?.errorType).toBe("ValidationError");
    const tampered = await call("acmeAdmin", INVITATIONS, { limit: 1, next: `${token}x` });
    expect(tampered.body.errors?.[0]?.errorType).toMatch(
      /ValidationError|DynamoDB:ValidationException/,
    );
  });

  it.each([0, 101, -5])("refuses limit %i", async (limit) => {
    const answer = await call("acmeAdmin", INVITATIONS, { limit });
    expect(answer.body.errors?.[0]?.errorType).toBe("ValidationError");
  });
});
