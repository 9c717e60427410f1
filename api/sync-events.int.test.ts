/**
 * syncEvents through the real webhook path: the local issuer seeds the demo tenants and
 * sends svix-signed webhooks to the real webhook handler (behind the Function URL stand-in),
 * which records each delivery on DynamoDB Local; org admins then read their org's log
 * through the local AppSync endpoint with real tokens. Every delivery and the handler's
 * answer are noted on the way in, so each admin's log is compared with exactly the
 * deliveries that concern its org.
 */
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
import { startTestIssuer, TEST_WEBHOOK_SECRET } from "../local/testing/issuer";
import { clerkBody, mirrorReader, svixHeaders } from "../local/testing/webhooks";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;

let table: Table;
let receiver: FunctionUrlServer;
let issuer: Issuer;
let appsync: LocalAppSync;
const tokens: Record<string, string> = {};

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;

interface Noted {
  id: string;
  type: string;
  /** The org the test itself reads from the body (independently of the handler's rule). */
  orgId: string | undefined;
  outcome: string;
}
/** Every delivery that reached the handler, with its answer, in arrival order. */
const noted: Noted[] = [];

function orgOf(type: string, body: string): string | undefined {
  const data = (JSON.parse(body) as { data?: Record<string, unknown> }).data ?? {};
  if (type.startsWith("organization.")) return data.id as string;
  if (type.startsWith("organizationMembership."))
    return (data.organization as { id?: string } | undefined)?.id;
  if (type.startsWith("organizationInvitation.")) return data.organization_id as string;
  return undefined;
}

interface SyncEvent {
  id: string;
  type: string;
  objectId: string | null;
  outcome: string;
  reason: string | null;
  receivedAt: string;
}

const SYNC_EVENTS = `query ($limit: Int, $next: String) {
  syncEvents(limit: $limit, nextToken: $next) {
    items { id type objectId outcome reason receivedAt } nextToken
  }
}`;

const call = (actor: string, query: string, variables?: Record<string, unknown>) =>
  graphql(appsync.url, tokens[actor], query, variables);

/** An admin's whole log, page by page. */
async function syncLog(actor: string, limit = 3): Promise<SyncEvent[]> {
  const seen: SyncEvent[] = [];
  let next: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const answer: GraphQLAnswer = await call(actor, SYNC_EVENTS, { limit, next });
    expect(answer.body.errors).toBeUndefined();
    const page = answer.body.data?.syncEvents as { items: SyncEvent[]; nextToken: string | null };
    seen.push(...page.items);
    next = page.nextToken;
    if (!next) return seen;
  }
  throw new Error("more than 100 pages");
}

/** What an org's log must hold: the noted deliveries concerning it, as `id outcome`. */
const expectedFor = (orgId: string) =>
  noted
    .filter((d) => d.orgId === orgId)
    .map((d) => `${d.id} ${d.outcome}`)
    .sort();

/** Posts a signed delivery to the receiver over HTTP, as Svix would. */
async function post(svixId: string, body: string) {
  // A few ms apart, so that receiving times (the log's order) never tie.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const response = await fetch(receiver.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...svixHeaders(TEST_WEBHOOK_SECRET, svixId, body),
    },
    body,
  });
  return ((await response.json()) as { outcome: string }).outcome;
}

