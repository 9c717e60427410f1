/**
 * The tenant-isolation matrix (docs/authorization.md): every actor with a token × every
 * operation × every target, one test per cell, expected outcomes from DESIGN.md's table.
 * Milestones are written directly with core's keys, so each cell has a fresh target.
 * (No token and an expired token are refused with 401 before any resolver runs: see
 * api.int.test.ts and expired-token.int.test.ts.)
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import { keys, type Scope } from "../core/table";
import type { LocalAppSync } from "../local/appsync/server";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import { graphql, mintToken } from "../local/appsync/testing/client";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;

const ACME = DEMO.orgs.acme.id;
const GLOBEX = DEMO.orgs.globex.id;
const U = DEMO.users;

interface Actor {
  userId: string;
  orgId?: string;
  admin: boolean;
  /** Membership deleted from the mirror (by webhook) after the token was minted. */
  removed?: boolean;
  /** Admin in the token, member in the mirror (demoted by webhook). */
  demoted?: boolean;
}

const ACTORS: Record<string, Actor> = {
  "personal user A": { userId: U.personal.id, admin: false },
  "personal user B": { userId: U.globexMember.id, admin: false },
  "Acme admin": { userId: U.acmeAdmin.id, orgId: ACME, admin: true },
  "Acme member X": { userId: U.acmeMember1.id, orgId: ACME, admin: false },
  "Acme member Y": { userId: U.acmeMember2.id, orgId: ACME, admin: false },
  "Globex admin": { userId: U.globexAdmin.id, orgId: GLOBEX, admin: true },
  "member removed by webhook": { userId: "user_gone", orgId: ACME, admin: false, removed: true },
  "admin demoted by webhook": { userId: "user_demoted", orgId: ACME, admin: false, demoted: true },
};

const TARGETS = ["own", "same-org other's", "other org's", "other user's personal"] as const;
type Target = (typeof TARGETS)[number];

const tokens: Record<string, string> = {};

const scopeOf = (actor: Actor): Scope =>
  actor.orgId ? { kind: "org", orgId: actor.orgId } : { kind: "personal", userId: actor.userId };

/** A milestone item as the resolvers write it. */
async function seedMilestone(scope: Scope, ownerId: string) {
  const id = randomUUID();
  const now = new Date().toISOString();
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.milestone(scope, id),
        ...keys.milestoneIndexes(scope, { id, updatedAt: now, dueDate: null, status: "PLANNED" }),
        entity: "milestone",
        id,
        scope: scope.kind === "org" ? "ORG" : "PERSONAL",
        orgId: scope.kind === "org" ? scope.orgId : null,
        ownerId,
        title: "target",
        description: "",
        status: "PLANNED",
        dueDate: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
    }),
  );
  return id;
}

/** The target's milestone for an actor, or null when the target does not apply. */
function targetFor(actor: Actor, target: Target): [Scope, string] | null {
  const otherUser = actor.userId === U.personal.id ? U.globexMember.id : U.personal.id;
  switch (target) {
    case "own":
      return [scopeOf(actor), actor.userId];
    case "same-org other's":
      return actor.orgId
        ? [
            scopeOf(actor),
            actor.orgId === ACME
              ? actor.userId === U.acmeMember2.id
                ? U.acmeMember1.id
                : U.acmeMember2.id
              : U.globexMember.id,
          ]
        : null;
    case "other org's":
      return actor.orgId === ACME
        ? [{ kind: "org", orgId: GLOBEX }, U.globexAdmin.id]
        : [{ kind: "org", orgId: ACME }, U.acmeAdmin.id];
    case "other user's personal":
      return [{ kind: "personal", userId: otherUser }, otherUser];
  }
}

type Expected = "allow" | "Unauthorized" | "NotFound";

/** DESIGN.md's table as a function: what a cell must answer. */
function expected(actor: Actor, operation: string, target: Target | null): Expected {
  if (actor.removed) return "Unauthorized";
  if (["orgMembers", "auditLog", "deleteMilestones"].includes(operation) && !actor.admin)
    return "Unauthorized";
  if (target === null || target === "own") return "allow";
  if (target === "other org's" || target === "other user's personal") return "NotFound";
  // same org, someone else's
  if (operation === "get" || operation === "list") return "allow";
  return actor.admin ? "allow" : "Unauthorized";
}

