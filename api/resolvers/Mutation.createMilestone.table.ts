/**
 * createMilestone (after authorize): a new milestone in the caller's scope, owned by the
 * caller, with its audit entry in the same transaction when the scope is an org.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { auditPut } from "./lib/audit";
import type { Caller } from "./lib/auth";
import { milestoneIndexes, milestoneKey } from "./lib/keys";
import { summary, validateFields } from "./lib/milestone";

export function request(ctx: Context<{ input: Record<string, unknown> }>) {
  const caller = ctx.stash.caller as Caller;
  const input = ctx.args.input;
  if (Object.keys(input).indexOf("title") < 0) util.error("Title is required", "ValidationError");
  const fields = validateFields(input);
  const id = util.autoUlid();
  const now = util.time.nowISO8601();
  const status = fields.status ?? "PLANNED";
  const dueDate = fields.dueDate ?? null;
  const item = {
    ...milestoneIndexes(caller.scope, { id, updatedAt: now, dueDate, status }),
    entity: "milestone",
    id,
    scope: caller.scope.kind,
    orgId: caller.scope.kind === "ORG" ? caller.scope.id : null,
    ownerId: caller.userId,
    title: fields.title ?? "",
    titleSearch: fields.titleSearch ?? "",
    description: fields.description ?? "",
    status,
    dueDate,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  ctx.stash.written = item;
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [
    {
      putItem: {
        table,
        key: milestoneKey(caller.scope, id),
        item,
        condition: { PK: { attributeExists: false } },
      },
    },
  ];
  if (caller.scope.kind === "ORG")
    writes.push(
      auditPut(table, caller, {
        action: "milestone.create",
        targetId: id,
        at: now,
        before: null,
        after: summary(item),
      }),
    );
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.stash.written as Record<string, unknown>;
}
