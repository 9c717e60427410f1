import { createClerkClient } from "@clerk/backend";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFunctionUrlServer } from "../../local/function-url";
import type { Issuer } from "../../local/issuer/server";
import { createTestTable } from "../../local/testing/dynamodb";
import { runRandomHistory } from "../../local/testing/history";
import { startTestIssuer, TEST_SECRET_KEY, TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { diffMirror } from "../../local/testing/mirror-truth";
import { createRandom } from "../../local/testing/random";
import { clerkBody, functionUrlEvent, mirrorReader } from "../../local/testing/webhooks";
import { createWebhookHandler } from "./app";
import { createMirrorStore } from "./mirror-store";
import { clerkDirectory, reconcileMirror } from "./reconcile";

const SEED = Number(process.env.RECONCILE_SEED ?? 4_242);
let table: Awaited<ReturnType<typeof createTestTable>>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  table = await createTestTable("reconcile");
});
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
  await table.drop();
});

// The first test sends ~420 deliveries and reads the whole mirror back: 9–10 s alone, but it
// shares the run's one DynamoDB Local with the chaos test and the 12,000-item org cleanup, and
// timed out at the default 30 s beside them (CI, 2 cores). A bound on how long it may wait,
// not a timing under test.
describe("npm run reconcile", { timeout: 120_000 }, () => {
  it("converges a mirror that missed 20 % of its deliveries, and a second run changes nothing", async () => {
    const random = createRandom(SEED);
    const store = createMirrorStore(table.doc, table.tableName);
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    let dropped = 0;
    let delivered = 0;
    // Lost deliveries: answered 200 (so never retried) without reaching the handler.
    const receiver = await startFunctionUrlServer({
      port: 0,
      path: "/webhooks/clerk",
      handler: async (event) => {
        if (random.chance(0.2)) {
          dropped++;
          return { statusCode: 200, body: "" };
        }
        delivered++;
        return handler(event);
      },
    });
    cleanups.push(() => receiver.close());
    const issuer: Issuer = await startTestIssuer({ webhookUrl: receiver.url });
    cleanups.push(() => issuer.close());

    let emitted = 0;
    const history = runRandomHistory(issuer.directory, random, () => ++emitted > 500, {
      prefix: "r",
      maxLiveUsers: 25,
      maxLiveOrgs: 6,
    });
    await issuer.webhooks.idle();
    const truth = {
      directory: issuer.directory,
      userIds: history.users,
      orgIds: history.orgs,
      avatarUrl: (id: string) => `${issuer.url}/avatars/${id}.svg`,
      deletedMayBeAbsent: true,
    };
    const before = await diffMirror(table.doc, table.tableName, truth);
    expect(dropped / (dropped + delivered)).toBeGreaterThan(0.15);
    expect(before.mismatches.length).toBeGreaterThan(0); // the losses show

    const clerk = clerkDirectory(
      createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url }),
    );
    const summary = await reconcileMirror({ clerk, store });
    const after = await diffMirror(table.doc, table.tableName, truth);
    console.log(
      `reconcile figures: ${JSON.stringify({ seed: SEED, delivered, dropped, mismatchesBefore: before.mismatches.length, summary, mismatchesAfter: after.mismatches.length })}`,
    );
    expect(after.mismatches).toEqual([]);
    expect(summary.created + summary.updated + summary.removed).toBeGreaterThan(0);

    const again = await reconcileMirror({ clerk, store });
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
    expect(again.unchanged).toBe(
      again.read.users + again.read.orgs + again.read.memberships + again.read.invitations,
    );
  });

  it("never clobbers newer state, and keeps deleted users deleted", async () => {
    const store = createMirrorStore(table.doc, table.tableName);
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    const issuer: Issuer = await startTestIssuer();
    cleanups.push(() => issuer.close());
    const d = issuer.directory;
    const user = d.createUser({ id: "user_newer", firstName: "Old", email: "newer@x.test" });
    d.createUser({ id: "user_gone", firstName: "Gone", email: "gone@x.test" });
    // The mirror already holds a newer version (a webhook Clerk sent after our read)…
    const newer = {
      object: "user",
      id: "user_newer",
      first_name: "New",
      updated_at: user.updatedAt + 1_000,
      email_addresses: [],
    };
    const body = clerkBody("user.updated", newer);
    expect(
      (await handler(functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_newer", body })))
        .statusCode,
    ).toBe(200);
    // …and a tombstone for a user Clerk still lists (say, a deletion in flight).
    const deleted = clerkBody("user.deleted", { object: "user", id: "user_gone", deleted: true });
    await handler(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_gone", body: deleted }),
    );

    const clerk = clerkDirectory(
      createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url }),
    );
    await reconcileMirror({ clerk, store });
    const mirror = mirrorReader(table.doc, table.tableName);
    expect(await mirror.user("user_newer")).toMatchObject({ firstName: "New" });
    expect(await mirror.user("user_gone")).toMatchObject({ deleted: true });
  });

  it("brings in missed invitations, pending or final, and never revives one the mirror ended", async () => {
    const store = createMirrorStore(table.doc, table.tableName);
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    // No webhook URL: the mirror missed everything.
    const issuer: Issuer = await startTestIssuer();
    cleanups.push(() => issuer.close());
    const d = issuer.directory;
    d.createOrg({ id: "org_recinv", name: "Reconciled", slug: "reconciled" });
    const kept = d.createInvitation({
      orgId: "org_recinv",
      email: "kept@x.test",
      role: "org:member",
    });
    const revoked = d.createInvitation({
      orgId: "org_recinv",
      email: "rev@x.test",
      role: "org:member",
    });
    d.revokeInvitation("org_recinv", revoked.id);
    const accepted = d.createInvitation({
      orgId: "org_recinv",
      email: "acc@x.test",
      role: "org:admin",
    });
    d.acceptInvitation(accepted.id, { firstName: "Acc" });
    const ended = d.createInvitation({
      orgId: "org_recinv",
      email: "end@x.test",
      role: "org:member",
    });
    // The mirror already knows `ended` as revoked (a webhook newer than Clerk's list).
    const later = {
      ...d.invitationJson(ended),
      status: "revoked",
      updated_at: ended.updatedAt + 1_000,
    };
    const body = clerkBody("organizationInvitation.revoked", later);
    expect(
      (await handler(functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_recinv", body })))
        .statusCode,
    ).toBe(200);

    const clerk = clerkDirectory(
      createClerkClient({ secretKey: TEST_SECRET_KEY, apiUrl: issuer.url }),
    );
    const summary = await reconcileMirror({ clerk, store });
    expect(summary.read.invitations).toBe(4);
    const mirror = mirrorReader(table.doc, table.tableName);
    expect((await mirror.pendingInvitations("org_recinv")).map((i) => [i.id, i.email])).toEqual([
      [kept.id, "kept@x.test"],
    ]);
    for (const [invitation, status] of [
      [revoked, "revoked"],
      [accepted, "accepted"],
      [ended, "revoked"],
    ] as const) {
      const item = await mirror.invitation("org_recinv", invitation.id);
      expect(item).toMatchObject({ status, deleted: true });
      expect(item).not.toHaveProperty("email");
    }
    const again = await reconcileMirror({ clerk, store });
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });
});
