"use client";
/**
 * The scope's counts by status as a bar chart (recharts). Loaded lazily by StatusChartLazy:
 * recharts stays out of the overview's first-load JS. Decorative for assistive technology:
 * the same numbers are in the visible list and the visually-hidden table beside it.
 */
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { MilestoneStatus } from "@/core/portable/milestone";

export interface ChartDatum {
  status: MilestoneStatus;
  label: string;
  count: number;
}

const FILL: Record<MilestoneStatus, string> = {
  PLANNED: "var(--muted-foreground)",
  IN_PROGRESS: "var(--primary)",
  DONE: "var(--success)",
  BLOCKED: "var(--warning)",
};

export default function StatusChart({ data }: { data: ChartDatum[] }) {
  return (
    <div aria-hidden="true" className="h-56 w-full" data-testid="status-chart">
      <ResponsiveContainer width="100%" height="100%">
        {/* No keyboard layer: the chart is hidden from assistive technology (the numbers are in
            the list and the table beside it), so it must not take focus either. */}
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="label"
            tickLine={false}
            axisLine={false}
            stroke="var(--muted-foreground)"
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            stroke="var(--muted-foreground)"
          />
          <Bar dataKey="count" radius={[4, 4, 0, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.status} fill={FILL[d.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
