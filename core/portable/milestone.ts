/**
 * Milestone statuses and limits, the one home of both: the resolvers validate with them,
 * core/milestone.ts's zod schemas are built from them, the dashboard's forms and table read
 * them. Plain constants, so importing them ships nothing else.
 */

export const MILESTONE_STATUSES = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** The status of a milestone created without one. */
export const DEFAULT_MILESTONE_STATUS: MilestoneStatus = "PLANNED";

/** Lengths are in UTF-16 code units (JavaScript's `length`), the same in every runtime. */
export const MILESTONE_LIMITS = {
  titleMin: 1,
  titleMax: 200,
  descriptionMax: 5_000,
} as const;

/**
 * deleteMilestones takes 1–25 ids: a TransactWriteItems holds 100 items, and each delete
 * comes with its audit entry.
 */
export const BULK_DELETE_MAX = 25;

/**
 * updateMilestones takes 1–25 items, for the same reason: each Put comes with its audit
 * entry (50 items), and the scope's counters add a few more, well under TransactWriteItems'
 * 100.
 */
export const BULK_UPDATE_MAX = 25;

/** The fields a bulk edit may change (updateMilestones' `input`). */
export const BULK_UPDATE_FIELDS = ["status", "dueDate", "ownerId"] as const;

export function isMilestoneStatus(value: unknown): value is MilestoneStatus {
  return typeof value === "string" && MILESTONE_STATUSES.indexOf(value as MilestoneStatus) >= 0;
}

/** The sort value used for milestones with no due date: after every ISO date. */
export const NO_DUE_DATE = "~";

/**
 * Overdue: not done, with a due date (a calendar day, `YYYY-MM-DD`) before `today` (UTC,
 * the same form). The one home of the rule: the table marks these, the overview lists them.
 */
export function isOverdue(
  milestone: { status: string; dueDate?: string | null },
  today: string,
): boolean {
  return milestone.status !== "DONE" && !!milestone.dueDate && milestone.dueDate < today;
}
