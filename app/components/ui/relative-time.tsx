import { useId } from "react";
import { Tooltip } from "@/app/components/ui/tooltip";
import { cn } from "@/app/lib/utils";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 minutes ago", "in 2 days", "just now". */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return "just now";
}

/** The exact time, unambiguous: "26 Nov 2026, 18:46:05 UTC". */
export function formatExact(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "UTC",
  })
    .format(date)
    .concat(" UTC");
}

/**
 * A relative date with the exact time on hover and on keyboard focus (rendered on the
 * server, so it needs no client clock). The tooltip is CSS-only and is also the time's
 * accessible description.
 */
export function RelativeTime({
  value,
  now,
  className,
}: {
  value: string;
  now?: Date;
  className?: string;
}) {
  const exactId = useId();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span className={className}>—</span>;
  return (
    <Tooltip id={exactId} content={formatExact(date)}>
      <time
        dateTime={date.toISOString()}
        tabIndex={0}
        aria-describedby={exactId}
        className={cn(
          "whitespace-nowrap rounded-sm underline decoration-dotted decoration-muted-foreground/50 underline-offset-4 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60",
          className,
        )}
      >
        {formatRelative(date, now)}
      </time>
    </Tooltip>
  );
}
