/**
 * Live updates (issue 22): who receives which milestone change, as AppSync subscription
 * filters. One home for the rule "a subscriber sees its own scope's changes and nothing
 * else": the subscription resolver sets {@link changeFilter} from the caller the authorize
 * function settled (resolverContext + mirror), never from arguments, and the publisher stamps
 * every change with its {@link changeAudience}. Both are the scope's partition
 * (`ORG#<id>` / `USER#<id>`, core/portable/keys.ts), so an org and a person can never match.
 *
 * APPSYNC_JS-compatible: plain objects, no classes, no regular expressions.
 */
import type { Caller } from "./caller";
import { isKeyPart } from "./key-part";
import { scopePartition } from "./keys";
import type { Scope } from "./scope";

export const MILESTONE_CHANGE_KINDS = ["CREATED", "UPDATED", "DELETED"] as const;
export type MilestoneChangeKind = (typeof MILESTONE_CHANGE_KINDS)[number];

/** The subscription the milestone changes are published to (`@aws_subscribe`). */
export const MILESTONE_SUBSCRIPTION_FIELD = "onMilestoneChanged";

/** Whose subscribers a change of `scope` reaches; null when the scope is not a valid key. */
export function changeAudience(scope: Scope): string | null {
  return scopePartition(scope);
}

/**
 * The enhanced filter (the object given to `util.transform.toSubscriptionFilter`) of a
 * caller's subscription: exactly its scope's audience. Null when the caller has no valid
 * scope (the resolver then refuses the subscription).
 */
export function changeFilter(caller: Caller): { audience: { eq: string } } | null {
  const audience = changeAudience(caller.scope);
  return audience === null ? null : { audience: { eq: audience } };
}

/**
 * What one invalidation ends (`invalidateMemberSubscriptions`, `extensions.invalidateSubscriptions`):
 * - `MEMBER`: one membership's subscriptions (removed, or its role or permissions changed);
 * - `ORG`: every subscription of an org (the org was deleted);
 * - `USER`: every subscription of a user, org and personal (the user was deleted).
 */
export type InvalidationTarget =
  | { reach: "MEMBER"; orgId: string; userId: string }
  | { reach: "ORG"; orgId: string }
  | { reach: "USER"; userId: string };

export const INVALIDATION_REACHES = ["MEMBER", "ORG", "USER"] as const;

/**
 * The target the internal mutation's arguments name: both ids one membership, the org's
 * alone the whole org, the user's alone the whole user. Null when neither is given or an id
 * is malformed (the resolver answers ValidationError).
 */
export function invalidationTargetOf(
  orgId: string | null | undefined,
  userId: string | null | undefined,
): InvalidationTarget | null {
  const hasOrg = orgId !== null && orgId !== undefined;
  const hasUser = userId !== null && userId !== undefined;
  if ((hasOrg && !isKeyPart(orgId)) || (hasUser && !isKeyPart(userId))) return null;
  if (hasOrg && hasUser) return { reach: "MEMBER", orgId, userId };
  if (hasOrg) return { reach: "ORG", orgId };
  if (hasUser) return { reach: "USER", userId };
  return null;
}

/**
 * The payload `extensions.invalidateSubscriptions` publishes for a target: exactly the
 * fields {@link subscriptionInvalidationFilter} tests, and no other (an absent field never
 * matches an `eq`, so an org-wide payload cannot be read as a membership's, nor the reverse:
 * `reach` tells them apart).
 */
export function invalidationPayload(target: InvalidationTarget): {
  reach: string;
  orgId?: string;
  userId?: string;
} {
  if (target.reach === "MEMBER")
    return { reach: "MEMBER", orgId: target.orgId, userId: target.userId };
  if (target.reach === "ORG") return { reach: "ORG", orgId: target.orgId };
  return { reach: "USER", userId: target.userId };
}

/**
 * The invalidation filter of a caller's subscription (the object given to
 * `util.transform.toSubscriptionFilter`; AppSync evaluates it against each invalidation's
 * payload with the enhanced filters' logic: a group's filters AND-ed, the `or` groups OR-ed).
 * An org caller's subscription ends for its membership, its org, or its user; a personal
 * caller's for its user. Null when the caller's ids are not valid key parts.
 */
export function subscriptionInvalidationFilter(caller: Caller): Record<string, unknown> | null {
  if (!isKeyPart(caller.userId)) return null;
  const user = { reach: { eq: "USER" }, userId: { eq: caller.userId } };
  if (caller.scope.kind !== "org") return user;
  if (!isKeyPart(caller.scope.orgId)) return null;
  return {
    or: [
      { reach: { eq: "MEMBER" }, orgId: { eq: caller.scope.orgId }, userId: { eq: caller.userId } },
      { reach: { eq: "ORG" }, orgId: { eq: caller.scope.orgId } },
      user,
    ],
  };
}
