import { util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "./keys";

export function request(ctx: Context<{ listId: string; ids: string[] }>) {
  if (ctx.args.ids.length === 0) runtimeEmpty();
  const table = ctx.env.TABLE_NAME ?? "";
  const keys = ctx.args.ids.map((id) => todoKey(ctx.args.listId, id));
  return batchGet({ tables: { [table]: { keys, consistentRead: true } } });
}

function runtimeEmpty() {
  util.error("ids must not be empty", "ValidationError");
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Record<string, unknown> | null)[]> };
  const items = result.data[ctx.env.TABLE_NAME ?? ""] ?? [];
  return items.map((item) => toTodo(item));
}
