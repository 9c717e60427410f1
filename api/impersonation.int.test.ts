/**
 * Impersonated sessions end to end (docs/authorizer.md): a token with Clerk's `act` claim,
 * minted by the local issuer, verified by the real authorizer, through the local AppSync and
 * the deployed resolver bundles on DynamoDB Local. Denied by default; when the authorizer is
 * configured to allow it, the change is made as the user and its audit entry says by whom.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import { createHandler } from "../lambdas/authorizer/authorizer";
import { startLocalAppSync, type LocalAppSync } from "../local/appsync/server";
import { graphql, mintToken } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let issuer: Issuer;
/** Authorizer configured with WAYPOINT_ALLOW_IMPERSONATION=1. */
let allowing: LocalAppSync;
/** Authorizer with the default configuration. */
let denying: LocalAppSync;

const ACME = DEMO.orgs.acme.id;
const ADMIN = DEMO.users.acmeAdmin.id;
const SUPPORT = "user_support_engineer";

async function appSync(extraEnv: Record<string, string>) {
  const authorizer = createHandler(
    {
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_ISSUER: issuer.url,
      CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
      ...extraEnv,
    },
    { log: () => {} },
  );
  return startLocalAppSync({
    api: { ...api, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer,
  });
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("impersonation"),
    startTestIssuer({ seed: true }),
  ]);
  const response = await fetch(`${issuer.url}/admin/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: SUPPORT,
      firstName: "Sam",
      lastName: "Support",
      email: "sam@support.test",
    }),
  });
  expect(response.status).toBe(201);
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: membershipItem({
        orgId: ACME,
        userId: ADMIN,
        role: "org:admin",
        updatedAt: Date.now(),
      }),
    }),
  );
  [allowing, denying] = await Promise.all([
    appSync({ WAYPOINT_ALLOW_IMPERSONATION: "1" }),
    appSync({}),
  ]);
});

afterAll(async () => {
  await allowing?.close();
  await denying?.close();
  await issuer?.close();
  await table?.drop();
});

const CREATE = `mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id ownerId } }`;
const AUDIT = "{ auditLog(limit: 10) { items { actorId impersonatorId action targetId } } }";

describe("impersonated sessions", () => {
  it("the local issuer mints Clerk's `act` claim, with a session id", async () => {
    const token = await mintToken(issuer.url, {
      userId: ADMIN,
      orgId: ACME,
      impersonatorId: SUPPORT,
    });
    const payload = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
    ) as Record<string, unknown>;
    expect(payload.sub).toBe(ADMIN);
    expect(String(payload.sid)).toMatch(/^sess_/);
    expect(payload.act).toMatchObject({ sub: SUPPORT });
  });

  it("are denied by default", async () => {
    const token = await mintToken(issuer.url, {
      userId: ADMIN,
      orgId: ACME,
      impersonatorId: SUPPORT,
    });
    const answer = await graphql(denying.url, token, CREATE, { input: { title: "as Ada" } });
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]?.errorType).toBe("UnauthorizedException");
    // The user's own session still works there.
    const own = await mintToken(issuer.url, { userId: ADMIN, orgId: ACME });
    const ok = await graphql(denying.url, own, CREATE, { input: { title: "own" } });
    expect(ok.body.errors).toBeUndefined();
  });

  it("when allowed, act as the user and leave `by <actor> as <user>` in the audit log", async () => {
    const token = await mintToken(issuer.url, {
      userId: ADMIN,
      orgId: ACME,
      impersonatorId: SUPPORT,
    });
    const created = await graphql(allowing.url, token, CREATE, { input: { title: "as Ada" } });
    expect(created.body.errors).toBeUndefined();
    const milestone = created.body.data?.createMilestone as { id: string; ownerId: string };
    // The change is the user's (it is their session); the audit says who was at the keys.
    expect(milestone.ownerId).toBe(ADMIN);

    const own = await mintToken(issuer.url, { userId: ADMIN, orgId: ACME });
    const mine = await graphql(allowing.url, own, CREATE, { input: { title: "own again" } });
    expect(mine.body.errors).toBeUndefined();
    const ownId = (mine.body.data?.createMilestone as { id: string }).id;

    const audit = await graphql(allowing.url, own, AUDIT);
    expect(audit.body.errors).toBeUndefined();
    const items = (
      audit.body.data?.auditLog as {
        items: { actorId: string; impersonatorId: string | null; targetId: string }[];
      }
    ).items;
    expect(items.find((entry) => entry.targetId === milestone.id)).toMatchObject({
      actorId: ADMIN,
      impersonatorId: SUPPORT,
      action: "milestone.create",
    });
    expect(items.find((entry) => entry.targetId === ownId)).toMatchObject({
      actorId: ADMIN,
      impersonatorId: null,
    });
  });
});
