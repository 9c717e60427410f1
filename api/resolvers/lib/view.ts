/**
 * What the saved-view resolvers share: the item a view is stored as, its GraphQL shape, and
 * the counter updates that keep core/portable/views.ts's limits exact under concurrent
 * writes (each in the same transaction as the view's own write).
 */
import { util } from "@aws-appsync/utils";
import { operations } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../../core/portable/caller";
import { sharedViewCountKey, userViewCountKey } from "../../../core/portable/keys";
import type { Scope } from "../../../core/portable/scope";
import { VIEW_LIMITS } from "../../../core/portable/views";
import { must } from "./auth";

type Item = Record<string, unknown>;

/** The API's SavedView of a stored item. */
export function toView(item: Item) {
  return {
    id: item.id,
    name: item.name,
    state: item.state,
    ownerId: item.ownerId,
    shared: item.shared === true,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** What an audit entry keeps of a view. */
export function viewSummary(item: Item) {
  return {
    name: item.name,
    state: item.state,
    ownerId: item.ownerId,
    shared: item.shared === true,
  };
}

/**
 * A counter change: +1 only while under `max` (a missing counter is 0), -1 unconditionally
 * (the item it counts is removed in the same transaction, so it was counted).
 */
function counterUpdate(table: string, key: { PK: string; SK: string }, by: number, max: number) {
  if (by < 0) return { updateItem: { table, key, update: { count: operations.decrement(-by) } } };
  return {
    updateItem: {
      table,
      key,
      update: { count: operations.increment(by) },
      condition: { or: [{ count: { attributeExists: false } }, { count: { lt: max } }] },
    },
  };
}

/** The owner's count of views in the scope, changed by `by`. */
export function userCountUpdate(table: string, scope: Scope, ownerId: string, by: number) {
  const key = must(userViewCountKey(scope, ownerId), "View not found", "NotFound");
  return counterUpdate(table, key, by, VIEW_LIMITS.perUserMax);
}

/** The org's count of shared views, changed by `by`. */
export function sharedCountUpdate(table: string, caller: Caller, by: number) {
  const key = must(sharedViewCountKey(caller.scope), "View not found", "NotFound");
  return counterUpdate(table, key, by, VIEW_LIMITS.sharedMax);
}

/**
 * A view write's transaction failed: a cancelled counter condition (at `counterAt`) is a
 * limit reached; any other cancellation a concurrent change of the same view (NotFound: it
 * was deleted or moved meanwhile); anything else as it came.
 */
export function failViewWrite(
  error: { message: string; type: string },
  result: unknown,
  counters: { at: number; message: string }[],
): never {
  if (error.type !== "DynamoDB:TransactionCanceledException")
    return util.error(error.message, error.type);
  const reasons =
    ((result as { cancellationReasons?: { type: string }[] | null } | null) || {})
      .cancellationReasons || [];
  const hit = counters.filter((counter) => {
    const reason = reasons[counter.at];
    return reason !== undefined && reason.type === "ConditionalCheckFailed";
  });
  if (hit.length > 0) return util.error(hit[0]?.message ?? "Limit reached", "ValidationError");
  return util.error("The view has changed meanwhile", "ConflictError");
}
