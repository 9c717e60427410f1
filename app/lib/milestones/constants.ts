/**
 * core/milestone's runtime constants for the browser. Importing core/milestone itself would
 * ship zod to the client (its schemas are built when the module loads, which no bundler can
 * drop), so these mirror it; constants.test.ts fails the moment they differ.
 */
import type { MilestoneStatus } from "../../../core/milestone";

export type { MilestoneStatus };

export const MILESTONE_STATUSES = [
  "PLANNED",
  "IN_PROGRESS",
  "DONE",
  "BLOCKED",
] as const satisfies readonly MilestoneStatus[];

export const MILESTONE_LIMITS = { titleMin: 1, titleMax: 200, descriptionMax: 5_000 } as const;

export const STATUS_LABELS: Record<MilestoneStatus, string> = {
  PLANNED: "Planned",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  BLOCKED: "Blocked",
};
