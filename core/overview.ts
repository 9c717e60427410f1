/**
 * The overview's rules (the dashboard's landing page): which of the viewer's milestones it
 * lists, in which group, and how far ahead it looks. Pure; app/lib/overview.ts loads the
 * data through the API and the page only renders.
 */
import { isOverdue, type MilestoneStatus } from "./portable/milestone";

/** How many days ahead "due soon" looks, today included as day 0. */
export const DUE_SOON_DAYS = 14;
/** Recently changed milestones shown. */
export const RECENT_LIMIT = 5;

/** A UTC calendar day (`YYYY-MM-DD`) of an instant. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The days the overview's own list covers: everything due before `today` (overdue) and
 * from `today` to `lastDueDay` inclusive (due soon). `dueBefore` is the API filter's
 * exclusive bound (`dueDate < dueBefore`), the day after `lastDueDay`.
 */
export function dueWindow(now: Date): { today: string; lastDueDay: string; dueBefore: string } {
  const day = (offset: number) => utcDay(new Date(now.getTime() + offset * 86_400_000));
  return { today: day(0), lastDueDay: day(DUE_SOON_DAYS), dueBefore: day(DUE_SOON_DAYS + 1) };
}

interface Dated {
  status: MilestoneStatus;
  dueDate: string | null;
}

/**
 * The viewer's open milestones in the window, split: overdue (before today) and due soon
 * (today to `lastDueDay`), each by due date, earliest first. Done ones, undated ones and
 * those due later are left out, whatever the API returned.
 */
export function groupMyMilestones<T extends Dated>(
  items: readonly T[],
  window: { today: string; lastDueDay: string },
): { overdue: T[]; dueSoon: T[] } {
  const open = items
    .filter((m) => m.status !== "DONE" && m.dueDate !== null && m.dueDate <= window.lastDueDay)
    .sort((a, b) => (a.dueDate ?? "").localeCompare(b.dueDate ?? ""));
  return {
    overdue: open.filter((m) => isOverdue(m, window.today)),
    dueSoon: open.filter((m) => !isOverdue(m, window.today)),
  };
}
