/**
 * The scope's milestones by status: a link per status to the milestones list filtered by it
 * (the URL is the table state), the lazy chart, and the same numbers as a visually-hidden
 * table for screen readers (the chart itself is hidden from them).
 */
import { BarChart3Icon } from "lucide-react";
import Link from "next/link";
import { StatusIcon } from "@/app/components/milestones/status";
import { EmptyState } from "@/app/components/shell/page-states";
import type { MilestoneStats } from "@/app/lib/api/schemas";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import { DEFAULT_TABLE_STATE, tableStateHref } from "@/app/lib/milestones/table-state";
import { StatusChartLazy } from "./status-chart-lazy";

export function statusHref(status: MilestoneStats["counts"][number]["status"]): string {
  return tableStateHref({ ...DEFAULT_TABLE_STATE, status: [status] });
}

export function StatusCounts({ stats }: { stats: MilestoneStats }) {
  if (stats.total === 0)
    return (
      <EmptyState title="No milestones yet" icon={<BarChart3Icon aria-hidden />}>
        <p>
          Counts by status show here once there are milestones.{" "}
          <Link href="/milestones" className="underline underline-offset-4">
            Go to milestones
          </Link>
        </p>
      </EmptyState>
    );
  const data = stats.counts.map((c) => ({ ...c, label: STATUS_LABELS[c.status] }));
  return (
    <div className="grid gap-4">
      <ul aria-label="Milestones by status" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {data.map((d) => (
          <li key={d.status}>
            <Link
              href={statusHref(d.status)}
              className="flex flex-col gap-1 rounded-lg border p-3 outline-none transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/60"
            >
              <span className="flex items-center gap-1.5 text-sm text-muted-foreground">
                <StatusIcon status={d.status} />
                {d.label}
              </span>
              <span
                className="text-2xl font-semibold tabular-nums"
                data-testid={`count-${d.status}`}
              >
                {d.count}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="text-sm text-muted-foreground">
        <span data-testid="count-total">{stats.total}</span> milestones in all.
      </p>
      <StatusChartLazy data={data} />
      <table className="sr-only">
        <caption>Milestones by status</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Milestones</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.status}>
              <th scope="row">{d.label}</th>
              <td>{d.count}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total</th>
            <td>{stats.total}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