async function issuerCall(method: string, path: string, body?: unknown) {
  const response = await fetch(`${issuer.url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok).toBe(true);
  await issuer.webhooks.idle();
}

beforeAll(async () => {
  table = await createTestTable("sync-events");
  const handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(createDocumentClient(table.endpoint), table.tableName),
    log: () => {},
  });
  receiver = await startFunctionUrlServer({
    port: 0,
    path: "/webhooks/clerk",
    handler: async (event) => {
      const result = await handler(event);
      const body = event.body ?? "";
      const type = (JSON.parse(body) as { type: string }).type;
      noted.push({
        id: event.headers["svix-id"] ?? "",
        type,
        orgId: orgOf(type, body),
        outcome: (JSON.parse(result.body) as { outcome: string }).outcome,
      });
      return result;
    },
  });
  // The demo tenants arrive in the mirror through the webhooks, as in `npm run dev`.
  issuer = await startTestIssuer({ seed: true, webhookUrl: receiver.url });
  await issuer.webhooks.idle();
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

describe("syncEvents through the webhook path", () => {
  it("shows each org admin exactly the deliveries concerning its org, newest first", async () => {
    // Seeding sent users, both orgs, five memberships and Acme's pending invitation.
    expect(noted.filter((d) => d.orgId === ACME).length).toBeGreaterThanOrEqual(4);
    expect(noted.filter((d) => d.orgId === GLOBEX).length).toBeGreaterThanOrEqual(3);
    for (const [actor, orgId] of [
      ["acmeAdmin", ACME],
      ["globexAdmin", GLOBEX],
    ] as const) {
      const log = await syncLog(actor);
      expect(log.map((e) => `${e.id} ${e.outcome.toLowerCase()}`).sort()).toEqual(
        expectedFor(orgId),
      );
      const times = log.map((e) => e.receivedAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(log.every((e) => !e.type.startsWith("user."))).toBe(true);
      expect(log.some((e) => e.type === "organization.created" && e.objectId === orgId)).toBe(true);
    }
  });

  it("lists applied, duplicate and failed deliveries, the failure with its reason, to that org only", async () => {
    await issuerCall("PATCH", `/admin/memberships/${ACME}/${U.acmeMember2.id}`, {
      role: "org:admin",
    });
    const applied = noted.at(-1);
    expect(applied).toMatchObject({ type: "organizationMembership.updated", outcome: "applied" });

    const membership = {
      id: "orgmem_sync_test",
      object: "organization_membership",
      role: "org:member",
      updated_at: Date.now(),
      organization: { id: ACME, name: "Acme", slug: "acme" },
      public_user_data: { user_id: U.acmeMember2.id },
    };
    const body = clerkBody("organizationMembership.updated", membership);
    // Svix delivering the same message twice.
    expect(await post("msg_sync_twice", body)).toBe("applied");
    expect(await post("msg_sync_twice", body)).toBe("duplicate");
    // Verified, but of the wrong shape: no user, and a value that must not be echoed.
    const broken = clerkBody("organizationMembership.updated", {
      ...membership,
      role: "SECRET-ROLE-VALUE".repeat(30),
      public_user_data: null,
    });
    expect(await post("msg_sync_broken", broken)).toBe("failed");

    const [failed, duplicate, first, appliedEvent] = await syncLog("acmeAdmin", 4).then((log) =>
      log.slice(0, 4),
    );
    expect(failed).toMatchObject({
      id: "msg_sync_broken",
      type: "organizationMembership.updated",
      objectId: "orgmem_sync_test",
      outcome: "FAILED",
    });
    expect(failed?.reason).toMatch(/^data\.(role|public_user_data)/);
    expect(failed?.reason).toMatch(/public_user_data/);
    expect(failed?.reason).not.toContain("SECRET");
    expect(failed?.reason?.length).toBeLessThanOrEqual(200);
    expect(duplicate).toMatchObject({ id: "msg_sync_twice", outcome: "DUPLICATE", reason: null });
    expect(first).toMatchObject({ id: "msg_sync_twice", outcome: "APPLIED", reason: null });
    expect(appliedEvent).toMatchObject({ id: applied?.id, outcome: "APPLIED" });

    const globex = (await syncLog("globexAdmin")).map((e) => e.id);
    for (const id of ["msg_sync_twice", "msg_sync_broken", applied?.id])
      expect(globex).not.toContain(id);
    expect(globex.sort()).toEqual(expectedFor(GLOBEX).map((line) => line.split(" ")[0]));
  });

  it("keeps user.* deliveries in the global log only", async () => {
    await issuerCall("PATCH", `/admin/users/${U.acmeAdmin.id}`, { firstName: "Augusta" });
    const updated = noted.at(-1);
    expect(updated).toMatchObject({ type: "user.updated", outcome: "applied" });
    const global = await mirrorReader(table.doc, table.tableName).events();
    expect(global.map((e) => e.svixId)).toContain(updated?.id);
    const userIds = noted.filter((d) => d.type.startsWith("user.")).map((d) => d.id);
    expect(userIds.length).toBeGreaterThan(Object.keys(U).length - 1);
    for (const actor of ["acmeAdmin", "globexAdmin"]) {
      const ids = (await syncLog(actor, 100)).map((e) => e.id);
      for (const id of userIds) expect(ids).not.toContain(id);
    }
  });

  it("refuses it to members and personal scope, and a nextToken of another org or list", async () => {
    for (const actor of ["acmeMember", "acmeAdminPersonal"]) {
      const answer = await call(actor, SYNC_EVENTS);
      expect(answer.body.errors?.[0]?.errorType).toBe("Unauthorized");
      expect(answer.body.data).toEqual({ syncEvents: null });
    }
    const first = await call("acmeAdmin", SYNC_EVENTS, { limit: 1 });
    const token = (first.body.data?.syncEvents as { nextToken: string }).nextToken;
    expect(token).toEqual(expect.any(String));
    const foreign = await call("globexAdmin", SYNC_EVENTS, { limit: 1, next: token });
    expect(foreign.body.errors?.[0]?.errorType).toBe("ValidationError");
    expect(foreign.body.data).toEqual({ syncEvents: null });
    const otherList = await call(
      "acmeAdmin",
      "query ($next: String) { auditLog(nextToken: $next) { nextToken } }",
      { next: token },
    );
    expect(otherList.body.errors?.[0]?.errorType).toBe("ValidationError");
    const tampered = await call("acmeAdmin", SYNC_EVENTS, { limit: 1, next: `${token}x` });
    expect(tampered.body.errors?.[0]?.errorType).toMatch(
      /ValidationError|DynamoDB:ValidationException/,
    );
    // Where it came from, it pages on.
    const second = await call("acmeAdmin", SYNC_EVENTS, { limit: 1, next: token });
    expect(second.body.errors).toBeUndefined();
    const [a] = (first.body.data?.syncEvents as { items: SyncEvent[] }).items;
    const [b] = (second.body.data?.syncEvents as { items: SyncEvent[] }).items;
    expect(b?.receivedAt && a?.receivedAt && b.receivedAt <= a.receivedAt).toBe(true);
    expect(b?.id === a?.id && b?.outcome === a?.outcome).toBe(false);
  });

  it.each([0, 101, -5])("refuses limit %i", async (limit) => {
    const answer = await call("acmeAdmin", SYNC_EVENTS, { limit });
    expect(answer.body.errors?.[0]?.errorType).toBe("ValidationError");
  });
});
