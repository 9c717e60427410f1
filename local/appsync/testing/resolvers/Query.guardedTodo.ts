import type { Context } from "@aws-appsync/utils";

export function request(ctx: Context) {
  ctx.stash.trail = ["guardedTodo"];
  return {};
}

export function response(ctx: Context) {
  return (ctx.prev as { result: unknown }).result;
}