beforeAll(async () => {
  [table, issuer] = await Promise.all([createTestTable("matrix"), startTestIssuer({ seed: true })]);
  appsync = await startTestAppSync({ api, table, issuer });
  const post = (path: string, body: unknown) =>
    fetch(`${issuer.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await post("/admin/users", {
    id: "user_gone",
    firstName: "Gone",
    lastName: "Soon",
    email: "gone@acme.test",
  });
  await post("/admin/memberships", { orgId: ACME, userId: "user_gone", role: "org:member" });
  await post("/admin/users", {
    id: "user_demoted",
    firstName: "Demoted",
    lastName: "Admin",
    email: "demoted@acme.test",
  });
  await post("/admin/memberships", { orgId: ACME, userId: "user_demoted", role: "org:admin" });
  for (const actor of Object.values(ACTORS)) {
    if (actor.orgId)
      await table.doc.send(
        new PutCommand({
          TableName: table.tableName,
          Item: membershipItem({
            orgId: actor.orgId,
            userId: actor.userId,
            role: actor.admin ? "org:admin" : "org:member",
            updatedAt: 1,
          }),
        }),
      );
  }
  for (const [name, actor] of Object.entries(ACTORS))
    tokens[name] = await mintToken(issuer.url, {
      userId: actor.userId,
      ...(actor.orgId ? { orgId: actor.orgId } : {}),
    });
  // Removed by webhook: the mirror loses the membership; the token stays valid.
  const { PK, SK } = keys.membership(ACME, "user_gone");
  await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: { PK, SK } }));
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

const call = (actor: string, query: string, variables: Record<string, unknown> = {}) =>
  graphql(appsync.url, tokens[actor], query, variables);

const OPERATIONS: Record<string, (actor: string, id: string) => Promise<Expected>> = {
  get: async (actor, id) =>
    outcome(await call(actor, "query ($id: ID!) { milestone(id: $id) { id } }", { id })),
  update: async (actor, id) =>
    outcome(
      await call(
        actor,
        'mutation ($id: ID!) { updateMilestone(id: $id, expectedVersion: 1, input: { title: "changed" }) { id } }',
        { id },
      ),
    ),
  delete: async (actor, id) =>
    outcome(
      await call(
        actor,
        "mutation ($id: ID!) { deleteMilestone(id: $id, expectedVersion: 1) { id } }",
        { id },
      ),
    ),
  deleteMilestones: async (actor, id) => {
    const answer = await call(
      actor,
      "mutation ($ids: [ID!]!) { deleteMilestones(ids: $ids) { id deleted errorType } }",
      { ids: [id] },
    );
    const failed = outcome(answer);
    if (failed !== "allow") return failed;
    const [result] = answer.body.data?.deleteMilestones as {
      deleted: boolean;
      errorType: string | null;
    }[];
    return result?.deleted ? "allow" : (result?.errorType as Expected);
  },
  list: async (actor, id) => {
    const answer = await call(actor, "{ milestones(limit: 100) { items { id } } }");
    const failed = outcome(answer);
    if (failed !== "allow") return failed;
    const items = (answer.body.data?.milestones as { items: { id: string }[] }).items;
    // Listed means readable; absent means the tenant boundary held.
    return items.some((item) => item.id === id) ? "allow" : "NotFound";
  },
};

function outcome(answer: Awaited<ReturnType<typeof graphql>>): Expected {
  expect(answer.status).toBe(200);
  const type = answer.body.errors?.[0]?.errorType;
  return type === undefined ? "allow" : (type as Expected);
}

describe.each(Object.keys(ACTORS))("%s", (name) => {
  const actor = ACTORS[name] as Actor;
  for (const operation of Object.keys(OPERATIONS)) {
    for (const target of TARGETS) {
      const ref = targetFor(actor, target);
      if (!ref) continue;
      it(`${operation} × ${target} → ${expected(actor, operation, target)}`, async () => {
        const id = await seedMilestone(...ref);
        const run = OPERATIONS[operation] as (a: string, id: string) => Promise<Expected>;
        expect(await run(name, id)).toBe(expected(actor, operation, target));
      });
    }
  }
  it(`create → ${expected(actor, "create", null)}`, async () => {
    const answer = await call(
      name,
      'mutation { createMilestone(input: { title: "mine" }) { ownerId orgId } }',
    );
    expect(outcome(answer)).toBe(expected(actor, "create", null));
    if (outcome(answer) === "allow")
      expect(answer.body.data?.createMilestone).toEqual({
        ownerId: actor.userId,
        orgId: actor.orgId ?? null,
      });
  });
  for (const field of ["orgMembers", "auditLog"]) {
    it(`${field} → ${expected(actor, field, null)}`, async () => {
      expect(outcome(await call(name, `{ ${field} { nextToken } }`))).toBe(
        expected(actor, field, null),
      );
    });
  }
});
