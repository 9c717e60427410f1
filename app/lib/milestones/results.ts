/**
 * Typed results of the milestone server actions, and the mapping of any failure onto one:
 * the client gets a type and a message meant for people, never a stack trace.
 */
import { ApiError, LOST_ACCESS_MESSAGE, type ApiErrorType } from "../api/errors";
import { UNAVAILABLE_MESSAGE, withReference } from "../errors";
import type { FieldErrors, MilestoneField } from "./form";

export type ActionErrorType = ApiErrorType;

export interface ActionError {
  type: ActionErrorType;
  message: string;
  fieldErrors?: FieldErrors;
  /** On ConflictError, the version the milestone has now, when the API said. */
  currentVersion?: number;
}

export type ActionResult<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: ActionError };

export const CONFLICT_MESSAGE =
  "This milestone was changed by someone else — reload to see the latest version.";
export { UNAVAILABLE_MESSAGE };
export const SIGNED_OUT_MESSAGE = "Your session has ended. Sign in again.";

/** API validation messages that belong to one field (resolvers use core's wording). */
const FIELD_PREFIXES: [string, MilestoneField][] = [
  ["Title", "title"],
  ["Description", "description"],
  ["Due date", "dueDate"],
  ["Unknown status", "status"],
];

/** The action error for anything thrown while serving an action. */
export function toActionError(error: unknown): ActionError {
  if (!(error instanceof ApiError)) {
    return { type: "Unavailable", message: UNAVAILABLE_MESSAGE };
  }
  switch (error.type) {
    case "ConflictError": {
      const version = error.currentVersion;
      return version === undefined
        ? { type: "ConflictError", message: CONFLICT_MESSAGE }
        : { type: "ConflictError", message: CONFLICT_MESSAGE, currentVersion: version };
    }
    case "NotFound":
      return { type: "NotFound", message: "This milestone no longer exists." };
    case "Unauthorized":
      return {
        type: "Unauthorized",
        message: /^Only /.test(error.message)
          ? `${error.message}.`
          : /not authorized/i.test(error.message)
            ? LOST_ACCESS_MESSAGE
            : "You are not allowed to do that.",
      };
    case "ValidationError": {
      const field = FIELD_PREFIXES.find(([prefix]) => error.message.startsWith(prefix))?.[1];
      return field
        ? {
            type: "ValidationError",
            message: error.message,
            fieldErrors: { [field]: error.message },
          }
        : { type: "ValidationError", message: error.message };
    }
    default:
      return {
        type: "Unavailable",
        message: error.reference
          ? withReference(UNAVAILABLE_MESSAGE, error.reference)
          : UNAVAILABLE_MESSAGE,
      };
  }
}
