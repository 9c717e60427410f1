/**
 * syncEvents (after authorize; admins only): the webhook deliveries concerning the active
 * org, newest first, from its sync log (GSI2 `SYNC#ORG#<orgId>`, written by the webhook
 * handler for organization.* and organizationMembership.* deliveries of any outcome).
 * Records hold ids, type, outcome, reason and time only: nothing else can be shown.
 */
import type { Context } from "@aws-appsync/utils";
import { orgSyncEventsQuery } from "../../core/portable/keys";
import { adminOrgId, orgListPage, orgListRequest, type ListArgs } from "./lib/org-list";

export function request(ctx: Context<ListArgs>) {
  return orgListRequest(ctx, "syncEvents", orgSyncEventsQuery(adminOrgId(ctx, "org.syncEvents")));
}

export function response(ctx: Context) {
  const page = orgListPage(ctx);
  return {
    items: page.items.map((item) => ({
      id: item.svixId,
      type: item.type,
      objectId: item.objectId ?? null,
      // Stored as core's Outcome (`applied`…), served as the SyncOutcome enum (`APPLIED`…).
      outcome: (item.outcome as string).toUpperCase(),
      reason: item.reason ?? null,
      receivedAt: item.receivedAt,
    })),
    nextToken: page.nextToken,
  };
}
