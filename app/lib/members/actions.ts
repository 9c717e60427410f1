"use server";
/**
 * Member management as server actions: invite, revoke an invitation, change a role, remove a
 * member. Glue only: the caller's right first (app/lib/clerk-admin: the session's org, the
 * mirror's answer through `me`, core's canAdmin), zod parse, the Backend API call through
 * that module (which also applies the last-admin rule), then the audit entry through the
 * API, then revalidate. Every failure comes back as `{ ok: false, error }` with a sentence
 * for people; nothing is thrown to the client, and nothing is changed on a refusal.
 *
 * A forged POST to any of these (another user's cookie, any arguments) runs the same code:
 * the org is never an argument, and the right is settled per request.
 */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { isKeyPart } from "../../../core/portable/key-part";
import { isRoleKey, MEMBER_AUDIT_LIMITS } from "../../../core/portable/members";
import { api, type MemberChangeInput } from "../api";
import type { MemberAdminError } from "../clerk-admin";
import {
  assertMemberManager,
  changeMemberRole,
  inviteMember,
  MESSAGES,
  removeMember,
  revokeInvitation,
  type MemberAdminErrorType,
} from "../clerk-admin";
import { toMemberAdminError } from "../clerk-admin/errors";
import { reportInternal, withReference } from "../errors";
import { getSession } from "../session";

export interface MemberActionError {
  type: MemberAdminErrorType;
  message: string;
  /** The form field the message is about. */
  field?: "email" | "role";
}

export type MemberActionResult =
  | {
      ok: true;
      /** What happened, for the row or form that asked. */
      message: string;
      /** Set when Clerk made the change but its audit entry could not be written. */
      warning?: string;
    }
  | { ok: false; error: MemberActionError };

const SIGNED_OUT = "Your session has ended. Sign in again.";

const idSchema = z.string().refine(isKeyPart, "Unknown id");
const roleSchema = z.string().refine(isRoleKey, MESSAGES.unknownRole);
const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .max(MEMBER_AUDIT_LIMITS.email, MESSAGES.invalidEmail)
    .pipe(z.email(MESSAGES.invalidEmail)),
  role: roleSchema,
});
const changeRoleSchema = z.object({ userId: idSchema, role: roleSchema });
const userSchema = z.object({ userId: idSchema });
const invitationSchema = z.object({ invitationId: idSchema });

function failure(error: MemberAdminError): MemberActionResult {
  return {
    ok: false,
    error: {
      type: error.type,
      message: error.message,
      ...(error.field ? { field: error.field } : {}),
    },
  };
}

function invalid(issues: z.core.$ZodIssue[]): MemberActionResult {
  const first = issues[0];
  const path = first?.path[0];
  const field = path === "email" || path === "role" ? path : undefined;
  return {
    ok: false,
    error: {
      type: "ValidationError",
      message: first?.message ?? "Invalid input",
      ...(field ? { field } : {}),
    },
  };
}

/** Session, the right, the parse; then `run`. Failures mapped, never thrown. */
async function guarded<T>(
  schema: z.ZodType<T>,
  input: unknown,
  run: (parsed: T) => Promise<MemberActionResult>,
): Promise<MemberActionResult> {
  if (!(await getSession()))
    return { ok: false, error: { type: "Unauthorized", message: SIGNED_OUT } };
  try {
    await assertMemberManager();
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalid(parsed.error.issues);
    return await run(parsed.data);
  } catch (error) {
    return failure(toMemberAdminError("readMembership", error));
  }
}

/** The audit entry after a change Clerk made; its failure is reported, not the change's. */
async function audited(input: MemberChangeInput, message: string): Promise<MemberActionResult> {
  revalidatePath("/members");
  try {
    await api.recordMemberChange(input);
    revalidatePath("/audit");
    return { ok: true, message };
  } catch (error) {
    const reference = reportInternal(`audit entry of ${input.action}`, error);
    return {
      ok: true,
      message,
      warning: withReference(
        "The change was made, but its audit entry could not be written.",
        reference,
      ),
    };
  }
}

/** Invites `{ email, role }` to the active org. */
export async function inviteMemberAction(input: unknown): Promise<MemberActionResult> {
  return guarded(inviteSchema, input, async ({ email, role }) => {
    const invitation = await inviteMember(email, role);
    return audited(
      {
        action: "member.invite",
        invitationId: invitation.id,
        targetEmail: invitation.emailAddress,
        roleAfter: invitation.role,
      },
      `Invitation sent to ${invitation.emailAddress}.`,
    );
  });
}

/** Revokes `{ invitationId }`, one of the active org's pending invitations. */
export async function revokeInvitationAction(input: unknown): Promise<MemberActionResult> {
  return guarded(invitationSchema, input, async ({ invitationId }) => {
    const invitation = await revokeInvitation(invitationId);
    return audited(
      {
        action: "member.revokeInvitation",
        invitationId: invitation.id,
        targetEmail: invitation.emailAddress,
        roleBefore: invitation.role,
      },
      `Invitation to ${invitation.emailAddress} revoked.`,
    );
  });
}

/** Gives `{ userId }`, a member of the active org, the role `{ role }`. */
export async function changeMemberRoleAction(input: unknown): Promise<MemberActionResult> {
  return guarded(changeRoleSchema, input, async ({ userId, role }) => {
    const change = await changeMemberRole(userId, role);
    return audited(
      {
        action: "member.changeRole",
        targetUserId: userId,
        roleBefore: change.roleBefore,
        ...(change.roleAfter ? { roleAfter: change.roleAfter } : {}),
      },
      "Role changed.",
    );
  });
}

/** Removes `{ userId }` from the active org. */
export async function removeMemberAction(input: unknown): Promise<MemberActionResult> {
  return guarded(userSchema, input, async ({ userId }) => {
    const change = await removeMember(userId);
    return audited(
      { action: "member.remove", targetUserId: userId, roleBefore: change.roleBefore },
      "Member removed.",
    );
  });
}
