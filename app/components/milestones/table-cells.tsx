/**
 * Small pieces the Milestones table's columns render: a sortable header and a due date.
 */
import { ArrowDownIcon, ArrowUpIcon } from "lucide-react";
import { Button } from "@/app/components/ui/button";
import { isOverdue, type MilestoneStatus } from "@/core/portable/milestone";
import { cn } from "@/app/lib/utils";

/**
 * A header that sorts its column: each sortable column has one direction (due date ascending,
 * updated descending), so the button names either the sort it applies or the one in force.
 */
export function SortHeader({
  label,
  active,
  direction,
  onSort,
}: {
  label: string;
  active: boolean;
  direction: "asc" | "desc";
  onSort: () => void;
}) {
  const Arrow = direction === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <Button
      variant="ghost"
      size="sm"
      className="-ml-3 h-8"
      onClick={onSort}
      aria-label={
        active
          ? `${label}, sorted ${direction === "asc" ? "ascending" : "descending"}`
          : `Sort by ${label.toLowerCase()}`
      }
    >
      {label}
      <Arrow aria-hidden className={cn(!active && "opacity-30")} />
    </Button>
  );
}

const dueFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A due date (a calendar day, shown in UTC), marked overdue when not done and before today. */
export function DueDate({
  value,
  status,
  today,
}: {
  value: string | null;
  status: MilestoneStatus;
  today: string;
}) {
  if (!value) return <span className="text-muted-foreground">—</span>;
  const overdue = isOverdue({ status, dueDate: value }, today);
  return (
    <time
      dateTime={value}
      className={cn("whitespace-nowrap", overdue && "font-medium text-destructive")}
    >
      {dueFormat.format(new Date(`${value}T00:00:00Z`))}
      {overdue ? <span className="ml-1 text-xs">(overdue)</span> : null}
    </time>
  );
}
