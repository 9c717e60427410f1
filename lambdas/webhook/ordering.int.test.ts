/**
 * The ordering rule exists twice: as the plain function `supersedes` (core) and as the
 * DynamoDB condition expressions of the plans. This checks, exhaustively over small
 * timestamps, that DynamoDB Local decides exactly what the function says.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  invitationItem,
  invitationTombstone,
  invitationWrite,
  membershipItem,
  membershipRemoval,
  membershipTombstone,
  orgItem,
  orgTombstone,
  planEvent,
  supersedes,
  userItem,
  userTombstone,
  type StoredVersion,
} from "../../core/mirror";
import { createTestTable } from "../../local/testing/dynamodb";
import { createMirrorStore } from "./mirror-store";

let table: Awaited<ReturnType<typeof createTestTable>>;
beforeAll(async () => {
  table = await createTestTable("ordering");
});
afterAll(async () => {
  await table.drop();
});

const TIMES = [1, 2, 3];
type Stored = { kind: "none" } | { kind: "live" | "tombstone"; at: number };
const storedStates: Stored[] = [
  { kind: "none" },
  ...TIMES.flatMap((at) => [
    { kind: "live" as const, at },
    { kind: "tombstone" as const, at },
  ]),
];
const incomings = TIMES.flatMap((at) => [
  { updatedAt: at, deleted: false },
  { updatedAt: at, deleted: true },
]);
const version = (s: Stored): StoredVersion | undefined =>
  s.kind === "none" ? undefined : { updatedAt: s.at, deleted: s.kind === "tombstone" };

describe("supersedes and the DynamoDB conditions agree", () => {
  it("for users and organizations", async () => {
    const store = createMirrorStore(table.doc, table.tableName);
    let n = 0;
    const disagreements: string[] = [];
    for (const kind of ["user", "org"] as const) {
      for (const stored of storedStates) {
        for (const incoming of incomings) {
          const id = `${kind}_${++n}`;
          if (stored.kind !== "none") {
            const profile = {
              id,
              email: null,
              firstName: "A",
              lastName: null,
              imageUrl: null,
              name: "A",
              slug: null,
              updatedAt: stored.at,
            };
            const item =
              stored.kind === "live"
                ? kind === "user"
                  ? userItem(profile)
                  : orgItem(profile)
                : kind === "user"
                  ? userTombstone(id, stored.at)
                  : orgTombstone(id, stored.at);
            await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
          }
          const plan = incoming.deleted
            ? planEvent(
                kind === "user"
                  ? { type: "user.deleted", userId: id, deletedAt: incoming.updatedAt }
                  : { type: "organization.deleted", orgId: id, deletedAt: incoming.updatedAt },
              )
            : planEvent(
                kind === "user"
                  ? {
                      type: "user.updated",
                      user: {
                        id,
                        email: null,
                        firstName: "B",
                        lastName: null,
                        imageUrl: null,
                        updatedAt: incoming.updatedAt,
                      },
                    }
                  : {
                      type: "organization.updated",
                      org: {
                        id,
                        name: "B",
                        slug: null,
                        imageUrl: null,
                        updatedAt: incoming.updatedAt,
                      },
                    },
              );
          const applied = await store.applyWrites(plan.writes);
          const expected = supersedes(kind, version(stored), incoming);
          if (applied !== expected)
            disagreements.push(
              `${kind} ${JSON.stringify(stored)} ← ${JSON.stringify(incoming)}: DynamoDB ${applied}, rule ${expected}`,
            );
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(n).toBe(2 * storedStates.length * incomings.length);
  });

  it("for memberships, with the membership and its tombstone in any combination", async () => {
    const store = createMirrorStore(table.doc, table.tableName);
    const disagreements: string[] = [];
    let n = 0;
    const optional = [undefined, ...TIMES];
    for (const liveAt of optional) {
      for (const tombAt of optional) {
        for (const incoming of incomings) {
          const orgId = `org_m${++n}`;
          const userId = "user_m";
          if (liveAt !== undefined) {
            await table.doc.send(
              new PutCommand({
                TableName: table.tableName,
                Item: membershipItem({ orgId, userId, role: "org:member", updatedAt: liveAt }),
              }),
            );
          }
          if (tombAt !== undefined) {
            await table.doc.send(
              new PutCommand({
                TableName: table.tableName,
                Item: membershipTombstone(orgId, userId, tombAt),
              }),
            );
          }
          const m = { orgId, userId, role: "org:admin", updatedAt: incoming.updatedAt };
          const plan = incoming.deleted
            ? membershipRemoval(m)
            : planEvent({ type: "organizationMembership.updated", membership: m }).writes;
          const applied = await store.applyWrites(plan);
          // The newer of the two is what the rule compares with; on equal times the tombstone.
          const stored: StoredVersion | undefined =
            tombAt !== undefined && (liveAt === undefined || tombAt >= liveAt)
              ? { updatedAt: tombAt, deleted: true }
              : liveAt !== undefined
                ? { updatedAt: liveAt }
                : undefined;
          const expected = supersedes("membership", stored, incoming);
          if (applied !== expected)
            disagreements.push(
              `live ${liveAt} tomb ${tombAt} ← ${JSON.stringify(incoming)}: DynamoDB ${applied}, rule ${expected}`,
            );
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("for invitations: pending, accepted or revoked over nothing, a pending one or a tombstone", async () => {
    const store = createMirrorStore(table.doc, table.tableName);
    const disagreements: string[] = [];
    let n = 0;
    const base = (at: number) => ({
      id: `orginv_${++n}`,
      orgId: "org_invitations",
      email: "i@x.test",
      role: "org:member",
      status: "pending" as const,
      createdAt: 1,
      updatedAt: at,
    });
    for (const stored of storedStates) {
      for (const incoming of incomings) {
        const invitation = base(incoming.updatedAt);
        if (stored.kind !== "none") {
          const at = { ...invitation, updatedAt: stored.at };
          const item =
            stored.kind === "live"
              ? invitationItem(at)
              : invitationTombstone({ ...at, status: "revoked" });
          await table.doc.send(new PutCommand({ TableName: table.tableName, Item: item }));
        }
        const applied = await store.applyWrites(
          invitationWrite(incoming.deleted ? { ...invitation, status: "accepted" } : invitation),
        );
        const expected = supersedes("invitation", version(stored), incoming);
        if (applied !== expected)
          disagreements.push(
            `${JSON.stringify(stored)} ← ${JSON.stringify(incoming)}: DynamoDB ${applied}, rule ${expected}`,
          );
      }
    }
    expect(disagreements).toEqual([]);
    expect(n).toBe(storedStates.length * incomings.length);
  });
});
