import { util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "./keys";

export function request(ctx: Context<{ listId: string; id: string }>) {
  return get({ key: todoKey(ctx.args.listId, ctx.args.id), consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toTodo(ctx.result as Record<string, unknown> | null);
}
