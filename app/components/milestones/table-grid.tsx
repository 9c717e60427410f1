/**
 * The Milestones table's grid: headers and cells as each column defines them (`flexRender`),
 * `aria-sort` on the sorted column, and one full-width row for an empty page.
 */
import { flexRender } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { Button } from "@/app/components/ui/button";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/components/ui/table";
import { isFiltered, type MilestoneTableState } from "@/app/lib/milestones/table-state";
import { cn } from "@/app/lib/utils";
import type { MilestoneTable } from "./table-columns";

export function TableGrid({
  table,
  pending,
  empty,
  highlighted,
}: {
  table: MilestoneTable;
  /** A navigation is running: the rows are about to be replaced. */
  pending: boolean;
  /** Rows another user just changed (live updates): shown highlighted for a moment. */
  highlighted?: ReadonlySet<string> | null;
  /** What an empty page says. */
  empty: ReactNode;
}) {
  const rows = table.getRowModel().rows;
  return (
    <div className="rounded-md border">
      <Table
        aria-label="Milestones"
        aria-busy={pending || undefined}
        className={cn("transition-opacity", pending && "opacity-60")}
      >
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => {
                const sortedAs = header.column.getIsSorted();
                return (
                  <TableHead
                    key={header.id}
                    aria-sort={
                      sortedAs === "asc"
                        ? "ascending"
                        : sortedAs === "desc"
                          ? "descending"
                          : undefined
                    }
                    className={header.column.columnDef.meta?.headClassName}
                  >
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow
              key={row.id}
              data-state={row.getIsSelected() ? "selected" : undefined}
              data-live-changed={highlighted?.has(row.id) ? "" : undefined}
              className={cn(
                "transition-colors duration-700",
                highlighted?.has(row.id) && "bg-primary/10",
              )}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} className={cell.column.columnDef.meta?.cellClassName}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {rows.length === 0 ? (
            <TableRow>
              <TableCell
                colSpan={table.getVisibleLeafColumns().length}
                className="h-32 text-center"
              >
                {empty}
              </TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
    </div>
  );
}

/** An empty page: nothing matches the filters, the last page was full, or no milestones yet. */
export function EmptyMessage({
  state,
  onReset,
}: {
  state: MilestoneTableState;
  onReset: () => void;
}) {
  if (isFiltered(state)) {
    return (
      <div className="grid justify-items-center gap-2">
        <p className="font-medium">No milestones match these filters</p>
        <Button variant="outline" size="sm" onClick={onReset}>
          Reset filters
        </Button>
      </div>
    );
  }
  if (state.trail.length > 0) {
    return <p className="font-medium">No more milestones</p>;
  }
  return (
    <div className="grid justify-items-center gap-1">
      <p className="font-medium">No milestones yet</p>
      <p className="text-muted-foreground">Create one with “New milestone”.</p>
    </div>
  );
}
