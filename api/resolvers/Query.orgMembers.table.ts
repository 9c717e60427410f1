/**
 * orgMembers (after authorize; admins only): one page of the active org's mirrored
 * memberships, from the org's partition (`MEMBER#` keys; tombstones live elsewhere).
 */
import { util, type Context } from "@aws-appsync/utils";
import { orgMembersQuery } from "./lib/keys";
import { adminOrgId, orgListPage, orgListRequest, type ListArgs } from "./lib/org-list";

export function request(ctx: Context<ListArgs>) {
  return orgListRequest(ctx, "orgMembers", orgMembersQuery(adminOrgId(ctx)));
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
