/**
 * The milestone server actions and the page loader against the real API: the local AppSync
 * endpoint with the real authorizer and resolvers on DynamoDB Local, tokens from the local
 * issuer. Only the session (a cookie in Next) and revalidatePath (Next's cache) are stand-ins.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { api as apiDefinition } from "../../../api/resolvers";
import { membershipItem } from "../../../core/mirror";
import type { LocalAppSync } from "../../../local/appsync/server";
import { mintToken } from "../../../local/appsync/testing/client";
import { startTestAppSync } from "../../../local/appsync/testing/endpoint";
import type { Issuer } from "../../../local/issuer/server";
import { DEMO } from "../../../local/issuer/seed";
import { createTestTable } from "../../../local/testing/dynamodb";
import { startTestIssuer } from "../../../local/testing/issuer";
import type { Session } from "../session";

const revalidatePath = vi.hoisted(() => vi.fn());
vi.mock("next/cache", () => ({ revalidatePath }));

const session = vi.hoisted(() => ({ current: null as Session | null }));
vi.mock("../session", () => ({
  getSession: () => Promise.resolve(session.current),
  requireSession: () => Promise.resolve(session.current),
}));

const ACME = DEMO.orgs.acme.id;
const U = DEMO.users;

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;

function signIn(userId: string, orgId: string | null, role: "admin" | "member" | null) {
  session.current = {
    mode: "local",
    user: { id: userId, name: userId, email: `${userId}@test` },
    orgId,
    role,
    getToken: () => mintToken(issuer.url, { userId, ...(orgId ? { orgId } : {}) }),
  };
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("actions"),
    startTestIssuer({ seed: true }),
  ]);
  appsync = await startTestAppSync({ api: apiDefinition, table, issuer });
  process.env.WAYPOINT_API_URL = appsync.url;
  for (const [userId, role] of [
    [U.acmeAdmin.id, "org:admin"],
    [U.acmeMember1.id, "org:member"],
    [U.acmeMember2.id, "org:member"],
  ] as const) {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: membershipItem({ orgId: ACME, userId, role, updatedAt: Date.now() }),
      }),
    );
  }
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

beforeEach(() => {
  revalidatePath.mockClear();
  session.current = null;
});

// Imported after the mocks are in place (vi.mock is hoisted; this keeps the order obvious).
const actions = await import("./actions");
const { loadMilestonePage } = await import("./listing");
const { api } = await import("../api");
const { DEFAULT_TABLE_STATE, withNextPage, withQuery } = await import("./table-state");

async function create(title: string, status = "PLANNED") {
  const result = await actions.createMilestoneAction({ title, status });
  if (!result.ok) throw new Error(result.error.message);
  return result.milestone;
}

describe("milestone server actions on the real API", () => {
  it("creates, revalidates, and refuses invalid input with field messages", async () => {
    signIn(U.acmeMember1.id, ACME, "member");
    const created = await create("  Grace's launch  ");
    expect(created).toMatchObject({
      title: "Grace's launch",
      ownerId: U.acmeMember1.id,
      version: 1,
    });
    expect(revalidatePath).toHaveBeenCalledWith("/milestones");

    const invalid = await actions.createMilestoneAction({
      title: "",
      description: "d".repeat(10_000),
      dueDate: "2027-02-30",
    });
    expect(invalid).toEqual({
      ok: false,
      error: {
        type: "ValidationError",
        message: "Title is required",
        fieldErrors: {
          title: "Title is required",
          description: "Description must be at most 5000 characters",
          dueDate: "Due date must be a valid date (YYYY-MM-DD)",
        },
      },
    });
  });

  it("a stale version is a ConflictError that says someone else changed it", async () => {
    signIn(U.acmeMember1.id, ACME, "member");
    const milestone = await create("Contested");
    signIn(U.acmeAdmin.id, ACME, "admin");
    const first = await actions.updateMilestoneAction(milestone.id, milestone.version, {
      status: "DONE",
    });
    expect(first).toMatchObject({ ok: true, milestone: { status: "DONE", version: 2 } });
    expect(revalidatePath).toHaveBeenCalledWith(`/milestones/${milestone.id}`);

    signIn(U.acmeMember1.id, ACME, "member");
    const stale = await actions.updateMilestoneAction(milestone.id, milestone.version, {
      title: "Mine",
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error.type).toBe("ConflictError");
      expect(stale.error.message).toContain("changed by someone else");
    }
  });

  it("a member may not change another member's milestone: a clear denial", async () => {
    signIn(U.acmeMember1.id, ACME, "member");
    const milestone = await create("Grace's own");
    signIn(U.acmeMember2.id, ACME, "member");
    const denied = await actions.updateMilestoneAction(milestone.id, milestone.version, {
      status: "BLOCKED",
    });
    expect(denied).toEqual({
      ok: false,
      error: {
        type: "Unauthorized",
        message: "Only the owner or a holder of org:milestones:manage may change this milestone.",
      },
    });
    const deleteDenied = await actions.deleteMilestoneAction(milestone.id, milestone.version);
    expect(deleteDenied.ok).toBe(false);
    const bulkDenied = await actions.deleteMilestonesAction([milestone.id]);
    expect(bulkDenied).toMatchObject({ ok: false, error: { type: "Unauthorized" } });
  });

  it("bulk delete: one result per id; the found ones go together, unknown ids are NotFound", async () => {
    signIn(U.acmeAdmin.id, ACME, "admin");
    const a = await create("Bulk A");
    const b = await create("Bulk B");
    const first = await actions.deleteMilestonesAction([a.id, "01NOTANIDOFTHISORG000000000"]);
    expect(first).toEqual({
      ok: true,
      results: [
        { id: a.id, deleted: true, errorType: null, message: null },
        {
          id: "01NOTANIDOFTHISORG000000000",
          deleted: false,
          errorType: "NotFound",
          message: "Milestone not found",
        },
      ],
    });
    expect(await api.milestone(a.id)).toBeNull();
    expect(revalidatePath).toHaveBeenCalledWith("/milestones");

    const second = await actions.deleteMilestonesAction([a.id, b.id]);
    expect(second).toMatchObject({
      ok: true,
      results: [
        { id: a.id, deleted: false, errorType: "NotFound" },
        { id: b.id, deleted: true },
      ],
    });
    expect(await api.milestone(b.id)).toBeNull();
    expect(
      await actions.deleteMilestonesAction(Array.from({ length: 26 }, (_, i) => `m${i}`)),
    ).toMatchObject({
      ok: false,
      error: { type: "ValidationError", message: "Select at most 25 milestones" },
    });
  });

  it("bulk edit: per-row results on the real API; bad input refused before any call", async () => {
    signIn(U.acmeMember1.id, ACME, "member");
    const own = await create("Bulk edit own");
    signIn(U.acmeMember2.id, ACME, "member");
    const others = await create("Bulk edit other's");
    signIn(U.acmeMember1.id, ACME, "member");
    const result = await actions.updateMilestonesAction(
      [
        { id: own.id, expectedVersion: own.version },
        { id: others.id, expectedVersion: others.version },
      ],
      { status: "DONE", dueDate: "2030-02-01" },
    );
    expect(result).toMatchObject({
      ok: true,
      results: [
        { id: own.id, updated: true, version: 2, errorType: null },
        { id: others.id, updated: false, errorType: "Unauthorized" },
      ],
    });
    expect(await api.milestone(own.id)).toMatchObject({ status: "DONE", dueDate: "2030-02-01" });
    expect(await api.milestone(others.id)).toMatchObject({ status: "PLANNED", version: 1 });
    expect(revalidatePath).toHaveBeenCalledWith("/milestones");

    revalidatePath.mockClear();
    const target = [{ id: own.id, expectedVersion: 2 }];
    for (const [items, input, message] of [
      [target, {}, "Choose at least one change"],
      [target, { status: "LATER" }, "Unknown status"],
      [target, { title: "renamed" }, undefined],
      [[], { status: "DONE" }, "Select at least one milestone"],
      [[...target, ...target], { status: "DONE" }, "Each milestone may be selected only once"],
      [
        Array.from({ length: 26 }, (_, i) => ({ id: `m${i}`, expectedVersion: 1 })),
        { status: "DONE" },
        "Select at most 25 milestones",
      ],
    ] as const) {
      const refused = await actions.updateMilestonesAction(items, input);
      expect(refused).toMatchObject({ ok: false, error: { type: "ValidationError" } });
      if (message && !refused.ok) expect(refused.error.message).toBe(message);
    }
    expect(revalidatePath).not.toHaveBeenCalled();
    expect(await api.milestone(own.id)).toMatchObject({ status: "DONE", version: 2 });
  });

  it("signed out: a typed error, no throw", async () => {
    expect(await actions.deleteMilestoneAction("x", 1)).toEqual({
      ok: false,
      error: { type: "Unauthorized", message: "Your session has ended. Sign in again." },
    });
  });
});

describe("the page loader on the real API", () => {
  it("pages a multi-status filter with real nextTokens, without gaps or repeats", async () => {
    signIn(U.personal.id, null, null);
    const statuses = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"] as const;
    const made: { id: string; status: string }[] = [];
    for (let index = 0; index < 23; index++) {
      const milestone = await create(`Personal ${index}`, statuses[index % 4]);
      made.push({ id: milestone.id, status: milestone.status });
    }
    const wanted = made
      .filter((item) => item.status === "PLANNED" || item.status === "DONE")
      .map((item) => item.id)
      .reverse(); // newest first
    let state = withQuery(DEFAULT_TABLE_STATE, { status: ["PLANNED", "DONE"], size: 10 });
    const seen: string[] = [];
    for (let page = 0; page < 5; page++) {
      const loaded = await loadMilestonePage((request) => api.milestones(request), state);
      seen.push(...loaded.items.map((item) => item.id));
      if (!loaded.nextCursor) break;
      state = withNextPage(state, loaded.nextCursor);
    }
    expect(seen).toEqual(wanted);
  });
});
