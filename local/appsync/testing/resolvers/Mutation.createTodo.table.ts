import { util, type Context } from "@aws-appsync/utils";
import { put } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo, type TodoItem } from "./keys";

interface Args {
  listId: string;
  id?: string | null;
  title: string;
  dueDate?: string | null;
  meta?: unknown;
  secret?: string | null;
}

export function request(ctx: Context<Args>) {
  const { listId, title } = ctx.args;
  if (title.length > 200) util.error("title is too long", "ValidationError");
  const id = ctx.args.id ?? util.autoUlid();
  return put<TodoItem>({
    key: todoKey(listId, id),
    item: {
      listId,
      id,
      title,
      done: false,
      version: 1,
      createdAt: util.time.nowISO8601(),
      dueDate: ctx.args.dueDate ?? null,
      // AWSJSON arrives parsed; it is stored as its JSON text.
      meta:
        ctx.args.meta === undefined || ctx.args.meta === null
          ? null
          : JSON.stringify(ctx.args.meta),
      secret: ctx.args.secret ?? null,
    },
    condition: { PK: { attributeExists: false } },
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return toTodo(ctx.result as Record<string, unknown>);
}
