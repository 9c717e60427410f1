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
 * The invalidation filter of an org caller's subscription: its membership (org and user),
 * matched against what `invalidateMemberSubscriptions` publishes when the webhook removes
 * or re-roles that membership. Null in personal scope (no membership to lose).
 */
export function memberInvalidationFilter(
  caller: Caller,
): { orgId: { eq: string }; userId: { eq: string } } | null {
  if (caller.scope.kind !== "org") return null;
  return { orgId: { eq: caller.scope.orgId }, userId: { eq: caller.userId } };
}
