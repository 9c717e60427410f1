/**
 * orgInvitations (after authorize; `canAdmin(caller, "org.invitations")`): one page of the
 * active org's pending invitations, newest first, from the org's pending list (core's
 * `orgInvitationsQuery`: a sparse index entry that only pending invitations carry, so
 * accepted and revoked ones, whose tombstones hold no address, never show).
 */
import { util, type Context } from "@aws-appsync/utils";
import { orgInvitationsQuery } from "../../core/portable/keys";
import { adminOrgId, orgListPage, orgListRequest, type ListArgs } from "./lib/org-list";

export function request(ctx: Context<ListArgs>) {
  return orgListRequest(
    ctx,
    "orgInvitations",
    orgInvitationsQuery(adminOrgId(ctx, "org.invitations")),
  );
}

export function response(ctx: Context) {
  const page = orgListPage(ctx);
  return {
    items: page.items.map((item) => ({
      id: item.id,
      emailAddress: item.email,
      role: item.role,
      createdAt: util.time.epochMilliSecondsToISO8601(item.createdAt as number),
      updatedAt: util.time.epochMilliSecondsToISO8601(item.updatedAt as number),
    })),
    nextToken: page.nextToken,
  };
}
