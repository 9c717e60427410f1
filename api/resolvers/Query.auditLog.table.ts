/** auditLog (after authorize; admins only): the active org's audit entries, newest first. */
import type { Context } from "@aws-appsync/utils";
import { auditLogQuery } from "../../core/portable/keys";
import { adminOrgId, orgListPage, orgListRequest, type ListArgs } from "./lib/org-list";

export function request(ctx: Context<ListArgs>) {
  return orgListRequest(ctx, "auditLog", auditLogQuery(adminOrgId(ctx, "org.auditLog")));
}

export function response(ctx: Context) {
  const page = orgListPage(ctx);
  return {
    items: page.items.map((item) => ({
      id: item.id,
      at: item.at,
      actorId: item.actorId,
      actorRole: item.actorRole ?? null,
      impersonatorId: item.impersonatorId ?? null,
      action: item.action,
      targetType: item.targetType,
      targetId: item.targetId,
      // Stored as JSON text; AWSJSON leaves as JSON text.
      before: item.before ?? null,
      after: item.after ?? null,
    })),
    nextToken: page.nextToken,
  };
}
