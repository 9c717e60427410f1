import { util, type Context } from "@aws-appsync/utils";
import { query } from "@aws-appsync/utils/dynamodb";
import { toTodo } from "./keys";

interface Args {
  listId: string;
  done?: boolean | null;
  limit?: number | null;
  nextToken?: string | null;
}

export function request(ctx: Context<Args>) {
  const limit = ctx.args.limit ?? 10;
  if (limit < 1 || limit > 100) util.error("limit must be between 1 and 100", "ValidationError");
  const done = ctx.args.done;
  return query({
    query: { PK: { eq: `LIST#${ctx.args.listId}` }, SK: { beginsWith: "TODO#" } },
    filter: done === undefined || done === null ? null : { done: { eq: done } },
    limit,
    nextToken: ctx.args.nextToken,
    consistentRead: true,
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Record<string, unknown>[]; nextToken: string | null };
  return { items: page.items.map((item) => toTodo(item)), nextToken: page.nextToken };
}
