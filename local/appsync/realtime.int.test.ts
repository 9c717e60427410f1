/**
 * The local real-time endpoint's protocol, message by message (AppSync's "Building a
 * real-time WebSocket client"), and bad input: each refused message gets AppSync's `error`
 * shape and leaves the connection, its subscriptions and the server working.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../api/resolvers";
import { createIamGraphQLClient } from "../../lambdas/appsync-iam/client";
import { PUBLISH_MILESTONE_CHANGE } from "../../lambdas/live/app";
import type { Issuer } from "../issuer/server";
import { DEMO } from "../issuer/seed";
import { createTestTable } from "../testing/dynamodb";
import { startTestIssuer } from "../testing/issuer";
import { MAX_MESSAGE_BYTES } from "./realtime";
import { startLocalAppSync, type LocalAppSync } from "./server";
import { graphql, mintToken } from "./testing/client";
import { initialize, openRealtime, start, type RealtimeClient } from "./testing/realtime-client";
import { createHandler } from "../../lambdas/authorizer/authorizer";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
let token: string;
const USER = DEMO.users.personal.id;
const INTERNAL = { accessKeyId: "TESTINTERNALKEY0002", secretAccessKey: "test-internal-secret-2" };
const SUBSCRIBE = `subscription { onMilestoneChanged { kind milestoneId } }`;

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("realtime"),
    startTestIssuer({ seed: true }),
  ]);
  appsync = await startLocalAppSync({
    api: { ...api, environment: { TABLE_NAME: table.tableName } },
    port: 0,
    dynamodb: { client: table.client, tableName: table.tableName },
    authorizer: createHandler(
      {
        CLERK_JWKS_URL: issuer.jwksUrl,
        CLERK_ISSUER: issuer.url,
        CLERK_AUTHORIZED_PARTIES: "http://localhost:3000",
      },
      { log: () => {} },
    ),
    iam: INTERNAL,
    realtime: { keepAliveMs: 50 },
  });
  token = await mintToken(issuer.url, { userId: USER });
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

async function ready(): Promise<RealtimeClient> {
  const client = await openRealtime(appsync.realtimeUrl, token);
  expect((await initialize(client)).type).toBe("connection_ack");
  return client;
}

const errorOf = (client: RealtimeClient, from: number) =>
  client.next((m) => m.type === "error", 5000, from);

/** The connection still works: a fresh subscription is acknowledged and receives. */
async function stillWorks(client: RealtimeClient, id: string) {
  expect(await start(client, id, token, SUBSCRIBE)).toEqual({ type: "start_ack", id });
  const publish = createIamGraphQLClient({
    url: appsync.url,
    region: "local",
    credentials: INTERNAL,
  });
  const milestoneId = `ms_${id}`;
  await publish(PUBLISH_MILESTONE_CHANGE, {
    change: {
      kind: "DELETED",
      milestoneId,
      milestone: null,
      actorId: USER,
      orgId: null,
      audience: `USER#${USER}`,
      at: new Date().toISOString(),
    },
  });
  const data = await client.next((m) => m.type === "data" && m.id === id);
  expect(data.payload?.data).toEqual({ onMilestoneChanged: { kind: "DELETED", milestoneId } });
}

describe("the real-time protocol", () => {
  it("acknowledges connection_init with connectionTimeoutMs and keeps the connection alive with ka", async () => {
    const client = await openRealtime(appsync.realtimeUrl, token);
    const ack = await initialize(client);
    expect(ack).toEqual({ type: "connection_ack", payload: { connectionTimeoutMs: 300_000 } });
    const first = client.messages.indexOf(ack);
    await client.next((m) => m.type === "ka", 5000, first + 1);
    const second = client.messages.findIndex((m, i) => i > first && m.type === "ka");
    await client.next((m) => m.type === "ka", 5000, second + 1);
    client.close();
  });

  it("start → start_ack → data, stop → complete, and nothing after the stop", async () => {
    const client = await ready();
    await stillWorks(client, "one");
    client.send({ type: "stop", id: "one" });
    expect(await client.next((m) => m.type === "complete")).toEqual({
      type: "complete",
      id: "one",
    });
    await stillWorks(client, "two");
    await client.barrier();
    expect(client.messages.filter((m) => m.type === "data" && m.id === "one")).toHaveLength(1);
    client.close();
  });

  it("refuses a connection without the graphql-ws subprotocol", async () => {
    const client = await openRealtime(appsync.realtimeUrl, token, { protocol: null });
    const refused = await client.next((m) => m.type === "connection_error");
    expect(refused.payload?.errors?.[0]).toEqual({
      message: "SubProtocolNotSupportedError",
      errorCode: 400,
    });
    expect(await client.closed).toBe(1002);
  });
});

