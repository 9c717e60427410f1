/**
 * Pipeline function: the owners' names and pictures for a page of milestones (or one), with
 * one BatchGetItem of the distinct owners' mirrored profiles, not one request per row.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { batchGet } from "@aws-appsync/utils/dynamodb";
import { userKey } from "../../../core/portable/keys";
import { must } from "../lib/auth";
import { DELETED_USER_NAME, isTombstone } from "../lib/deleted-user";
import { toMilestone } from "../lib/milestone";

type Item = Record<string, unknown>;
interface Page {
  items: Item[];
  nextToken: string | null;
}

function rows(prev: unknown): Item[] {
  const page = prev as Partial<Page> | null;
  if (page && Array.isArray(page.items)) return page.items;
  return prev ? [prev as Item] : [];
}

export function request(ctx: Context) {
  const prev = (ctx.prev as { result: unknown }).result;
  const owners: string[] = [];
  rows(prev).forEach((item) => {
    const owner = item.ownerId as string;
    if (owners.indexOf(owner) < 0) owners.push(owner);
  });
  ctx.stash.page = prev;
  if (owners.length === 0) return runtime.earlyReturn(shape(prev, {}));
  const table = ctx.env.TABLE_NAME ?? "";
  return batchGet({
    tables: { [table]: { keys: owners.map((id) => must(userKey(id), "Bad owner", "Internal")) } },
  });
}

function ownerOf(profile: Item | null, id: string) {
  if (isTombstone(profile)) return { id, name: DELETED_USER_NAME, imageUrl: null };
  if (!profile) return { id, name: null, imageUrl: null };
  const name = [profile.firstName, profile.lastName]
    .filter((part) => typeof part === "string" && part !== "")
    .join(" ");
  return { id, name: name === "" ? null : name, imageUrl: profile.imageUrl ?? null };
}

function shape(prev: unknown, profiles: Record<string, Item | null>) {
  const withOwner = (item: Item) => {
    const id = item.ownerId as string;
    return toMilestone({ ...item, owner: ownerOf(profiles[id] ?? null, id) });
  };
  const page = prev as Partial<Page> | null;
  if (page && Array.isArray(page.items))
    return { items: page.items.map(withOwner), nextToken: page.nextToken ?? null };
  return prev ? withOwner(prev as Item) : null;
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, (Item | null)[]> };
  const found = result.data[ctx.env.TABLE_NAME ?? ""] ?? [];
  const profiles: Record<string, Item | null> = {};
  found.forEach((profile) => {
    if (profile && typeof profile.id === "string") profiles[profile.id] = profile;
  });
  return shape(ctx.stash.page, profiles);
}
