/**
 * onMilestoneChanged's resolver code (pipeline: authorize, then this response). AppSync runs
 * it once, when a client's `start` subscribes. The filter is the caller's scope as the
 * authorize function settled it (resolverContext + the mirrored membership), never an
 * argument: `orgId` in the arguments can only narrow (AppSync ANDs argument matching with
 * this filter), so no argument widens what a subscriber receives. The invalidation filter
 * lets the platform end the subscription when the mirror removes or re-roles the membership,
 * deletes the org or deletes the user (Mutation.invalidateMemberSubscriptions, called by the
 * webhook and by the stream publisher; core/portable/live.ts). A subscription that could not
 * be ended that way is refused rather than opened.
 */
import { extensions, util, type Context } from "@aws-appsync/utils";
import { canReadMilestones } from "../../core/portable/authorization";
import type { Caller } from "../../core/portable/caller";
import { changeFilter, subscriptionInvalidationFilter } from "../../core/portable/live";

export function request(_ctx: Context) {
  return {};
}

export function response(ctx: Context<{ orgId?: string | null }>) {
  const caller = ctx.stash.caller as Caller;
  if (!canReadMilestones(caller)) util.unauthorized();
  const filter = changeFilter(caller);
  if (filter === null) util.unauthorized();
  const invalidation = subscriptionInvalidationFilter(caller);
  if (invalidation === null) util.unauthorized();
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  extensions.setSubscriptionInvalidationFilter(util.transform.toSubscriptionFilter(invalidation));
  // AppSync: a subscription resolver's result is null.
  return null;
}
