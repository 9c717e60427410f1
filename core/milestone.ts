/**
 * Milestone input rules. The resolvers (APPSYNC_JS, where zod cannot run) apply the same
 * limits from {@link MILESTONE_LIMITS}; the dashboard's forms parse with these schemas.
 */
import { z } from "zod";

export const MILESTONE_STATUSES = ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

/** Lengths are in UTF-16 code units (JavaScript's `length`), the same in every runtime. */
export const MILESTONE_LIMITS = {
  titleMin: 1,
  titleMax: 200,
  descriptionMax: 5_000,
} as const;

const title = z
  .string()
  .trim()
  .min(MILESTONE_LIMITS.titleMin, "Title is required")
  .max(MILESTONE_LIMITS.titleMax, `Title must be at most ${MILESTONE_LIMITS.titleMax} characters`);

const description = z
  .string()
  .max(
    MILESTONE_LIMITS.descriptionMax,
    `Description must be at most ${MILESTONE_LIMITS.descriptionMax} characters`,
  );

const status = z.enum(MILESTONE_STATUSES, { error: "Unknown status" });

/** A calendar date `YYYY-MM-DD` (AppSync's AWSDate without offset); null clears it. */
const dueDate = z.iso.date({ error: "Due date must be a valid date (YYYY-MM-DD)" }).nullable();

/** Input of createMilestone. */
export const milestoneCreateSchema = z.strictObject({
  title,
  description: description.default(""),
  status: status.default("PLANNED"),
  dueDate: dueDate.default(null),
});
export type MilestoneCreateInput = z.infer<typeof milestoneCreateSchema>;

/** Input of updateMilestone: any subset of the fields, at least one. */
export const milestoneUpdateSchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    status: status.optional(),
    dueDate: dueDate.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    error: "Nothing to update",
  });
export type MilestoneUpdateInput = z.infer<typeof milestoneUpdateSchema>;
