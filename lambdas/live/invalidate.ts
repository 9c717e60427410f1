/**
 * The platform's end of live-update subscriptions: AppSync's IAM-only
 * `invalidateMemberSubscriptions`, whose resolver calls `extensions.invalidateSubscriptions`
 * with the target's payload (core/portable/live.ts). Used by the webhook right after the
 * mirror write and by the stream publisher (lambdas/live/app.ts), which AWS retries.
 */
import type { InvalidationTarget } from "../../core/portable/live";
import type { IamGraphQLClient } from "../appsync-iam/client";

export const INVALIDATE_SUBSCRIPTIONS = `mutation InvalidateSubscriptions($orgId: ID, $userId: ID) {
  invalidateMemberSubscriptions(orgId: $orgId, userId: $userId) { reach orgId userId }
}`;

/** The mutation's variables for a target: both ids a membership, one id an org or a user. */
export function invalidationVariables(target: InvalidationTarget): {
  orgId: string | null;
  userId: string | null;
} {
  return {
    orgId: target.reach === "USER" ? null : target.orgId,
    userId: target.reach === "ORG" ? null : target.userId,
  };
}

export function subscriptionInvalidator(appsync: IamGraphQLClient) {
  return async (target: InvalidationTarget): Promise<void> => {
    await appsync(INVALIDATE_SUBSCRIPTIONS, invalidationVariables(target));
  };
}
