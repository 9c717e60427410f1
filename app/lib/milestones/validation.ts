/**
 * Validation of milestone input with core's zod schemas: used by the server actions (and
 * their tests). Not imported by client components: it would ship zod to the browser.
 */
import {
  milestoneBulkUpdateSchema,
  milestoneCreateSchema,
  milestoneUpdateSchema,
  type MilestoneBulkUpdateInput,
  type MilestoneCreateInput,
  type MilestoneUpdateInput,
} from "../../../core/milestone";
import type { FieldErrors, MilestoneField } from "./form";

const FIELDS: readonly MilestoneField[] = ["title", "description", "status", "dueDate"];

/** The first message per field of a zod error's issues (form-level issues under `form`). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): {
  fieldErrors: FieldErrors;
  formError?: string;
} {
  const fieldErrors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const field = FIELDS.find((name) => name === issue.path[0]);
    if (field) fieldErrors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return formError === undefined ? { fieldErrors } : { fieldErrors, formError };
}

export type Parsed<T> =
  { ok: true; input: T } | { ok: false; fieldErrors: FieldErrors; formError?: string };

/** createMilestone's input from anything, or the messages per field. */
export function parseCreateInput(input: unknown): Parsed<MilestoneCreateInput> {
  const result = milestoneCreateSchema.safeParse(input);
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...fieldErrorsOf(result.error.issues) };
}

/** updateMilestone's input (a subset of the fields, at least one), or the messages per field. */
export function parseUpdateInput(input: unknown): Parsed<MilestoneUpdateInput> {
  const result = milestoneUpdateSchema.safeParse(input);
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...fieldErrorsOf(result.error.issues) };
}

/** updateMilestones' input (status, due date, owner; at least one), or the messages. */
export function parseBulkUpdateInput(input: unknown): Parsed<MilestoneBulkUpdateInput> {
  const result = milestoneBulkUpdateSchema.safeParse(input);
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...fieldErrorsOf(result.error.issues) };
}
