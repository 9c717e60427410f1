import { Skeleton } from "@/app/components/ui/skeleton";

/**
 * A dashboard page's shape while it loads its data: the `loading.tsx` of the members, audit
 * and sync pages. Not a `(dashboard)/loading.tsx`: that boundary would also wrap
 * /milestones/[id], which must resolve its milestone before the response starts (see the
 * comment at the top of that page).
 */
export function PageSkeleton() {
  return (
    <div role="status" aria-label="Loading" className="grid gap-6">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <div className="grid gap-2 rounded-lg border p-4">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-8 w-full" />
        ))}
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
