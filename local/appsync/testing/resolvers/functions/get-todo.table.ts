import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "../keys";

export function request(ctx: Context<{ id: string }>) {
  // The list comes from the stash the guard filled, not from the arguments again.
  return get({ key: todoKey(ctx.stash.owner as string, ctx.args.id) });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toTodo(ctx.result as Record<string, unknown> | null);
}
