/**
 * createMilestone (after authorize): a new milestone in the caller's scope, owned by the
 * caller, with its audit entry in the same transaction when the scope is an org.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canCreate } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { milestoneIndexes, milestoneKey } from "../../core/portable/keys";
import { DEFAULT_MILESTONE_STATUS } from "../../core/portable/milestone";
import { orgIdOf, scopeName } from "../../core/portable/scope";
import { auditPut } from "./lib/audit";
import { must } from "./lib/auth";
import { summary, validateFields } from "./lib/milestone";
import { failIfTransactionConflict, statsUpdates } from "./lib/stats";

export function request(ctx: Context<{ input: Record<string, unknown> }>) {
  const caller = ctx.stash.caller as Caller;
  if (!canCreate(caller)) util.error("Not authorized", "Unauthorized");
  const input = ctx.args.input;
  if (Object.keys(input).indexOf("title") < 0) util.error("Title is required", "ValidationError");
  const fields = validateFields(input);
  const id = util.autoUlid();
  const now = util.time.nowISO8601();
  const status = fields.status ?? DEFAULT_MILESTONE_STATUS;
  const dueDate = fields.dueDate ?? null;
  const item = {
    ...must(
      milestoneIndexes(caller.scope, { id, updatedAt: now, dueDate, status }),
      "Not authorized",
      "Unauthorized",
    ),
    entity: "milestone",
    id,
    scope: scopeName(caller.scope),
    orgId: orgIdOf(caller.scope),
    ownerId: caller.userId,
    title: fields.title ?? "",
    titleSearch: fields.titleSearch ?? "",
    description: fields.description ?? "",
    status,
    dueDate,
    createdAt: now,
    updatedAt: now,
    version: 1,
    // Who wrote it: the live update names them ("changed by X", core/live.ts).
    changedBy: caller.userId,
  };
  ctx.stash.written = item;
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [
    {
      putItem: {
        table,
        key: must(milestoneKey(caller.scope, id), "Not authorized", "Unauthorized"),
        item,
        condition: { PK: { attributeExists: false } },
      },
    },
  ];
  if (caller.scope.kind === "org")
    writes.push(
      auditPut(table, caller, {
        action: "milestone.create",
        targetId: id,
        at: now,
        before: null,
        after: summary(item),
      }),
    );
  // The scope's counts by status, in the same transaction: exact whatever runs beside it.
  statsUpdates(table, caller.scope, [{ id, before: null, after: status }]).forEach((write) =>
    writes.push(write),
  );
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  if (ctx.error) {
    failIfTransactionConflict(ctx.result);
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.stash.written as Record<string, unknown>;
}
