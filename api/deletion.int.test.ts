/**
 * Deletions as the API shows them, through the real path (local issuer → svix-signed
 * webhooks → webhook handler → DynamoDB Local → local AppSync with the real resolvers):
 * a deleted user's org milestones stay and are owned by "Deleted user", `me` of a
 * tombstoned id answers "Deleted user", and a removed membership's old `created`,
 * replayed under a new svix id after every TTL has passed, gives no access back.
 */
import { DeleteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "../core/table";
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
import { waitFor } from "../local/testing/wait";
import { startTestIssuer, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { scanAll } from "../local/testing/mirror-truth";
import { functionUrlEvent } from "../local/testing/webhooks";
import { api } from "./resolvers";

let table: Awaited<ReturnType<typeof createTestTable>>;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync;
let webhook: ReturnType<typeof createWebhookHandler>;
/** Every body the receiver got, with its type, in order. */
const received: { type: string; body: string }[] = [];

const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin.id;
const GRACE = DEMO.users.acmeMember1.id;
const ALAN = DEMO.users.acmeMember2.id;

const getItem = async (key: { PK: string; SK: string }) =>
  (
    await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: key.PK, SK: key.SK },
        ConsistentRead: true,
      }),
    )
  ).Item;

beforeAll(async () => {
  table = await createTestTable("deletion");
  webhook = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
    log: () => {},
  });
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: async (event) => {
      if (event.body) {
        const text = event.isBase64Encoded
          ? Buffer.from(event.body, "base64").toString("utf8")
          : event.body;
        received.push({ type: (JSON.parse(text) as { type: string }).type, body: text });
      }
      return webhook(event);
    },
  });
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  appsync = await startTestAppSync({ api, table, issuer });
  const { PK, SK } = keys.membership(ACME, ALAN);
  if (!(await waitFor(async () => (await getItem({ PK, SK })) !== undefined, 10_000)))
    throw new Error("the demo memberships never reached the mirror");
  const grace = keys.membership(ACME, GRACE);
  if (!(await waitFor(async () => (await getItem(grace)) !== undefined, 10_000)))
    throw new Error("the demo memberships never reached the mirror");
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await receiver?.close();
  await table?.drop();
});

async function issuerCall(method: string, path: string) {
  const response = await fetch(`${issuer.url}${path}`, { method });
  expect(response.ok).toBe(true);
}

describe("a deleted user, as the API shows them", () => {
  it("their org milestones stay, owned by 'Deleted user'; me answers 'Deleted user'", async () => {
    const graceToken = await mintToken(issuer.url, { userId: GRACE, orgId: ACME });
    const created = await graphql(
      appsync.url,
      graceToken,
      `
        mutation {
          createMilestone(input: { title: "Grace's launch" }) {
            id
            owner {
              name
            }
          }
        }
      `,
    );
    expect(created.body.errors).toBeUndefined();
    const id = (created.body.data?.createMilestone as { id: string }).id;

    const personalToken = await mintToken(issuer.url, { userId: GRACE });
    await issuerCall("DELETE", `/admin/users/${GRACE}`);
    expect(
      await waitFor(async () => (await getItem(keys.user(GRACE)))?.deleted === true, 5_000),
    ).toBe(true);

    const adaToken = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
    const read = await graphql(
      appsync.url,
      adaToken,
      `
        query ($id: ID!) {
          milestone(id: $id) {
            id
            ownerId
            owner {
              id
              name
              imageUrl
            }
          }
        }
      `,
      { id },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.milestone).toEqual({
      id,
      ownerId: GRACE,
      owner: { id: GRACE, name: "Deleted user", imageUrl: null },
    });

    // Their own token, minted before the deletion and still valid: the profile is gone.
    const me = await graphql(
      appsync.url,
      personalToken,
      "{ me { userId firstName lastName email } }",
    );
    expect(me.body.data?.me).toEqual({
      userId: GRACE,
      firstName: "Deleted user",
      lastName: null,
      email: null,
    });
    // And nothing in the table carries Grace's email any more.
    const email = DEMO.users.acmeMember1.email;
    const withEmail = (await scanAll(table.doc, table.tableName)).filter((item) =>
      JSON.stringify(item).includes(email),
    );
    expect(withEmail).toEqual([]);
  });

  it("a removed member's old membership.created, replayed after the TTLs, gives no access back", async () => {
    const created = received.find(
      (r) =>
        r.type === "organizationMembership.created" &&
        r.body.includes(`"user_id":"${ALAN}"`) &&
        r.body.includes(`"id":"${ACME}"`),
    );
    if (!created) throw new Error("Alan's membership.created was never received");
    const token = await mintToken(issuer.url, { userId: ALAN, orgId: ACME });
    const errorType = async () =>
      (await graphql(appsync.url, token, "{ milestones { nextToken } }")).body.errors?.[0]
        ?.errorType ?? null;
    expect(await errorType()).toBeNull();

    await issuerCall("DELETE", `/admin/memberships/${ACME}/${ALAN}`);
    expect(await waitFor(async () => (await errorType()) === "Unauthorized", 5_000)).toBe(true);

    // Every item with a TTL gone, as after its time: the dedupe records, not the tombstones.
    for (const item of await scanAll(table.doc, table.tableName)) {
      if (item.expiresAt === undefined) continue;
      await table.doc.send(
        new DeleteCommand({ TableName: table.tableName, Key: { PK: item.PK, SK: item.SK } }),
      );
    }
    const replay = await webhook(
      functionUrlEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_replayed_membership",
        body: created.body,
      }),
    );
    expect(JSON.parse(replay.body)).toEqual({ ok: true, outcome: "stale" });
    expect(await getItem(keys.membership(ACME, ALAN))).toBeUndefined();
    // The same still-valid token, on its next request: refused.
    expect(await errorType()).toBe("Unauthorized");
  });
});
