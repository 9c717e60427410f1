/**
 * What a failed Backend API call means to the person who asked: Clerk's errors (and a
 * network failure, which @clerk/backend reports as `unexpected_error`) mapped onto our
 * sentences. Clerk's own text, trace ids and URLs never reach the page; anything we cannot
 * name is logged under a reference (app/lib/errors.ts) and shown as "unavailable".
 */
import { isClerkAPIResponseError } from "@clerk/backend/errors";
import { LAST_ADMIN_MESSAGE } from "../../../core/portable/members";
import { reportInternal, UNAVAILABLE_MESSAGE, withReference } from "../errors";

export type MemberAdminErrorType =
  "Unauthorized" | "NotFound" | "ValidationError" | "ConflictError" | "Unavailable";

/** The one error of member management: a type and a sentence meant for people. */
export class MemberAdminError extends Error {
  constructor(
    readonly type: MemberAdminErrorType,
    message: string,
    /** The form field the message belongs to, when it is about one. */
    readonly field?: "email" | "role",
  ) {
    super(message);
    this.name = "MemberAdminError";
  }
}

export const MESSAGES = {
  notAllowed: "Only admins of this organization may manage its members.",
  invalidEmail: "Enter a valid email address.",
  unknownRole: "Choose one of the organization's roles.",
  duplicateInvitation:
    "This address already has a pending invitation to this organization, or is already a member.",
  notPending: "This invitation is no longer pending: it was accepted, revoked or has expired.",
  invitationNotFound: "This invitation is not one of this organization's.",
  memberNotFound: "This person is not a member of this organization.",
  sameRole: "This member already has that role.",
  lastAdmin: LAST_ADMIN_MESSAGE,
} as const;

/** The Backend API operations, for the fallback sentences and the log line. */
export type BackendOperation =
  | "listRoles"
  | "readMembership"
  | "countAdmins"
  | "invite"
  | "revokeInvitation"
  | "changeRole"
  | "remove";

/** Clerk's error codes we name (Clerk's docs: Backend API errors). */
const CODES: Record<string, MemberAdminError> = {
  form_identifier_invalid: new MemberAdminError("ValidationError", MESSAGES.invalidEmail, "email"),
  form_param_format_invalid: new MemberAdminError(
    "ValidationError",
    MESSAGES.invalidEmail,
    "email",
  ),
  duplicate_record: new MemberAdminError("ConflictError", MESSAGES.duplicateInvitation, "email"),
  already_a_member_in_organization: new MemberAdminError(
    "ConflictError",
    MESSAGES.duplicateInvitation,
    "email",
  ),
  organization_invitation_not_pending: new MemberAdminError("ConflictError", MESSAGES.notPending),
  organization_minimum_permissions_needed: new MemberAdminError(
    "ConflictError",
    MESSAGES.lastAdmin,
  ),
};

/**
 * The MemberAdminError for anything a Backend API call threw. Client errors (4xx) of the
 * calls a person makes become what they most likely mean for that call; 401/403 (our key),
 * 429, 5xx and network failures are ours: logged, shown as unavailable with a reference.
 */
export function toMemberAdminError(
  operation: BackendOperation,
  error: unknown,
  log?: (line: string) => void,
): MemberAdminError {
  if (error instanceof MemberAdminError) return error;
  if (isClerkAPIResponseError(error)) {
    const status = error.status;
    const first = error.errors[0];
    const meta = first?.meta as { paramName?: unknown } | undefined;
    const param = typeof meta?.paramName === "string" ? meta.paramName : undefined;
    if (status >= 400 && status < 500 && status !== 401 && status !== 403 && status !== 429) {
      const named = first ? CODES[first.code] : undefined;
      if (named && (named.field !== "email" || operation === "invite")) return named;
      if (operation === "invite" && param === "email_address")
        return new MemberAdminError("ValidationError", MESSAGES.invalidEmail, "email");
      if (operation === "invite" && param === "role")
        return new MemberAdminError("ValidationError", MESSAGES.unknownRole, "role");
      if (operation === "changeRole" && param === "role")
        return new MemberAdminError("ValidationError", MESSAGES.unknownRole, "role");
      if (status === 404) {
        return new MemberAdminError(
          "NotFound",
          operation === "revokeInvitation" || operation === "invite"
            ? MESSAGES.invitationNotFound
            : MESSAGES.memberNotFound,
        );
      }
      if (operation === "revokeInvitation")
        return new MemberAdminError("ConflictError", MESSAGES.notPending);
      if (operation === "invite")
        return new MemberAdminError("ConflictError", MESSAGES.duplicateInvitation, "email");
    }
  }
  const reference = reportInternal(`Clerk Backend API (${operation})`, describe(error), log);
  return new MemberAdminError("Unavailable", withReference(UNAVAILABLE_MESSAGE, reference));
}

/** The log's line of a Backend API failure: status, codes and trace id, never a stack. */
function describe(error: unknown): string {
  if (!isClerkAPIResponseError(error))
    return error instanceof Error ? error.message : String(error);
  const codes = error.errors.map((e) => e.code).join(",");
  return `status ${String(error.status)} codes ${codes || "-"} trace ${error.clerkTraceId ?? "-"}`;
}
