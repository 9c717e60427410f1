import { PageHeader } from "@/app/components/shell/page-states";
import { Skeleton } from "@/app/components/ui/skeleton";

/** The table's shape while the first page loads. */
export default function MilestonesLoading() {
  return (
    <div role="status" aria-label="Loading milestones">
      <PageHeader title="Milestones" />
      <div className="mb-4 flex gap-2">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-8 w-24" />
        <Skeleton className="h-8 w-24" />
        <Skeleton className="ml-auto h-8 w-28" />
      </div>
      <div className="grid gap-px overflow-hidden rounded-md border">
        <Skeleton className="h-10 rounded-none" />
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="flex items-center gap-4 px-3 py-3">
            <Skeleton className="h-4 flex-[3]" />
            <Skeleton className="h-6 w-24" />
            <Skeleton className="h-4 w-28" />
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-20" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading milestones…</span>
    </div>
  );
}
