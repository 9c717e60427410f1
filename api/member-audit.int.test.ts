/**
 * recordMemberChange's input rules through the local AppSync endpoint (real authorizer and
 * resolvers, DynamoDB Local): each action's required fields, role keys, email shape, and that
 * neither the actor nor the org can come from the input. Who may call it is in the matrix.
 */
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membershipItem } from "../core/mirror";
import { keys, toQueryParams } from "../core/table";
import type { LocalAppSync } from "../local/appsync/server";
import { graphql, mintToken } from "../local/appsync/testing/client";
import { startTestAppSync } from "../local/appsync/testing/endpoint";
import type { Issuer } from "../local/issuer/server";
import { DEMO } from "../local/issuer/seed";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer } from "../local/testing/issuer";
import { api } from "./resolvers";

type Table = Awaited<ReturnType<typeof createTestTable>>;
let table: Table;
let issuer: Issuer;
let appsync: LocalAppSync;
let token: string;
const ACME = DEMO.orgs.acme.id;
const ADA = DEMO.users.acmeAdmin.id;

beforeAll(async () => {
  [table, issuer] = await Promise.all([
    createTestTable("member-audit"),
    startTestIssuer({ seed: true }),
  ]);
  appsync = await startTestAppSync({ api, table, issuer });
  await table.doc.send(
    new PutCommand({
      TableName: table.tableName,
      Item: membershipItem({ orgId: ACME, userId: ADA, role: "org:admin", updatedAt: 1 }),
    }),
  );
  token = await mintToken(issuer.url, { userId: ADA, orgId: ACME });
});

afterAll(async () => {
  await appsync?.close();
  await issuer?.close();
  await table?.drop();
});

const MUTATION = /* GraphQL */ `
  mutation ($input: MemberChangeInput!) {
    recordMemberChange(input: $input) {
      actorId
      actorRole
      action
      targetType
      targetId
      before
      after
    }
  }
`;
const record = (input: Record<string, unknown>) => graphql(appsync.url, token, MUTATION, { input });

async function entries() {
  const out = await table.doc.send(
    new QueryCommand({ TableName: table.tableName, ...toQueryParams(keys.auditLog(ACME)) }),
  );
  return out.Items ?? [];
}

describe("recordMemberChange", () => {
  it("records each action with its target and roles; the actor is the caller", async () => {
    const invite = await record({
      action: "member.invite",
      invitationId: "orginv_1",
      targetEmail: "kim@acme.test",
      roleAfter: "org:member",
    });
    expect(invite.body).toEqual({
      data: {
        recordMemberChange: {
          actorId: ADA,
          actorRole: "org:admin",
          action: "member.invite",
          targetType: "invitation",
          targetId: "orginv_1",
          before: null,
          after: JSON.stringify({ role: "org:member", email: "kim@acme.test" }),
        },
      },
    });
    const remove = await record({
      action: "member.remove",
      targetUserId: "user_grace",
      roleBefore: "org:member",
    });
    expect(remove.body.data?.recordMemberChange).toMatchObject({
      targetType: "member",
      targetId: "user_grace",
      before: JSON.stringify({ role: "org:member" }),
      after: null,
    });
  });

  it.each([
    [
      "an unknown action",
      { action: "member.promote", targetUserId: "u", roleBefore: "org:member" },
    ],
    [
      "a change without roleAfter",
      { action: "member.changeRole", targetUserId: "u", roleBefore: "org:member" },
    ],
    [
      "a role that is not a key",
      { action: "member.remove", targetUserId: "u", roleBefore: "admin" },
    ],
    [
      "a role where none applies",
      {
        action: "member.remove",
        targetUserId: "u",
        roleBefore: "org:member",
        roleAfter: "org:admin",
      },
    ],
    [
      "an invitation without email",
      { action: "member.invite", invitationId: "i", roleAfter: "org:member" },
    ],
    [
      "an email that is not one",
      { action: "member.invite", invitationId: "i", targetEmail: "nope", roleAfter: "org:member" },
    ],
    [
      "a member change naming an invitation",
      { action: "member.remove", targetUserId: "u", invitationId: "i", roleBefore: "org:member" },
    ],
    [
      "a malformed user id",
      { action: "member.remove", targetUserId: "a#b", roleBefore: "org:member" },
    ],
  ])("refuses %s with a ValidationError, writing nothing", async (_name, input) => {
    const before = (await entries()).length;
    const answer = await record(input);
    expect(answer.body.errors?.[0]?.errorType).toBe("ValidationError");
    expect((await entries()).length).toBe(before);
  });

  it("has no input naming the org or the actor: GraphQL refuses them", async () => {
    for (const extra of [{ orgId: DEMO.orgs.globex.id }, { actorId: "user_margaret" }]) {
      const answer = await record({
        action: "member.remove",
        targetUserId: "u",
        roleBefore: "org:member",
        ...extra,
      });
      expect(answer.body.errors?.[0]?.errorType).toBe("ValidationError");
    }
  });
});
