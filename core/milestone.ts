/**
 * Milestone input schemas (zod) for Node code: the dashboard's server actions parse with them.
 * The statuses and limits are core/portable/milestone.ts's, which the resolvers (APPSYNC_JS,
 * where zod cannot run) and the browser import directly. Node-only: the schemas are built
 * when this module loads, which no bundler can drop.
 */
import { z } from "zod";
import {
  DEFAULT_MILESTONE_STATUS,
  MILESTONE_LIMITS,
  MILESTONE_STATUSES,
  type MilestoneStatus,
} from "./portable/milestone";

export { MILESTONE_LIMITS, MILESTONE_STATUSES, type MilestoneStatus };

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
  status: status.default(DEFAULT_MILESTONE_STATUS),
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

/**
 * Input of updateMilestones (bulk edit): status, due date (null clears it) and owner, at
 * least one. Whether the caller may change the owner, and to whom, the API decides.
 */
export const milestoneBulkUpdateSchema = z
  .strictObject({
    status: status.optional(),
    dueDate: dueDate.optional(),
    ownerId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "Choose an owner from the list")
      .optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    error: "Choose at least one change",
  });
export type MilestoneBulkUpdateInput = z.infer<typeof milestoneBulkUpdateSchema>;
