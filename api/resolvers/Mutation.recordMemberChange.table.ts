/**
 * recordMemberChange (after authorize): the audit entry of a member-management change the
 * dashboard's server made through Clerk's Backend API (invite, revoke an invitation, change a
 * role, remove a member). Holders of org.manageMembers only, in the active org only; the actor
 * and the org come from the caller, never from the input. Each action names what it needs:
 * invitations their id and email, memberships the user id; roles as Clerk's keys.
 */
import { util, type Context } from "@aws-appsync/utils";
import { put } from "@aws-appsync/utils/dynamodb";
import type { Caller } from "../../core/portable/caller";
import { isKeyPart } from "../../core/portable/key-part";
import { isMemberAuditAction, isRoleKey, MEMBER_AUDIT_LIMITS } from "../../core/portable/members";
import { auditPut } from "./lib/audit";
import { requireAdmin } from "./lib/auth";

interface MemberChangeInput {
  action: string;
  targetUserId?: string | null;
  targetEmail?: string | null;
  invitationId?: string | null;
  roleBefore?: string | null;
  roleAfter?: string | null;
}

function invalid(message: string): never {
  return util.error(message, "ValidationError");
}

/** A role field: absent (null) where the action has none, a role key where it has one. */
function role(value: string | null | undefined, needed: boolean, name: string): string | null {
  if (!needed) {
    if (value !== null && value !== undefined) invalid(`${name} does not apply to this action`);
    return null;
  }
  if (!isRoleKey(value)) invalid(`${name} must be a role key such as org:member`);
  return value;
}

function email(value: string | null | undefined): string {
  const ok =
    typeof value === "string" &&
    value.length >= 3 &&
    value.length <= MEMBER_AUDIT_LIMITS.email &&
    value.indexOf("@") > 0 &&
    value.indexOf(" ") < 0;
  if (!ok) invalid("targetEmail must be an email address");
  return value;
}

function id(value: string | null | undefined, name: string): string {
  if (!isKeyPart(value)) invalid(`${name} is required`);
  return value;
}

export function request(ctx: Context<{ input: MemberChangeInput }>) {
  const caller = ctx.stash.caller as Caller;
  requireAdmin(caller, "org.manageMembers");
  const input = ctx.args.input;
  const action = input.action;
  if (!isMemberAuditAction(action))
    invalid(
      "action must be member.invite, member.revokeInvitation, member.changeRole or member.remove",
    );
  const invitation = action === "member.invite" || action === "member.revokeInvitation";
  if (invitation && input.targetUserId) invalid("targetUserId does not apply to invitations");
  if (!invitation && (input.invitationId || input.targetEmail))
    invalid("invitationId and targetEmail apply to invitations only");
  const targetId = invitation
    ? id(input.invitationId, "invitationId")
    : id(input.targetUserId, "targetUserId");
  const before = role(input.roleBefore, action !== "member.invite", "roleBefore");
  const after = role(
    input.roleAfter,
    action === "member.invite" || action === "member.changeRole",
    "roleAfter",
  );
  const targetEmail = invitation ? email(input.targetEmail) : null;
  const summary = (r: string | null) => {
    if (r === null) return null;
    return targetEmail === null ? { role: r } : { role: r, email: targetEmail };
  };
  const entry = auditPut(ctx.env.TABLE_NAME ?? "", caller, {
    action,
    targetType: invitation ? "invitation" : "member",
    targetId,
    at: util.time.nowISO8601(),
    before: summary(before),
    after: summary(after),
  }).putItem;
  ctx.stash.written = entry.item;
  return put<Record<string, unknown>>({
    key: entry.key,
    item: entry.item,
    condition: entry.condition,
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.stash.written as Record<string, unknown>;
}
