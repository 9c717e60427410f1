import { CheckCircle2Icon, CircleDashedIcon, CircleDotIcon, OctagonAlertIcon } from "lucide-react";
import type * as React from "react";
import { Badge } from "@/app/components/ui/badge";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import { MILESTONE_STATUSES, type MilestoneStatus } from "@/core/portable/milestone";
import { cn } from "@/app/lib/utils";

const ICONS: Record<MilestoneStatus, React.ComponentType<{ className?: string }>> = {
  PLANNED: CircleDashedIcon,
  IN_PROGRESS: CircleDotIcon,
  DONE: CheckCircle2Icon,
  BLOCKED: OctagonAlertIcon,
};

const VARIANTS = {
  PLANNED: "outline",
  IN_PROGRESS: "secondary",
  DONE: "success",
  BLOCKED: "warning",
} as const;

export function StatusIcon({ status, className }: { status: MilestoneStatus; className?: string }) {
  const Icon = ICONS[status];
  return <Icon aria-hidden className={cn("size-3.5", className)} />;
}

/** The status as a read-only badge (rows the viewer may not edit). */
export function StatusBadge({ status }: { status: MilestoneStatus }) {
  return (
    <Badge variant={VARIANTS[status]}>
      <StatusIcon status={status} />
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/**
 * A native select for a status: keyboard and screen-reader behaviour for free, no client JS
 * beyond React's. Name it with `aria-label` or a `<label htmlFor>`.
 */
export function StatusSelect({
  value,
  onValueChange,
  className,
  ...props
}: Omit<React.ComponentProps<"select">, "value" | "onChange"> & {
  value: MilestoneStatus;
  onValueChange: (status: MilestoneStatus) => void;
}) {
  return (
    <select
      value={value}
      onChange={(event) => {
        const next = MILESTONE_STATUSES.find((status) => status === event.target.value);
        if (next) onValueChange(next);
      }}
      className={cn(
        "h-8 rounded-md border border-input bg-transparent px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive",
        className,
      )}
      {...props}
    >
      {MILESTONE_STATUSES.map((status) => (
        <option key={status} value={status}>
          {STATUS_LABELS[status]}
        </option>
      ))}
    </select>
  );
}