describe("bad input: AppSync's error, the connection otherwise unaffected", () => {
  it("a start before connection_init", async () => {
    const client = await openRealtime(appsync.realtimeUrl, token);
    const answer = await start(client, "early", token, SUBSCRIBE);
    expect(answer).toEqual({
      type: "error",
      id: "early",
      payload: {
        errors: [{ errorType: "UnsupportedOperation", message: "start before connection_init" }],
      },
    });
    expect((await initialize(client)).type).toBe("connection_ack");
    await stillWorks(client, "after-early");
    client.close();
  });

  it("malformed JSON, a message without a type, an unknown type, binary frames", async () => {
    const client = await ready();
    let from = client.messages.length;
    client.sendRaw("{not json");
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "BadRequestException",
    );
    from = client.messages.length;
    client.send({ id: "x" });
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "BadRequestException",
    );
    from = client.messages.length;
    client.send({ type: "subscribe", id: "y" });
    expect(await errorOf(client, from)).toEqual({
      type: "error",
      id: "y",
      payload: {
        errors: [
          {
            errorType: "UnsupportedOperation",
            message: "subscribe not supported through the realtime channel",
          },
        ],
      },
    });
    from = client.messages.length;
    client.sendRaw(Buffer.from(JSON.stringify({ type: "connection_init" })));
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "BadRequestException",
    );
    await stillWorks(client, "after-junk");
    client.close();
  });

  it("a stop for an unknown id, a duplicated id, a start that is no subscription or not GraphQL", async () => {
    const client = await ready();
    let from = client.messages.length;
    client.send({ type: "stop", id: "nobody" });
    expect(await errorOf(client, from)).toMatchObject({
      type: "error",
      id: "nobody",
      payload: { errors: [{ errorType: "UnknownOperationError" }] },
    });
    expect(await start(client, "dup", token, SUBSCRIBE)).toEqual({ type: "start_ack", id: "dup" });
    from = client.messages.length;
    client.send({
      id: "dup",
      type: "start",
      payload: {
        data: JSON.stringify({ query: SUBSCRIBE }),
        extensions: { authorization: { Authorization: token } },
      },
    });
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "DuplicatedOperationError",
    );
    const query = await start(client, "query", token, "query { me { userId } }");
    expect(query.payload?.errors?.[0]).toEqual({
      errorType: "UnsupportedOperation",
      message: "query not supported through the realtime channel",
    });
    const syntax = await start(client, "syntax", token, "subscription {");
    expect(syntax.payload?.errors?.[0]?.errorType).toBe("InvalidSyntax");
    const unknownField = await start(client, "field", token, "subscription { nothing }");
    expect(unknownField.payload?.errors?.[0]?.errorType).toBe("ValidationError");
    from = client.messages.length;
    client.send({ id: "nodata", type: "start", payload: { data: "not json", extensions: {} } });
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "BadRequestException",
    );
    // The first subscription kept working throughout.
    await stillWorks(client, "after-refusals");
    expect(client.messages.filter((m) => m.type === "data" && m.id === "dup")).toHaveLength(1);
    client.close();
  });

  it("an oversized message", async () => {
    const client = await ready();
    const from = client.messages.length;
    client.send({
      id: "big",
      type: "start",
      payload: {
        data: JSON.stringify({
          query: SUBSCRIBE,
          variables: { pad: "x".repeat(MAX_MESSAGE_BYTES) },
        }),
        extensions: { authorization: { Authorization: token } },
      },
    });
    expect((await errorOf(client, from)).payload?.errors?.[0]?.errorType).toBe(
      "LimitExceededError",
    );
    await stillWorks(client, "after-big");
    client.close();
  });

  it("leaves the server serving HTTP and new connections", async () => {
    const answer = await graphql(appsync.url, token, "query { me { userId } }");
    expect(answer.body.data).toEqual({ me: { userId: USER } });
    const client = await ready();
    await stillWorks(client, "fresh");
    client.close();
  });
});
