"use client";

/**
 * The Milestones table's feature set and columns, declared once: each column owns its `header`
 * and `cell` (rendered by `milestones-table.tsx` with `flexRender`). What a cell needs from the
 * page (viewer, clock, the rows with a change in flight, the mutations) reaches it through the
 * table's typed `meta`, so the columns stay module-level constants.
 */
import {
  columnVisibilityFeature,
  createColumnHelper,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type CellData,
  type HeaderContext,
  type Table,
} from "@tanstack/react-table";
import { MoreHorizontalIcon } from "lucide-react";
import Link from "next/link";
import { lazy } from "react";
import { Button } from "@/app/components/ui/button";
import { Checkbox } from "@/app/components/ui/checkbox";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import { RelativeTime } from "@/app/components/ui/relative-time";
import type { Milestone } from "@/app/lib/api/schemas";
import type { MilestoneStatus } from "@/core/portable/milestone";
import { canEdit as canEditMilestone } from "@/core/portable/authorization";
import type { Caller as Viewer } from "@/core/portable/caller";
import type { HideableColumn } from "@/app/lib/milestones/table-state";
import { DueDate, SortHeader } from "./table-cells";
import { StatusBadge, StatusSelect } from "./status";

/** What the cells read from the page, as `table.options.meta`. */
export interface MilestoneTableMeta {
  viewer: Viewer;
  /** The server's render time, so relative dates match between server and client. */
  now: Date;
  /** `now`'s UTC date (YYYY-MM-DD): due dates before it are overdue. */
  today: string;
  /** Rows with a change in flight: their version is about to move, so no second change yet. */
  inFlight: ReadonlySet<string>;
  onStatusChange: (milestone: Milestone, status: MilestoneStatus) => void;
  /** Asks to delete one row (the page confirms first). */
  onDeleteRequest: (milestone: Milestone) => void;
}

/** Per-column presentation, as `column.columnDef.meta`. */
export interface MilestoneColumnMeta {
  headClassName?: string;
  cellClassName?: string;
}

export const features = tableFeatures({
  rowSelectionFeature,
  columnVisibilityFeature,
  rowSortingFeature,
  tableMeta: metaHelper<MilestoneTableMeta>(),
  columnMeta: metaHelper<MilestoneColumnMeta>(),
});
export type MilestoneTable = Table<typeof features, Milestone>;

const helper = createColumnHelper<typeof features, Milestone>();

/** The hideable columns' names (their headers and the Columns menu). */
export const COLUMN_LABELS: Record<HideableColumn, string> = {
  status: "Status",
  owner: "Owner",
  dueDate: "Due date",
  updatedAt: "Updated",
};

/** The page's meta; `milestones-table.tsx` always passes it. */
function metaOf(table: MilestoneTable): MilestoneTableMeta {
  const meta = table.options.meta;
  if (!meta) throw new Error("The Milestones table renders its cells only with its meta");
  return meta;
}

/** Loaded when a menu is opened: no Radix popper code in the first paint. */
export const loadMenus = () => import("./table-menus");
const RowActionsMenu = lazy(() => loadMenus().then((m) => ({ default: m.RowActionsMenu })));

const milestoneHref = (milestone: Milestone) => `/milestones/${encodeURIComponent(milestone.id)}`;

/** The header of a column sorted one way only (due date ascending, updated descending). */
function sortHeader(label: string, direction: "asc" | "desc") {
  return function Header<TValue extends CellData>({
    column,
    table,
  }: HeaderContext<typeof features, Milestone, TValue>) {
    return (
      <SortHeader
        label={label}
        active={column.getIsSorted() !== false}
        direction={direction}
        onSort={() => table.setSorting([{ id: column.id, desc: direction === "desc" }])}
      />
    );
  };
}

/** The columns every viewer sees. */
export const dataColumns = helper.columns([
  helper.accessor("title", {
    header: "Title",
    enableHiding: false,
    enableSorting: false,
    cell: ({ row }) => (
      <Link
        href={milestoneHref(row.original)}
        className="font-medium underline-offset-4 hover:underline focus-visible:underline"
      >
        {row.original.title}
      </Link>
    ),
  }),
  helper.accessor("status", {
    header: COLUMN_LABELS.status,
    enableSorting: false,
    cell: ({ row, table }) => {
      const { viewer, inFlight, onStatusChange } = metaOf(table);
      const milestone = row.original;
      if (!canEditMilestone(viewer, milestone)) return <StatusBadge status={milestone.status} />;
      const busy = inFlight.has(milestone.id);
      return (
        <StatusSelect
          aria-label="Status"
          value={milestone.status}
          disabled={busy}
          aria-busy={busy || undefined}
          onValueChange={(status) => onStatusChange(milestone, status)}
        />
      );
    },
  }),
  helper.accessor("ownerId", {
    id: "owner",
    header: COLUMN_LABELS.owner,
    enableSorting: false,
    cell: ({ row, table }) => (
      <span className="whitespace-nowrap">
        {row.original.owner?.name ?? "Unknown user"}
        {row.original.ownerId === metaOf(table).viewer.userId ? (
          <span className="text-muted-foreground"> (you)</span>
        ) : null}
      </span>
    ),
  }),
  helper.accessor("dueDate", {
    header: sortHeader(COLUMN_LABELS.dueDate, "asc"),
    enableSorting: true,
    cell: ({ row, table }) => (
      <DueDate
        value={row.original.dueDate}
        status={row.original.status}
        today={metaOf(table).today}
      />
    ),
  }),
  helper.accessor("updatedAt", {
    header: sortHeader(COLUMN_LABELS.updatedAt, "desc"),
    enableSorting: true,
    cell: ({ row, table }) => (
      <RelativeTime value={row.original.updatedAt} now={metaOf(table).now} />
    ),
  }),
  helper.display({
    id: "actions",
    header: () => <span className="sr-only">Actions</span>,
    enableHiding: false,
    meta: { headClassName: "w-12 text-right", cellClassName: "text-right" },
    cell: ({ row, table }) => {
      const { viewer, onDeleteRequest } = metaOf(table);
      const milestone = row.original;
      return (
        <LazyPopup
          load={loadMenus}
          popup={RowActionsMenu}
          props={{
            href: milestoneHref(milestone),
            editable: canEditMilestone(viewer, milestone),
            onDelete: () => onDeleteRequest(milestone),
          }}
          trigger={
            <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${milestone.title}`}>
              <MoreHorizontalIcon aria-hidden />
            </Button>
          }
        />
      );
    },
  }),
]);

/** The selection column: only for viewers who may bulk-delete. */
const selectColumn = helper.display({
  id: "select",
  enableHiding: false,
  meta: { headClassName: "w-10" },
  header: ({ table }) => (
    <Checkbox
      checked={
        table.getIsAllPageRowsSelected()
          ? true
          : table.getIsSomePageRowsSelected()
            ? "indeterminate"
            : false
      }
      onCheckedChange={(value) => table.toggleAllPageRowsSelected(value)}
      aria-label="Select all on this page"
      disabled={table.getRowModel().rows.length === 0}
    />
  ),
  cell: ({ row }) => (
    <Checkbox
      checked={row.getIsSelected()}
      onChange={row.getToggleSelectedHandler()}
      aria-label={`Select ${row.original.title}`}
    />
  ),
});

export const columnsWithSelect = helper.columns([selectColumn, ...dataColumns]);
