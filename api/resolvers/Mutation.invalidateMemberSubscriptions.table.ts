/**
 * invalidateMemberSubscriptions (unit resolver, NONE data source; IAM only by the schema):
 * AppSync ends every onMilestoneChanged subscription whose invalidation filter matches the
 * target the arguments name (core/portable/live.ts): both ids one membership (removed, or
 * its role changed), `orgId` alone a deleted org's every subscription, `userId` alone a
 * deleted user's. Called by the webhook right after the mirror write and by the stream
 * publisher from the table's stream (the retried path); ending a subscription twice is
 * harmless. A member may subscribe again; the authorize function then decides anew.
 */
import { extensions, util, type Context } from "@aws-appsync/utils";
import {
  invalidationPayload,
  invalidationTargetOf,
  MILESTONE_SUBSCRIPTION_FIELD,
} from "../../core/portable/live";

interface Args {
  orgId?: string | null;
  userId?: string | null;
}

export function request(ctx: Context<Args>) {
  const target = invalidationTargetOf(ctx.args.orgId, ctx.args.userId);
  if (target === null) util.error("orgId, userId or both must be ids", "ValidationError");
  return { payload: invalidationPayload(target) };
}

export function response(ctx: Context<Args>) {
  const payload = ctx.result as { reach: string; orgId?: string; userId?: string };
  extensions.invalidateSubscriptions({ subscriptionField: MILESTONE_SUBSCRIPTION_FIELD, payload });
  return {
    reach: payload.reach,
    orgId: payload.orgId === undefined ? null : payload.orgId,
    userId: payload.userId === undefined ? null : payload.userId,
  };
}
