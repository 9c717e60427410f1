/**
 * updateMilestones, first data function (after authorize): checks the request as a whole
 * before anything is read, so a bad one changes nothing — 1–25 items, no id twice, at least
 * one field, a known status, a plain date — and, when the edit gives the rows to a new owner
 * and the caller may do that, reads the new owner's membership (consistent GetItem): only a
 * current member of the org may own its milestones. A caller who may not change owners gets
 * Unauthorized per row from the last function, without this read.
 */
import { runtime, util, type Context } from "@aws-appsync/utils";
import { get } from "@aws-appsync/utils/dynamodb";
import { canChangeOwner, canReadMilestones } from "../../../core/portable/authorization";
import type { Caller } from "../../../core/portable/caller";
import { isKeyPart } from "../../../core/portable/key-part";
import { membershipKey } from "../../../core/portable/keys";
import { BULK_UPDATE_MAX } from "../../../core/portable/milestone";
import { orgIdOf } from "../../../core/portable/scope";
import { must } from "../lib/auth";
import { validateFields, type MilestoneFields } from "../lib/milestone";

export interface BulkUpdateArgs {
  items: { id: string; expectedVersion: number }[];
  input: Record<string, unknown>;
}

/** What the later functions read from the stash. */
export interface BulkUpdatePlan {
  fields: MilestoneFields & { ownerId?: string };
  ownerChange: boolean;
}

export function request(ctx: Context<BulkUpdateArgs>) {
  const caller = ctx.stash.caller as Caller;
  // As for a single edit: without org:milestones:read nothing is read, whatever the ids.
  if (!canReadMilestones(caller)) util.error("Not authorized", "Unauthorized");
  const items = ctx.args.items;
  if (items.length < 1 || items.length > BULK_UPDATE_MAX)
    util.error(`items must hold 1 to ${BULK_UPDATE_MAX} milestones`, "ValidationError");
  const seen: string[] = [];
  items.forEach((item) => {
    if (seen.indexOf(item.id) >= 0)
      util.error("Each milestone may appear only once", "ValidationError");
    seen.push(item.id);
  });
  const input = ctx.args.input;
  const fields: BulkUpdatePlan["fields"] = validateFields({
    ...(Object.keys(input).indexOf("status") >= 0 ? { status: input.status } : {}),
    ...(Object.keys(input).indexOf("dueDate") >= 0 ? { dueDate: input.dueDate } : {}),
  });
  const ownerId = input.ownerId;
  const ownerChange = ownerId !== undefined && ownerId !== null;
  if (ownerChange) {
    if (typeof ownerId !== "string" || !isKeyPart(ownerId))
      util.error("The new owner is not a member of this organization", "ValidationError");
    fields.ownerId = ownerId;
  }
  if (Object.keys(fields).length === 0) util.error("Nothing to update", "ValidationError");
  const plan: BulkUpdatePlan = { fields, ownerChange };
  ctx.stash.plan = plan;
  if (!ownerChange || !canChangeOwner(caller)) return runtime.earlyReturn(null);
  const key = must(
    membershipKey(orgIdOf(caller.scope) ?? "", fields.ownerId ?? ""),
    "The new owner is not a member of this organization",
    "ValidationError",
  );
  return get({ key, consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const membership = ctx.result as { deleted?: boolean } | null;
  if (!membership || membership.deleted)
    util.error("The new owner is not a member of this organization", "ValidationError");
  return null;
}
