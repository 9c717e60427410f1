/**
 * updateMilestone (after authorize and load-milestone): the caller may edit it (admins any,
 * others their own), `expectedVersion` must be the current one, and the write is conditional
 * on that version, so of two racing updates with the same version exactly one lands.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canEdit } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { milestoneIndexes, milestoneKey } from "../../core/portable/keys";
import { auditPut } from "./lib/audit";
import { must } from "./lib/auth";
import { failWrite, summary, validateFields } from "./lib/milestone";
import { statsUpdates } from "./lib/stats";

interface Args {
  id: string;
  expectedVersion: number;
  input: Record<string, unknown>;
}

export function request(ctx: Context<Args>) {
  const caller = ctx.stash.caller as Caller;
  const current = ctx.stash.current as Record<string, unknown>;
  const fields = validateFields(ctx.args.input);
  if (Object.keys(fields).length === 0) util.error("Nothing to update", "ValidationError");
  if (!canEdit(caller, current))
    util.error(
      "Only the owner or a holder of org:milestones:manage may change this milestone",
      "Unauthorized",
    );
  if (current.version !== ctx.args.expectedVersion)
    util.error("The milestone has changed since it was read", "ConflictError", {
      currentVersion: current.version,
    });
  const now = util.time.nowISO8601();
  const next: Record<string, unknown> = {
    ...current,
    ...fields,
    updatedAt: now,
    version: current.version + 1,
    // Who wrote it: the live update names them ("changed by X", core/live.ts).
    changedBy: caller.userId,
  };
  const indexes = must(
    milestoneIndexes(caller.scope, {
      id: ctx.args.id,
      updatedAt: now,
      dueDate: next.dueDate as string | null,
      status: next.status as string,
    }),
    "Milestone not found",
    "NotFound",
  );
  const { PK: _pk, SK: _sk, ...values }: Record<string, unknown> = { ...next, ...indexes };
  ctx.stash.written = next;
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [
    {
      putItem: {
        table,
        key: must(milestoneKey(caller.scope, ctx.args.id), "Milestone not found", "NotFound"),
        item: values,
        condition: { version: { eq: ctx.args.expectedVersion } },
      },
    },
  ];
  if (caller.scope.kind === "org")
    writes.push(
      auditPut(table, caller, {
        action: "milestone.update",
        targetId: ctx.args.id,
        at: now,
        before: summary(current),
        after: summary(next),
      }),
    );
  // A status change moves one count (−1 old, +1 new); any other edit changes none.
  statsUpdates(table, caller.scope, [
    { id: ctx.args.id, before: current.status as string, after: next.status as string },
  ]).forEach((write) => writes.push(write));
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  // Read the same version, lost the race: the other write landed first.
  if (ctx.error) failWrite(ctx.error, ctx.result);
  return ctx.stash.written as Record<string, unknown>;
}
