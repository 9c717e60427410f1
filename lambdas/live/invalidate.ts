/**
 * The webhook's end of a membership's live updates: AppSync's IAM-only
 * `invalidateMemberSubscriptions`, whose resolver calls `extensions.invalidateSubscriptions`.
 */
import type { IamGraphQLClient } from "../appsync-iam/client";

export const INVALIDATE_MEMBER_SUBSCRIPTIONS = `mutation InvalidateMemberSubscriptions($orgId: ID!, $userId: ID!) {
  invalidateMemberSubscriptions(orgId: $orgId, userId: $userId) { orgId userId }
}`;

export function memberInvalidator(appsync: IamGraphQLClient) {
  return async (member: { orgId: string; userId: string }): Promise<void> => {
    await appsync(INVALIDATE_MEMBER_SUBSCRIPTIONS, member);
  };
}
