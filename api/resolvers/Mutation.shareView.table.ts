/**
 * shareView (after authorize and load-view): holders of the share rule
 * (core/portable/authorization.ts's canShareView) move their own view to the org's shared
 * prefix, or any shared view back to its owner's; the same id, one transaction: the delete of
 * the old place (conditional on the item as read), the put of the new one (conditional on its
 * absence), the org's shared counter (conditional on core's limit when sharing) and an audit
 * entry. Asking for what already is changes nothing and answers the view.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canShareView, canShareViews } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { sharedViewKey, userViewKey } from "../../core/portable/keys";
import { VIEW_LIMITS } from "../../core/portable/views";
import { auditPut } from "./lib/audit";
import { must } from "./lib/auth";
import { failViewWrite, sharedCountUpdate, toView, viewSummary } from "./lib/view";

type Item = Record<string, unknown>;

export function request(ctx: Context<{ id: string; shared: boolean }>) {
  const caller = ctx.stash.caller as Caller;
  const view = ctx.stash.view as Item;
  if (!canShareViews(caller) || !canShareView(caller, view))
    util.error(
      "Only holders of org:milestones:manage may share views with the organization",
      "Unauthorized",
    );
  const wasShared = view.shared === true;
  const shared = ctx.args.shared;
  if (wasShared === shared) return runtime.earlyReturn(toView(view));
  const ownerId = view.ownerId as string;
  const id = ctx.args.id;
  const ownKey = must(userViewKey(caller.scope, ownerId, id), "View not found", "NotFound");
  const orgKey = must(sharedViewKey(caller.scope, id), "View not found", "NotFound");
  const now = util.time.nowISO8601();
  const moved = { ...view, ...(shared ? orgKey : ownKey), shared, updatedAt: now };
  ctx.stash.written = moved;
  const table = ctx.env.TABLE_NAME ?? "";
  return transactWrite({
    items: [
      {
        deleteItem: {
          table,
          key: shared ? ownKey : orgKey,
          condition: { updatedAt: { eq: view.updatedAt } },
        },
      },
      {
        putItem: {
          table,
          key: shared ? orgKey : ownKey,
          item: moved,
          condition: { PK: { attributeExists: false } },
        },
      },
      sharedCountUpdate(table, caller, shared ? 1 : -1),
      auditPut(table, caller, {
        action: shared ? "view.share" : "view.unshare",
        targetType: "view",
        targetId: id,
        at: now,
        before: viewSummary(view),
        after: viewSummary(moved),
      }),
    ],
  });
}

export function response(ctx: Context) {
  if (ctx.error)
    failViewWrite(ctx.error, ctx.result, [
      {
        at: 2,
        message: `At most ${VIEW_LIMITS.sharedMax} views are shared with an organization; unshare one first`,
      },
    ]);
  return toView(ctx.stash.written as Item);
}
