/**
 * The demo seed against real stacks (`npm run dev`'s program: DynamoDB Local, the issuer and
 * its webhooks, the local AppSync with the real authorizer and resolvers):
 *
 * - a test stack (WAYPOINT_DEMO_MILESTONES=0, as every test stack) starts empty; the seeder
 *   run twice against it creates each scope's plan once, through the API, with several
 *   owners, every status, overdue and undated ones;
 * - `npm run dev` itself (the flag on, its default) seeds while it starts and says so in one
 *   line, and started again on its persisted data adds nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { graphql, mintToken } from "./appsync/testing/client";
import { DEMO_SCOPES, dueDateFrom, seedDemoMilestones, type DemoScope } from "./demo-milestones";
import { DEMO } from "./issuer/seed";
import { startDevStack, stopGroup } from "./testing/dev-process";

const work = mkdtempSync(join(tmpdir(), "waypoint-demo-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Listed {
  title: string;
  ownerId: string;
  status: string;
  dueDate: string | null;
  description: string;
  version: number;
  orgId: string | null;
}

/** Every milestone of the scope as its lister sees it, through the API. */
async function listScope(issuerUrl: string, apiUrl: string, scope: DemoScope): Promise<Listed[]> {
  const token = await mintToken(issuerUrl, {
    userId: scope.listAs,
    ...(scope.orgId ? { orgId: scope.orgId } : {}),
  });
  const items: Listed[] = [];
  let nextToken: string | null = null;
  do {
    const answer = await graphql(
      apiUrl,
      token,
      "query ($nextToken: String) { milestones(limit: 10, nextToken: $nextToken) { items { title ownerId status dueDate description version orgId } nextToken } }",
      { nextToken },
    );
    expect(answer.body.errors ?? []).toEqual([]);
    const page = answer.body.data?.milestones as { items: Listed[]; nextToken: string | null };
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/** The scope's list once the mirror knows its lister (the seed's webhooks are in flight). */
async function listScopeOnceMirrored(
  issuerUrl: string,
  apiUrl: string,
  scope: DemoScope,
): Promise<Listed[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await listScope(issuerUrl, apiUrl, scope);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Webhooks delivered to the stack's own receiver, so the mirror knows the demo tenants. */
const WITH_WEBHOOKS = { ISSUER_SEED: "1", ISSUER_WEBHOOK_URL: undefined } as const;

describe("demo milestones", () => {
  it("a test stack starts empty; the seeder run twice creates each scope's plan once", async () => {
    const stack = await startDevStack(join(work, "test-stack"), WITH_WEBHOOKS);
    try {
      // The test stack's scopes are empty: the flag is off there.
      expect(stack.output()).not.toContain("demo milestones");
      for (const scope of DEMO_SCOPES) {
        expect(await listScopeOnceMirrored(stack.issuerUrl, stack.apiUrl, scope)).toEqual([]);
      }
      const today = new Date();
      const options = { issuerUrl: stack.issuerUrl, apiUrl: stack.apiUrl, today };
      const first = await seedDemoMilestones(options);
      const second = await seedDemoMilestones(options);
      for (const scope of DEMO_SCOPES) {
        expect(first.created[scope.name]).toBe(scope.milestones.length);
        expect(second.created[scope.name]).toBe(0);
      }

      const todayIso = dueDateFrom(today, 0);
      for (const scope of DEMO_SCOPES) {
        const items = await listScope(stack.issuerUrl, stack.apiUrl, scope);
        const titles = items.map((m) => m.title).sort();
        // Once each: exactly the plan, no duplicate.
        expect(titles).toEqual(scope.milestones.map((m) => m.title).sort());
        for (const item of items) {
          const planned = scope.milestones.find((m) => m.title === item.title)!;
          expect(item.orgId).toBe(scope.orgId);
          // Created by its owner, as that user: the API made them the owner.
          expect(item.ownerId).toBe(planned.ownerId);
          expect(item.status).toBe(planned.status);
          // Moved on from "planned" by an update, like a real one.
          expect(item.version).toBe(planned.status === "PLANNED" ? 1 : 2);
          expect(item.dueDate).toBe(
            planned.dueInDays === null ? null : dueDateFrom(today, planned.dueInDays),
          );
        }
        const overdue = items.filter(
          (m) => m.dueDate !== null && m.dueDate < todayIso && m.status !== "DONE",
        );
        expect(overdue.length, `${scope.name}: overdue`).toBeGreaterThan(0);
        expect(
          items.some((m) => m.dueDate === null),
          `${scope.name}: undated`,
        ).toBe(true);
        expect(
          items.some((m) => m.description !== ""),
          `${scope.name}: described`,
        ).toBe(true);
        if (scope.orgId) {
          expect(new Set(items.map((m) => m.status)).size, `${scope.name}: statuses`).toBe(4);
          expect(items.length).toBeGreaterThanOrEqual(12);
          expect(items.length).toBeLessThanOrEqual(20);
        }
      }
      const acme = await listScope(stack.issuerUrl, stack.apiUrl, DEMO_SCOPES[0]!);
      expect(new Set(acme.map((m) => m.ownerId))).toEqual(
        new Set([DEMO.users.acmeAdmin.id, DEMO.users.acmeMember1.id, DEMO.users.acmeMember2.id]),
      );
    } finally {
      await stopGroup(stack.child);
    }
  }, 180_000);

  it("npm run dev seeds while it starts, in one line; restarted on its persisted data, adds nothing", async () => {
    const dataDir = join(work, "dev-persisted");
    const dev = { ...WITH_WEBHOOKS, WAYPOINT_DEMO_MILESTONES: "1", WAYPOINT_PERSIST: "1" };
    const total = DEMO_SCOPES.reduce((sum, scope) => sum + scope.milestones.length, 0);
    const first = await startDevStack(dataDir, dev);
    try {
      const lines = first
        .output()
        .split("\n")
        .filter((line) => line.includes("demo milestones"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${total} demo milestones created through the API`);
      // Before the ready summary: the first page a newcomer opens shows them.
      expect(first.output().indexOf(lines[0]!)).toBeLessThan(
        first.output().indexOf("Waypoint local stack ready"),
      );
    } finally {
      await stopGroup(first.child);
    }
    const again = await startDevStack(dataDir, dev);
    try {
      expect(again.output()).toContain("demo milestones already there");
      for (const scope of DEMO_SCOPES) {
        const items = await listScope(again.issuerUrl, again.apiUrl, scope);
        expect(items).toHaveLength(scope.milestones.length);
      }
    } finally {
      await stopGroup(again.child);
    }
  }, 240_000);
});
