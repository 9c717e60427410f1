"use client";
/** The status chart, fetched only in the browser after first paint; a skeleton meanwhile. */
import dynamic from "next/dynamic";
import { Skeleton } from "@/app/components/ui/skeleton";

export const StatusChartLazy = dynamic(() => import("./status-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-56 w-full" data-testid="status-chart-skeleton" />,
});
