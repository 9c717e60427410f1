/** The resolver-level code of every pipeline: the functions do the work, this hands on. */
import type { Context } from "@aws-appsync/utils";

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context) {
  return (ctx.prev as { result: unknown }).result;
}
