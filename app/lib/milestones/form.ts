/**
 * The milestone form's values and their validation, with core's zod schemas as the one source
 * of truth (the server actions parse with the same schemas; the API applies the same limits).
 * Pure, so the client form shows field messages before a round trip.
 */
import {
  MILESTONE_STATUSES,
  milestoneCreateSchema,
  milestoneUpdateSchema,
  type MilestoneCreateInput,
  type MilestoneStatus,
  type MilestoneUpdateInput,
} from "../../../core/milestone";

export { MILESTONE_STATUSES, type MilestoneStatus };

/** What the form's inputs hold: strings, "" for an empty date. */
export interface MilestoneFormValues {
  title: string;
  description: string;
  status: MilestoneStatus;
  /** `YYYY-MM-DD` from `<input type="date">`, or "" for none. */
  dueDate: string;
}

export type MilestoneField = keyof MilestoneFormValues;
export type FieldErrors = Partial<Record<MilestoneField, string>>;

export const EMPTY_FORM: MilestoneFormValues = {
  title: "",
  description: "",
  status: "PLANNED",
  dueDate: "",
};

export const STATUS_LABELS: Record<MilestoneStatus, string> = {
  PLANNED: "Planned",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  BLOCKED: "Blocked",
};

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

export type FormParse<T> =
  { ok: true; input: T } | { ok: false; fieldErrors: FieldErrors; formError?: string };

/** Values of a new milestone → createMilestone's input, or the messages per field. */
export function parseCreateForm(values: MilestoneFormValues): FormParse<MilestoneCreateInput> {
  const result = milestoneCreateSchema.safeParse({
    ...values,
    dueDate: values.dueDate === "" ? null : values.dueDate,
  });
  return result.success
    ? { ok: true, input: result.data }
    : { ok: false, ...fieldErrorsOf(result.error.issues) };
}

/**
 * Edited values against the saved ones → updateMilestone's input with only the changed fields,
 * or the messages per field (every field is checked, changed or not, so the user sees them all).
 * `changed: false` when there is nothing to save.
 */
export function parseUpdateForm(
  values: MilestoneFormValues,
  saved: MilestoneFormValues,
): FormParse<MilestoneUpdateInput> & { changed?: boolean } {
  const all = parseCreateForm(values);
  if (!all.ok) return all;
  const change: Record<string, unknown> = {};
  if (all.input.title !== saved.title.trim()) change.title = all.input.title;
  if (all.input.description !== saved.description) change.description = all.input.description;
  if (all.input.status !== saved.status) change.status = all.input.status;
  if ((all.input.dueDate ?? "") !== saved.dueDate) change.dueDate = all.input.dueDate;
  if (Object.keys(change).length === 0) return { ok: true, input: {}, changed: false };
  const result = milestoneUpdateSchema.safeParse(change);
  return result.success
    ? { ok: true, input: result.data, changed: true }
    : { ok: false, ...fieldErrorsOf(result.error.issues) };
}

/** The form values of a saved milestone. */
export function formValuesOf(milestone: {
  title: string;
  description: string;
  status: MilestoneStatus;
  dueDate: string | null;
}): MilestoneFormValues {
  return {
    title: milestone.title,
    description: milestone.description,
    status: milestone.status,
    dueDate: milestone.dueDate ?? "",
  };
}

/**
 * The user's edits moved onto a newer saved version (after a conflict and a reload): fields the
 * user changed keep the user's value, the others take the newer saved value, so saving again
 * does not silently revert someone else's change to a field the user never touched.
 */
export function rebaseFormValues(
  edited: MilestoneFormValues,
  base: MilestoneFormValues,
  latest: MilestoneFormValues,
): MilestoneFormValues {
  const pick = <K extends MilestoneField>(field: K): MilestoneFormValues[K] =>
    edited[field] !== base[field] ? edited[field] : latest[field];
  return {
    title: pick("title"),
    description: pick("description"),
    status: pick("status"),
    dueDate: pick("dueDate"),
  };
}
