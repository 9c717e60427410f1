/**
 * orgMembers (after authorize; admins only): one page of the active org's mirrored
 * memberships, from the org's partition (core's `orgMembersQuery`: membership sort keys only;
 * tombstones live elsewhere).
 */
import { util, type Context } from "@aws-appsync/utils";
import { orgMembersQuery } from "../../core/portable/keys";
import { adminOrgId, orgListPage, orgListRequest, type ListArgs } from "./lib/org-list";

export function request(ctx: Context<ListArgs>) {
  return orgListRequest(ctx, "orgMembers", orgMembersQuery(adminOrgId(ctx, "org.members")));
}

export function response(ctx: Context) {
  const page = orgListPage(ctx);
  return {
    items: page.items.map((item) => ({
      userId: item.userId,
      role: item.role,
      updatedAt: util.time.epochMilliSecondsToISO8601(item.updatedAt as number),
    })),
    nextToken: page.nextToken,
  };
}
