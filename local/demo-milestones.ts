/**
 * The demo milestones `npm run dev` adds to the demo tenants (local/issuer/seed.ts), so that a
 * first run shows the product, not "No milestones yet". Created THROUGH THE API as the users
 * themselves would: each owner's session token minted by the local issuer (`POST
 * /admin/tokens`), `createMilestone` in the owner's scope, then `updateMilestone` for those
 * that moved on from "planned" (so they carry a version, an updatedAt and audit entries like
 * real ones). Nothing here writes to DynamoDB directly; the API's rules apply as to anyone.
 *
 * Idempotent, per scope: the scope's milestones are listed through the API first (as its
 * admin, who sees them all), and a scope that already holds any title of its plan is left as
 * it is. So a second `npm run dev -- --persist` adds nothing, and a demo milestone someone
 * deleted stays deleted. Due dates are relative to the day it runs: some overdue, some soon,
 * some later, some undated.
 *
 * Only `npm run dev` runs it (local/dev.ts, WAYPOINT_DEMO_MILESTONES, on by default); test
 * stacks turn it off, so every test starts from empty scopes.
 */
import { z } from "zod";
import { DEMO } from "./issuer/seed";

type Status = "PLANNED" | "IN_PROGRESS" | "DONE" | "BLOCKED";

/** One demo milestone: its owner (who creates it), and what it looks like. */
export interface DemoMilestone {
  ownerId: string;
  title: string;
  status: Status;
  /** Days from today (negative: in the past); null: no due date. */
  dueInDays: number | null;
  description?: string;
}

/** One scope's plan: an org (created as each owner, listed as `adminId`) or a personal one. */
export interface DemoScope {
  name: string;
  orgId: string | null;
  /** Who lists the scope (an org's admin sees every milestone of the org). */
  listAs: string;
  milestones: DemoMilestone[];
}

const { users, orgs } = DEMO;
const ada = users.acmeAdmin.id;
const grace = users.acmeMember1.id;
const alan = users.acmeMember2.id;
const margaret = users.globexAdmin.id;
const edsger = users.globexMember.id;
const barbara = users.personal.id;

