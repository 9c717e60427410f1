/**
 * publishMilestoneChange (unit resolver, NONE data source; IAM only by the schema): hands the
 * change the stream publisher read from the table to AppSync, which delivers it to the
 * onMilestoneChanged subscriptions whose filter (their scope's audience) it matches. It
 * writes nothing; a user token cannot reach it (`@aws_iam` alone on the field).
 */
import { util, type Context } from "@aws-appsync/utils";
import { MILESTONE_CHANGE_KINDS } from "../../core/portable/live";

interface ChangeInput {
  kind: string;
  milestoneId: string;
  milestone?: Record<string, unknown> | null;
  actorId?: string | null;
  orgId?: string | null;
  audience: string;
  at: string;
}

export function request(ctx: Context<{ change: ChangeInput }>) {
  const change = ctx.args.change;
  if (MILESTONE_CHANGE_KINDS.indexOf(change.kind as "CREATED") < 0)
    util.error("Unknown change kind", "ValidationError");
  const milestone = change.milestone ?? null;
  if ((change.kind === "DELETED") !== (milestone === null))
    util.error("A deletion carries no milestone; any other change does", "ValidationError");
  if (milestone !== null && milestone.id !== change.milestoneId)
    util.error("milestone.id differs from milestoneId", "ValidationError");
  return {
    payload: {
      kind: change.kind,
      milestoneId: change.milestoneId,
      milestone: milestone === null ? null : { ...milestone, owner: null },
      actorId: change.actorId ?? null,
      orgId: change.orgId ?? null,
      audience: change.audience,
      at: change.at,
    },
  };
}

export function response(ctx: Context) {
  return ctx.result as Record<string, unknown>;
}
