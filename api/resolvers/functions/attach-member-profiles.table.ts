/** Pipeline function: the members' names and pictures for a page, in one BatchGetItem. */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { userKey } from "../../../core/portable/keys";
import { must } from "../lib/auth";
import { DELETED_USER_NAME, isTombstone } from "../lib/deleted-user";

type Item = Record<string, unknown>;
interface Page {
  items: Item[];
  nextToken: string | null;
}

function shape(page: Page, profiles: Record<string, Item>) {
  return {
    items: page.items.map((member) => {
      const profile = profiles[member.userId as string];
      const live = profile && !profile.deleted ? profile : null;
      return {
        ...member,
        firstName: live
          ? (live.firstName ?? null)
          : isTombstone(profile)
            ? DELETED_USER_NAME
            : null,
        lastName: live ? (live.lastName ?? null) : null,
        imageUrl: live ? (live.imageUrl ?? null) : null,
      };
    }),
    nextToken: page.nextToken,
  };
}

export function request(ctx: Context) {
  const page = (ctx.prev as { result: Page }).result;
  ctx.stash.page = page;
  if (page.items.length === 0) return runtime.earlyReturn(shape(page, {}));
  const table = ctx.env.TABLE_NAME ?? "";
  // Memberships of one org are of distinct users: no duplicate keys.
  return batchGet({
    tables: {
      [table]: {
        keys: page.items.map((m) => must(userKey(m.userId as string), "Bad member", "Internal")),
      },
    },
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Item | null)[]> };
  const profiles: Record<string, Item> = {};
  (result.data[ctx.env.TABLE_NAME ?? ""] ?? []).forEach((profile) => {
    if (profile && typeof profile.id === "string") profiles[profile.id] = profile;
  });
  return shape(ctx.stash.page as Page, profiles);
}
