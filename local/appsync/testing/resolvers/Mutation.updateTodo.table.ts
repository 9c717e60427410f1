import { util, type Context } from "@aws-appsync/utils";
import { operations, update } from "@aws-appsync/utils/dynamodb";
import { todoKey, toTodo } from "./keys";

interface Args {
  listId: string;
  id: string;
  expectedVersion: number;
  title?: string | null;
  done?: boolean | null;
}

export function request(ctx: Context<Args>) {
  const changes: Record<string, unknown> = { version: operations.increment(1) };
  if (ctx.args.title !== undefined && ctx.args.title !== null) changes.title = ctx.args.title;
  if (ctx.args.done !== undefined && ctx.args.done !== null) changes.done = ctx.args.done;
  return update({
    key: todoKey(ctx.args.listId, ctx.args.id),
    update: changes,
    condition: { version: { eq: ctx.args.expectedVersion } },
  });
}

export function response(ctx: Context) {
  if (ctx.error) {
    // The item as it is now comes with the failed condition, as in AppSync.
    const current = ctx.result as { version?: number } | null;
    util.error(ctx.error.message, ctx.error.type, {
      currentVersion: current ? current.version : null,
    });
  }
  return toTodo(ctx.result as Record<string, unknown>);
}
