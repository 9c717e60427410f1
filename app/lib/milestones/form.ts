/**
 * The milestone form's values, and what the form sends: plain data shaping, no validation
 * and no zod, so it costs the browser almost nothing. The server actions validate with core's
 * zod schemas (the one source of truth, see validation.ts) and answer a message per field.
 */
import type { MilestoneStatus } from "../../../core/portable/milestone";

/** What the dashboard calls each status (core/portable/milestone.ts lists them). */
export const STATUS_LABELS: Record<MilestoneStatus, string> = {
  PLANNED: "Planned",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  BLOCKED: "Blocked",
};

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

/**
 * The date input's value as the form sends it: null for none, and for a date the browser
 * could not parse (a half-typed one: value "" with `validity.badInput`) a string the server's
 * schema rejects with its "valid date" message.
 */
function dueDateOf(values: MilestoneFormValues, badDate: boolean): string | null {
  if (values.dueDate === "") return badDate ? "invalid" : null;
  return values.dueDate;
}

/** createMilestone's raw input from the form (the server action parses it). */
export function toCreateInput(values: MilestoneFormValues, badDate = false) {
  return {
    title: values.title,
    description: values.description,
    status: values.status,
    dueDate: dueDateOf(values, badDate),
  };
}

/**
 * updateMilestone's raw input: only the fields that differ from the saved ones (a title that
 * differs only in surrounding spaces is unchanged). Empty when there is nothing to save.
 */
export function changedFields(
  values: MilestoneFormValues,
  saved: MilestoneFormValues,
  badDate = false,
): Partial<Record<MilestoneField, string | null>> {
  const change: Partial<Record<MilestoneField, string | null>> = {};
  if (values.title.trim() !== saved.title.trim()) change.title = values.title;
  if (values.description !== saved.description) change.description = values.description;
  if (values.status !== saved.status) change.status = values.status;
  const dueDate = dueDateOf(values, badDate);
  if ((dueDate ?? "") !== saved.dueDate) change.dueDate = dueDate;
  return change;
}
