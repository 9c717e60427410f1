/**
 * Test helpers for the webhook path: Clerk envelopes, real svix signatures, Function URL
 * events, and a reader of the mirror through its designed keys.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { Webhook } from "svix";
import { keys, toQueryParams } from "../../core/table";

export const OTHER_SECRET = "whsec_b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0wMDA=";

/** Clerk's envelope, serialized as Clerk would send it. */
export function clerkBody(type: string, data: unknown, timestamp = Date.now()) {
  return JSON.stringify({
    data,
    event_attributes: { http_request: { client_ip: "127.0.0.1", user_agent: "test" } },
    instance_id: "ins_test",
    object: "event",
    timestamp,
    type,
  });
}

export interface DeliveryOptions {
  secret: string;
  svixId: string;
  body: string;
  /** When the delivery was signed. @default now */
  signedAt?: Date;
  method?: string;
  base64?: boolean;
  /** Leave these svix headers out. */
  omit?: ("svix-id" | "svix-timestamp" | "svix-signature")[];
  /** Header name casing as sent. @default lower */
  upperCaseHeaders?: boolean;
}

/** The svix headers of a delivery, signed for real. */
export function svixHeaders(secret: string, svixId: string, body: string, signedAt = new Date()) {
  return {
    "svix-id": svixId,
    "svix-timestamp": String(Math.floor(signedAt.getTime() / 1000)),
    "svix-signature": new Webhook(secret).sign(svixId, signedAt, body),
  };
}

/** A Function URL (payload 2.0) event carrying a signed delivery. */
export function functionUrlEvent(options: DeliveryOptions) {
  const signed = svixHeaders(options.secret, options.svixId, options.body, options.signedAt);
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const [name, value] of Object.entries(signed)) {
    if (options.omit?.includes(name as keyof typeof signed)) continue;
    headers[options.upperCaseHeaders ? name.toUpperCase() : name] = value;
  }
  return {
    version: "2.0",
    rawPath: "/webhooks/clerk",
    headers,
    body: options.base64 ? Buffer.from(options.body).toString("base64") : options.body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: { http: { method: options.method ?? "POST", path: "/webhooks/clerk" } },
  };
}

/**
 * The same delivery as API Gateway's REST proxy integration hands it to Lambda (payload
 * format 1.0, what the deployed webhook receives): `httpMethod`, headers in the sender's
 * case, no `requestContext.http`.
 */
export function apiGatewayEvent(options: DeliveryOptions) {
  const { headers, body, isBase64Encoded } = functionUrlEvent(options);
  return {
    resource: "/webhooks/clerk",
    path: "/webhooks/clerk",
    httpMethod: options.method ?? "POST",
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourcePath: "/webhooks/clerk",
      httpMethod: options.method ?? "POST",
      stage: "v1",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      identity: { sourceIp: "44.228.126.217", userAgent: "Svix-Webhooks/1.0" },
    },
    body,
    isBase64Encoded,
  };
}

/** Reads the mirror through the designed keys only (what the API will do). */
export function mirrorReader(doc: DynamoDBDocumentClient, tableName: string) {
  const get = async (key: { PK: string; SK: string }) =>
    (await doc.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const query = async (spec: Parameters<typeof toQueryParams>[0]) => {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          ...toQueryParams(spec),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  return {
    user: (id: string) => get(keys.user(id)),
    org: (id: string) => get(keys.org(id)),
    membership: (orgId: string, userId: string) =>
      get({ PK: keys.membership(orgId, userId).PK, SK: keys.membership(orgId, userId).SK }),
    membershipTombstone: (orgId: string, userId: string) =>
      get(keys.membershipTombstone(orgId, userId)),
    /** `userId → role` of an org's members. */
    orgMembers: async (orgId: string) =>
      Object.fromEntries(
        (await query(keys.orgMembers(orgId))).map((m) => [String(m.userId), String(m.role)]),
      ),
    invitation: (orgId: string, invitationId: string) => get(keys.invitation(orgId, invitationId)),
    /** An org's pending invitations, newest first: the one Query Query.orgInvitations makes. */
    pendingInvitations: (orgId: string) => query(keys.orgInvitations(orgId)),
    /** `orgId → role` of a user's orgs. */
    userOrgs: async (userId: string) =>
      Object.fromEntries(
        (await query(keys.userOrgs(userId))).map((m) => [String(m.orgId), String(m.role)]),
      ),
    events: () => query(keys.webhookEvents()),
    /** The sync log of one org (GSI2), newest first. */
    orgEvents: (orgId: string) => query(keys.orgSyncEvents(orgId)),
    event: (svixId: string) => get({ PK: `WEBHOOK#${svixId}`, SK: "EVENT" }),
  };
}
