/**
 * An expired token: accepted while valid, refused (401) once past `exp` and the authorizer's
 * 5 s skew, even though its earlier decision was cached by the endpoint.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("expired"),
    startTestIssuer({ seed: true, tokenLifetimeSeconds: 1 }),
  ]);
  appsync = await startTestAppSync({ api, table, issuer });
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: membershipItem({
        orgId: DEMO.orgs.acme.id,
        userId: DEMO.users.acmeAdmin.id,
        role: "org:admin",
        updatedAt: 1,
      }),
    }),
  );
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

it("refuses an expired token with 401, although it was accepted before", async () => {
  const response = await fetch(`${issuer.url}/admin/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: DEMO.users.acmeAdmin.id, orgId: DEMO.orgs.acme.id }),
  });
  const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: number };
  const query = "{ milestones { nextToken } }";
  const fresh = await graphql(appsync.url, token, query);
  expect(fresh.status).toBe(200);
  expect(fresh.body.errors).toBeUndefined();

  // Past exp and the authorizer's 5 s of skew.
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, expiresAt * 1000 + 6_500 - Date.now())),
  );
  const expired = await graphql(appsync.url, token, query);
  expect(expired.status).toBe(401);
  expect(expired.body.errors?.[0]?.errorType).toBe("UnauthorizedException");
}, 20_000);