export const DEMO_SCOPES: readonly DemoScope[] = [
  {
    name: orgs.acme.name,
    orgId: orgs.acme.id,
    listAs: ada,
    milestones: [
      {
        ownerId: ada,
        title: "Q3 roadmap signed off",
        status: "DONE",
        dueInDays: -20,
        description: "Priorities agreed with sales and support; published on the wiki.",
      },
      { ownerId: ada, title: "Hire a second SRE", status: "IN_PROGRESS", dueInDays: 25 },
      {
        ownerId: ada,
        title: "SOC 2 readiness review",
        status: "BLOCKED",
        dueInDays: -4,
        description: "Waiting for the auditor's questionnaire; evidence folders are ready.",
      },
      { ownerId: ada, title: "Board update deck", status: "PLANNED", dueInDays: 9 },
      { ownerId: ada, title: "Pricing page refresh", status: "PLANNED", dueInDays: null },
      { ownerId: grace, title: "Compiler upgrade to v5", status: "IN_PROGRESS", dueInDays: -2 },
      {
        ownerId: grace,
        title: "Release 2.4 shipped",
        status: "DONE",
        dueInDays: -6,
        description: "Changelog, migration notes and the announcement post are out.",
      },
      { ownerId: grace, title: "Flaky test triage", status: "IN_PROGRESS", dueInDays: 3 },
      { ownerId: grace, title: "Deprecate the v1 API", status: "PLANNED", dueInDays: 45 },
      { ownerId: grace, title: "On-call runbook review", status: "BLOCKED", dueInDays: 12 },
      { ownerId: grace, title: "Docs site search", status: "PLANNED", dueInDays: null },
      { ownerId: alan, title: "Billing export to CSV", status: "IN_PROGRESS", dueInDays: 6 },
      {
        ownerId: alan,
        title: "Load test the checkout",
        status: "PLANNED",
        dueInDays: -9,
        description: "Target: 500 orders per minute with p95 under 300 ms.",
      },
      { ownerId: alan, title: "Fraud rules v2", status: "DONE", dueInDays: -14 },
      { ownerId: alan, title: "Mobile onboarding flow", status: "PLANNED", dueInDays: 21 },
      { ownerId: alan, title: "Data retention policy", status: "BLOCKED", dueInDays: null },
    ],
  },
  {
    name: orgs.globex.name,
    orgId: orgs.globex.id,
    listAs: margaret,
    milestones: [
      {
        ownerId: margaret,
        title: "Guidance software review",
        status: "IN_PROGRESS",
        dueInDays: 4,
        description: "Walk through the restart logic with the whole team before the freeze.",
      },
      { ownerId: margaret, title: "Vendor contract renewal", status: "BLOCKED", dueInDays: -3 },
      { ownerId: margaret, title: "Team offsite", status: "PLANNED", dueInDays: 30 },
      { ownerId: margaret, title: "Hiring plan for next year", status: "DONE", dueInDays: -10 },
      {
        ownerId: margaret,
        title: "Incident postmortem template",
        status: "PLANNED",
        dueInDays: null,
      },
      { ownerId: margaret, title: "Quarterly security training", status: "PLANNED", dueInDays: 14 },
      { ownerId: edsger, title: "Scheduler rewrite", status: "IN_PROGRESS", dueInDays: -1 },
      {
        ownerId: edsger,
        title: "Shortest-path routing for deliveries",
        status: "DONE",
        dueInDays: -7,
        description: "Live in all regions; route times down 12%.",
      },
      { ownerId: edsger, title: "Remove the goto-based parser", status: "PLANNED", dueInDays: 18 },
      { ownerId: edsger, title: "Semaphore audit", status: "BLOCKED", dueInDays: 8 },
      {
        ownerId: edsger,
        title: "Structured logging everywhere",
        status: "PLANNED",
        dueInDays: null,
      },
      { ownerId: edsger, title: "Database failover drill", status: "PLANNED", dueInDays: -5 },
    ],
  },
  {
    name: "Barbara's personal scope",
    orgId: null,
    listAs: barbara,
    milestones: [
      {
        ownerId: barbara,
        title: "Conference talk submitted",
        status: "DONE",
        dueInDays: -12,
        description: "Abstract on behavioural subtyping, 30 minutes.",
      },
      { ownerId: barbara, title: "Draft the book chapter", status: "IN_PROGRESS", dueInDays: 10 },
      { ownerId: barbara, title: "Renew passport", status: "PLANNED", dueInDays: -2 },
      {
        ownerId: barbara,
        title: "Read the new distributed systems papers",
        status: "PLANNED",
        dueInDays: null,
      },
    ],
  },
];

/** YYYY-MM-DD, `days` after `today`'s UTC date. */
export function dueDateFrom(today: Date, days: number): string {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface SeedOptions {
  /** The local issuer (its admin API mints the tokens). */
  issuerUrl: string;
  /** The local AppSync's GraphQL endpoint. */
  apiUrl: string;
  /** "Today", for the due dates. @default new Date() */
  today?: Date;
  /** How long to wait for the mirror to know the demo users (the seed's webhooks). @default 30000 */
  mirrorTimeoutMs?: number;
  scopes?: readonly DemoScope[];
}

export interface SeedResult {
  /** Per scope name: how many were created (0: the scope was seeded before). */
  created: Record<string, number>;
}

const tokenSchema = z.object({ token: z.string().min(1) });
const errorSchema = z.object({ message: z.string(), errorType: z.string().nullish() });
const answerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(errorSchema).nullish(),
});
const meSchema = z.object({
  userId: z.string(),
  orgId: z.string().nullable(),
  role: z.string().nullable(),
});
const pageSchema = z.object({
  items: z.array(z.object({ title: z.string() })),
  nextToken: z.string().nullable(),
});
const milestoneSchema = z.object({ id: z.string(), version: z.number().int() });

class SeedError extends Error {
  constructor(
    message: string,
    readonly errorType: string | null = null,
  ) {
    super(message);
    this.name = "SeedError";
  }
}

