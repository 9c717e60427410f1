/** A short list of milestones, each a link to its page, with its status and due date. */
import Link from "next/link";
import { StatusBadge } from "@/app/components/milestones/status";
import { DueDate } from "@/app/components/milestones/table-cells";
import { RelativeTime } from "@/app/components/ui/relative-time";
import type { Milestone } from "@/app/lib/api/schemas";

export function MilestoneList({
  label,
  items,
  today,
  now,
  show,
  empty,
}: {
  label: string;
  items: Milestone[];
  today: string;
  now: Date;
  /** What the right-hand column shows: the due date or the last change. */
  show: "due" | "updated";
  empty: string;
}) {
  if (items.length === 0)
    return (
      <p className="text-sm text-muted-foreground" role="status">
        {empty}
      </p>
    );
  return (
    <ul aria-label={label} className="divide-y rounded-lg border">
      {items.map((m) => (
        <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
          <Link
            href={`/milestones/${encodeURIComponent(m.id)}`}
            className="min-w-0 flex-1 truncate font-medium underline-offset-4 hover:underline"
          >
            {m.title}
          </Link>
          <span className="flex items-center gap-3 text-sm">
            <StatusBadge status={m.status} />
            {show === "due" ? (
              <DueDate value={m.dueDate} status={m.status} today={today} />
            ) : (
              <span className="text-muted-foreground">
                <RelativeTime value={m.updatedAt} now={now} />
              </span>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
