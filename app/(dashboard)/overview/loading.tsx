import { PageHeader } from "@/app/components/shell/page-states";
import { Skeleton } from "@/app/components/ui/skeleton";

/**
 * The overview's shape while its data loads. The admin pages have no loading.tsx (a streamed
 * 200 would precede their 403); the overview answers every member, so it keeps one.
 */
export default function OverviewLoading() {
  return (
    <div role="status" aria-label="Loading overview" className="grid gap-6">
      <PageHeader title="Overview" />
      <div className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-40 w-full" />
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
