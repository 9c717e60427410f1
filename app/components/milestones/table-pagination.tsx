/**
 * The Milestones table's footer: where one is (page, rows, or the selection), rows per page,
 * and previous/next. Pages are a trail of cursors in the URL: "Next page" appends the server's
 * next cursor, "Previous page" drops the last one.
 */
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { Button } from "@/app/components/ui/button";
import {
  MAX_TRAIL,
  PAGE_SIZES,
  withNextPage,
  withPreviousPage,
  withQuery,
  type MilestoneTableState,
} from "@/app/lib/milestones/table-state";
import type { Navigate } from "./use-table-navigation";

export interface TablePaginationProps {
  state: MilestoneTableState;
  navigate: Navigate;
  /** Rows on this page. */
  rowCount: number;
  /** Rows selected on this page (0 when none or when the viewer cannot select). */
  selectedCount: number;
  /** The cursor of the page after this one; null on the last page. */
  nextCursor: string | null;
  /** A navigation is running: no second one meanwhile. */
  pending: boolean;
}

/** "Page 3 · 25 milestones", or "2 of 25 selected"; "21+" once the trail forgets pages. */
export function pageSummary(state: MilestoneTableState, rowCount: number, selectedCount: number) {
  if (selectedCount > 0) return `${selectedCount} of ${rowCount} selected`;
  const pageIndex = state.trail.length;
  return `Page ${pageIndex + 1}${pageIndex === MAX_TRAIL ? "+" : ""} · ${rowCount} milestone${rowCount === 1 ? "" : "s"}`;
}

export function TablePagination({
  state,
  navigate,
  rowCount,
  selectedCount,
  nextCursor,
  pending,
}: TablePaginationProps) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-4 text-sm">
      <p className="text-muted-foreground" aria-live="polite">
        {pageSummary(state, rowCount, selectedCount)}
      </p>
      <div className="flex items-center gap-4">
        <label className="flex items-center gap-2">
          <span>Rows per page</span>
          <select
            value={state.size}
            onChange={(event) => {
              const size = PAGE_SIZES.find((value) => value === Number(event.target.value));
              if (size) navigate(withQuery(state, { size }));
            }}
            className="h-8 rounded-md border border-input bg-transparent px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-center gap-2">
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Previous page"
            disabled={state.trail.length === 0 || pending}
            onClick={() => navigate(withPreviousPage(state))}
          >
            <ChevronLeftIcon aria-hidden />
          </Button>
          <Button
            variant="outline"
            size="icon-sm"
            aria-label="Next page"
            disabled={nextCursor === null || pending}
            onClick={() => nextCursor && navigate(withNextPage(state, nextCursor))}
          >
            <ChevronRightIcon aria-hidden />
          </Button>
        </div>
      </div>
    </div>
  );
}
