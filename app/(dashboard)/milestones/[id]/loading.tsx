import { Skeleton } from "@/app/components/ui/skeleton";

/** The detail page's shape while the milestone loads. */
export default function MilestoneLoading() {
  return (
    <div role="status" aria-label="Loading milestone" className="mx-auto grid max-w-3xl gap-6">
      <Skeleton className="h-4 w-24" />
      <div className="grid gap-3">
        <Skeleton className="h-8 w-2/3" />
        <div className="flex gap-4">
          <Skeleton className="h-5 w-20" />
          <Skeleton className="h-5 w-32" />
          <Skeleton className="h-5 w-28" />
        </div>
      </div>
      <div className="grid gap-4">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-28 w-full" />
        <div className="grid gap-4 sm:grid-cols-2">
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      </div>
      <span className="sr-only">Loading milestone…</span>
    </div>
  );
}