function client(options: SeedOptions) {
  async function token(userId: string, orgId: string | null): Promise<string> {
    const response = await fetch(`${options.issuerUrl}/admin/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(orgId ? { userId, orgId } : { userId }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok)
      throw new SeedError(`the issuer refused a token for ${userId}: HTTP ${response.status}`);
    return tokenSchema.parse(await response.json()).token;
  }

  /** One operation as `userId` in the scope, with a fresh token (they live a minute). */
  async function call<T>(
    userId: string,
    orgId: string | null,
    field: string,
    schema: z.ZodType<T>,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const response = await fetch(options.apiUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await token(userId, orgId) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = answerSchema.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw new SeedError(`${field}: HTTP ${response.status}`);
    const error = answer.data.errors?.[0];
    if (error) throw new SeedError(`${field}: ${error.message}`, error.errorType ?? null);
    return schema.parse(answer.data.data?.[field]);
  }
  return { call };
}

type Client = ReturnType<typeof client>;

/** Every title of the scope, as `listAs` sees it (all pages). */
async function titlesOf(api: Client, scope: DemoScope): Promise<Set<string>> {
  const titles = new Set<string>();
  let nextToken: string | null = null;
  do {
    const page: z.infer<typeof pageSchema> = await api.call(
      scope.listAs,
      scope.orgId,
      "milestones",
      pageSchema,
      "query ($nextToken: String) { milestones(limit: 100, nextToken: $nextToken) { items { title } nextToken } }",
      { nextToken },
    );
    for (const item of page.items) titles.add(item.title);
    nextToken = page.nextToken;
  } while (nextToken);
  return titles;
}

/** Waits until the API knows each owner in the scope (the mirror got the seed's webhooks). */
async function waitForMirror(api: Client, scope: DemoScope, timeoutMs: number): Promise<void> {
  const owners = [...new Set([scope.listAs, ...scope.milestones.map((m) => m.ownerId)])];
  const deadline = Date.now() + timeoutMs;
  for (const userId of owners) {
    for (;;) {
      try {
        const me = await api.call(
          userId,
          scope.orgId,
          "me",
          meSchema,
          "query { me { userId orgId role } }",
        );
        if (me.orgId === scope.orgId && (scope.orgId === null || me.role)) break;
      } catch (error) {
        // Unauthorized until the membership is mirrored; anything else is a real failure.
        if (!(error instanceof SeedError && error.errorType === "Unauthorized")) throw error;
      }
      if (Date.now() > deadline) {
        throw new SeedError(
          `the API does not know ${userId} in ${scope.name} yet (webhooks not delivered?)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function seedScope(api: Client, scope: DemoScope, options: SeedOptions): Promise<number> {
  await waitForMirror(api, scope, options.mirrorTimeoutMs ?? 30_000);
  const existing = await titlesOf(api, scope);
  if (scope.milestones.some((m) => existing.has(m.title))) return 0;
  const today = options.today ?? new Date();
  // One at a time, oldest plan entry first: the list (newest first) then reads as a history.
  for (const milestone of scope.milestones) {
    const created = await api.call(
      milestone.ownerId,
      scope.orgId,
      "createMilestone",
      milestoneSchema,
      "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version } }",
      {
        input: {
          title: milestone.title,
          ...(milestone.description ? { description: milestone.description } : {}),
          ...(milestone.dueInDays === null
            ? {}
            : { dueDate: dueDateFrom(today, milestone.dueInDays) }),
        },
      },
    );
    // Created "planned", as the form does; moved on by its owner like a real one.
    if (milestone.status !== "PLANNED") {
      await api.call(
        milestone.ownerId,
        scope.orgId,
        "updateMilestone",
        milestoneSchema,
        "mutation ($id: ID!, $v: Int!, $input: UpdateMilestoneInput!) { updateMilestone(id: $id, expectedVersion: $v, input: $input) { id version } }",
        { id: created.id, v: created.version, input: { status: milestone.status } },
      );
    }
  }
  return scope.milestones.length;
}

/** Seeds every scope of the plan that has not been seeded yet; see the file's comment. */
export async function seedDemoMilestones(options: SeedOptions): Promise<SeedResult> {
  const api = client(options);
  const created: Record<string, number> = {};
  // The scopes are independent; each one's own order is kept.
  await Promise.all(
    (options.scopes ?? DEMO_SCOPES).map(async (scope) => {
      created[scope.name] = await seedScope(api, scope, options);
    }),
  );
  return { created };
}

/** The one log line of a seed run. */
export function seedSummary(result: SeedResult): string {
  const entries = Object.entries(result.created);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0)
    return `demo milestones already there (${entries.map(([name]) => name).join(", ")}): none added`;
  return `${total} demo milestones created through the API (${entries
    .map(([name, n]) => `${name} ${n}`)
    .join(", ")})`;
}
