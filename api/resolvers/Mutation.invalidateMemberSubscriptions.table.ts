/**
 * invalidateMemberSubscriptions (unit resolver, NONE data source; IAM only by the schema):
 * the webhook calls it after the mirror removed a membership or changed its role, and AppSync
 * ends every onMilestoneChanged subscription whose invalidation filter (its caller's org and
 * user) matches. The member may subscribe again; the authorize function then decides anew.
 */
import { extensions, util, type Context } from "@aws-appsync/utils";
import { isKeyPart } from "../../core/portable/key-part";
import { MILESTONE_SUBSCRIPTION_FIELD } from "../../core/portable/live";

interface Args {
  orgId: string;
  userId: string;
}

export function request(ctx: Context<Args>) {
  if (!isKeyPart(ctx.args.orgId) || !isKeyPart(ctx.args.userId))
    util.error("orgId and userId must be ids", "ValidationError");
  return { payload: { orgId: ctx.args.orgId, userId: ctx.args.userId } };
}

export function response(ctx: Context<Args>) {
  extensions.invalidateSubscriptions({
    subscriptionField: MILESTONE_SUBSCRIPTION_FIELD,
    payload: { orgId: ctx.args.orgId, userId: ctx.args.userId },
  });
  return ctx.result as { orgId: string; userId: string };
}
