/**
 * saveView (after authorize): a new view of the caller's, in the caller's scope, under its
 * own `VIEW#USER#<userId>#` prefix; in the same transaction the caller's view counter goes up,
 * conditional on core's per-user limit, so concurrent saves cannot pass it.
 * Name and state follow core/portable/views.ts: a ValidationError writes nothing.
 */
import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { canSaveViews } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { userViewKey } from "../../core/portable/keys";
import { orgIdOf, scopeName } from "../../core/portable/scope";
import {
  VIEW_LIMITS,
  viewNameOf,
  viewNameProblem,
  viewStateProblem,
} from "../../core/portable/views";
import { must } from "./lib/auth";
import { failViewWrite, toView, userCountUpdate } from "./lib/view";

interface Args {
  input: { name: string; state: string };
}

export function request(ctx: Context<Args>) {
  const caller = ctx.stash.caller as Caller;
  if (!canSaveViews(caller)) util.error("Not authorized", "Unauthorized");
  const { name, state } = ctx.args.input;
  const nameProblem = viewNameProblem(name);
  if (nameProblem !== null) util.error(nameProblem, "ValidationError");
  const stateProblem = viewStateProblem(state);
  if (stateProblem !== null) util.error(stateProblem, "ValidationError");
  const id = util.autoUlid();
  const now = util.time.nowISO8601();
  const item = {
    entity: "view",
    id,
    scope: scopeName(caller.scope),
    orgId: orgIdOf(caller.scope),
    ownerId: caller.userId,
    name: viewNameOf(name),
    state,
    shared: false,
    createdAt: now,
    updatedAt: now,
  };
  ctx.stash.written = item;
  const table = ctx.env.TABLE_NAME ?? "";
  return transactWrite({
    items: [
      {
        putItem: {
          table,
          key: must(userViewKey(caller.scope, caller.userId, id), "Not authorized", "Unauthorized"),
          item,
          condition: { PK: { attributeExists: false } },
        },
      },
      userCountUpdate(table, caller.scope, caller.userId, 1),
    ],
  });
}

export function response(ctx: Context) {
  if (ctx.error)
    failViewWrite(ctx.error, ctx.result, [
      { at: 1, message: `At most ${VIEW_LIMITS.perUserMax} saved views; delete one first` },
    ]);
  return toView(ctx.stash.written as Record<string, unknown>);
}
