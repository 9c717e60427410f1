import { util, type Context } from "@aws-appsync/utils";
import { remove } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "./keys";

export function request(ctx: Context<{ listId: string; id: string }>) {
  return remove({ key: todoKey(ctx.args.listId, ctx.args.id) });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toTodo(ctx.result as Record<string, unknown> | null);
}
