/**
 * The audit entry every mutation of org data writes: in the same transaction as the change
 * for milestones; alone for member management, whose change happens in Clerk first
 * (Mutation.recordMemberChange).
 */
import { util } from "@aws-appsync/utils";
import type { Caller } from "../../../core/portable/caller";
import { auditEntryKey } from "../../../core/portable/keys";
import { orgIdOf } from "../../../core/portable/scope";
import { must } from "./auth";

export function auditPut(
  table: string,
  caller: Caller,
  entry: {
    action: string;
    /** What the entry is about: "milestone" (the default), "member" or "invitation". */
    targetType?: string;
    targetId: string;
    at: string;
    before: unknown;
    after: unknown;
  },
) {
  const id = util.autoUlid();
  const orgId = orgIdOf(caller.scope) ?? "";
  return {
    putItem: {
      table,
      key: must(auditEntryKey(orgId, entry.at, id), "Not authorized", "Unauthorized"),
      item: {
        entity: "audit",
        id,
        orgId,
        actorId: caller.userId,
        actorRole: caller.role,
        // "by <impersonatorId> as <actorId>": who really made the change, when it was not
        // the user themself (Clerk impersonation). Null for the user's own session.
        impersonatorId: caller.impersonatorId ? caller.impersonatorId : null,
        action: entry.action,
        targetType: entry.targetType ?? "milestone",
        targetId: entry.targetId,
        at: entry.at,
        // Summaries as JSON text: the audit log shows them as they were, whatever their shape.
        before: entry.before === null ? null : JSON.stringify(entry.before),
        after: entry.after === null ? null : JSON.stringify(entry.after),
      },
      condition: { PK: { attributeExists: false } },
    },
  };
}
