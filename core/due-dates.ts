/**
 * What the table's relative due-date filters (core/portable/views.ts's DUE_PRESETS) mean on a
 * given day, in UTC (the API's dates are plain dates; the day boundary is UTC's):
 * - overdue: due strictly before today;
 * - week: due from today to the end of this ISO week (Sunday), inclusive.
 * Returned as the API's `dueBefore` (exclusive) and the earliest date kept (inclusive, applied
 * by the dashboard's listing, since the API filters only by an upper bound).
 */
import type { DuePreset } from "./portable/views";

export interface DueRange {
  /** Earliest due date kept, inclusive; null: no lower bound. */
  from: string | null;
  /** The API's `dueBefore`: due strictly before this date. */
  before: string;
}

const DAY_MS = 86_400_000;

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function dueRangeOf(preset: DuePreset, today: string): DueRange {
  if (preset === "overdue") return { from: null, before: today };
  // getUTCDay: 0 = Sunday … 6 = Saturday; the ISO week ends on Sunday.
  const weekday = new Date(`${today}T00:00:00.000Z`).getUTCDay();
  const daysToMonday = weekday === 0 ? 1 : 8 - weekday;
  return { from: today, before: addDays(today, daysToMonday) };
}
