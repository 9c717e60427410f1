import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "./keys";

export function request(ctx: Context<{ listId: string; id: string }>) {
  return get({ key: todoKey(ctx.args.listId, ctx.args.id) });
}

export function response(ctx: Context<{ listId: string; id: string }>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  util.appendError("This todo is shown from a warning resolver", "Warning", { id: ctx.args.id });
  return toTodo(ctx.result as Record<string, unknown> | null);
}
