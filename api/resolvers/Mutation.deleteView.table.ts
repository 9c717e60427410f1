/**
 * deleteView (after authorize and load-view): the owner deletes their view; a holder of the
 * share rule also a shared one, whoever saved it. The delete is conditional on the item as
 * read (a concurrent share or delete wins), with the owner's (and the org's shared) counter
 * going down and, for a shared view, an audit entry, all in one transaction.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canDeleteView } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { sharedViewKey, userViewKey } from "../../core/portable/keys";
import { auditPut } from "./lib/audit";
import { must } from "./lib/auth";
import { failViewWrite, sharedCountUpdate, toView, userCountUpdate, viewSummary } from "./lib/view";

type Item = Record<string, unknown>;

export function request(ctx: Context<{ id: string }>) {
  const caller = ctx.stash.caller as Caller;
  const view = ctx.stash.view as Item;
  if (!canDeleteView(caller, view))
    util.error(
      "Only its owner or a holder of org:milestones:manage may delete this view",
      "Unauthorized",
    );
  const shared = view.shared === true;
  const ownerId = view.ownerId as string;
  const key = shared
    ? sharedViewKey(caller.scope, ctx.args.id)
    : userViewKey(caller.scope, ownerId, ctx.args.id);
  const table = ctx.env.TABLE_NAME ?? "";
  const writes: Parameters<typeof transactWrite>[0]["items"] = [
    {
      deleteItem: {
        table,
        key: must(key, "View not found", "NotFound"),
        condition: { updatedAt: { eq: view.updatedAt } },
      },
    },
    userCountUpdate(table, caller.scope, ownerId, -1),
  ];
  if (shared) {
    writes.push(sharedCountUpdate(table, caller, -1));
    writes.push(
      auditPut(table, caller, {
        action: "view.delete",
        targetType: "view",
        targetId: ctx.args.id,
        at: util.time.nowISO8601(),
        before: viewSummary(view),
        after: null,
      }),
    );
  }
  return transactWrite({ items: writes });
}

export function response(ctx: Context) {
  if (ctx.error) failViewWrite(ctx.error, ctx.result, []);
  return toView(ctx.stash.view as Item);
}
