import { util, type Context } from "@aws-appsync/utils";
import { transactWrite } from "@aws-appsync/utils/dynamodb";
import { todoKey } from "./keys";

interface Args {
  listId: string;
  firstId: string;
  secondId: string;
  title: string;
}

export function request(ctx: Context<Args>) {
  const table = ctx.env.TABLE_NAME ?? "";
  const { listId, title } = ctx.args;
  const now = util.time.nowISO8601();
  const item = (id: string) => ({
    putItem: {
      table,
      key: todoKey(listId, id),
      item: { listId, id, title, done: false, version: 1, createdAt: now },
      condition: { PK: { attributeExists: false } },
    },
  });
  return transactWrite({ items: [item(ctx.args.firstId), item(ctx.args.secondId)] });
}

export function response(ctx: Context) {
  if (ctx.error) {
    const result = ctx.result as { cancellationReasons?: { type: string }[] | null } | null;
    const reasons = result && result.cancellationReasons ? result.cancellationReasons : [];
    util.error(ctx.error.message, ctx.error.type, {
      reasons: reasons.map((reason) => reason.type),
    });
  }
  const result = ctx.result as { keys: { SK: string }[] };
  return result.keys.map((key) => key.SK.slice("TODO#".length));
}
