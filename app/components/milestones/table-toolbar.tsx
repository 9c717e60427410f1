"use client";

/**
 * The Milestones table's toolbar: title search, status and owner filters, "Reset filters",
 * "Delete selected" (for viewers who may bulk-delete) and the Columns menu. Every filter
 * rewrites the URL; the table state comes back from the server page.
 */
import {
  DownloadIcon,
  PencilIcon,
  SearchIcon,
  Settings2Icon,
  Trash2Icon,
  XIcon,
} from "lucide-react";
import { lazy, useEffect, useState, type ReactNode } from "react";
import { Button } from "@/app/components/ui/button";
import { Input } from "@/app/components/ui/input";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import { MILESTONE_STATUSES } from "@/core/portable/milestone";
import type { OwnerOption } from "@/app/lib/milestones/owners";
import {
  DEFAULT_PAGE_SIZE,
  HIDEABLE_COLUMNS,
  isFiltered,
  tableStateHref,
  withQuery,
  type HideableColumn,
  type MilestoneTableState,
} from "@/app/lib/milestones/table-state";
import { FacetedFilter, type FacetOption } from "./faceted-filter";
import { StatusIcon } from "./status";
import { COLUMN_LABELS, loadMenus } from "./table-columns";
import type { Navigate } from "./use-table-navigation";

const ColumnsMenu = lazy(() => loadMenus().then((m) => ({ default: m.ColumnsMenu })));

const STATUS_OPTIONS: FacetOption[] = MILESTONE_STATUSES.map((status) => ({
  value: status,
  label: STATUS_LABELS[status],
  icon: <StatusIcon status={status} className="text-muted-foreground" />,
}));

/** The state with no filters and no search (sort, size and hidden columns kept). */
export function withoutFilters(state: MilestoneTableState): MilestoneTableState {
  return withQuery(state, { status: [], owner: [], q: "", due: null });
}

export interface TableToolbarProps {
  state: MilestoneTableState;
  navigate: Navigate;
  /** Owners to filter by, "(you)" marked; null hides the owner filter (personal scope). */
  owners: OwnerOption[] | null;
  viewerId: string;
  /** How many rows are selected; null: the viewer may not bulk-delete (no button). */
  selectedCount: number | null;
  /** A mutation is running: no bulk delete meanwhile. */
  mutating: boolean;
  onDeleteSelected: () => void;
  /** How many rows are selected for a bulk edit; null or absent: no "Edit selected". */
  editCount?: number | null;
  onEditSelected?: () => void;
  onColumnVisibility: (column: HideableColumn, visible: boolean) => void;
  /** The Views menu, first in the toolbar; none when absent. */
  viewsMenu?: ReactNode;
}

export function TableToolbar({
  state,
  navigate,
  owners,
  viewerId,
  selectedCount,
  mutating,
  onDeleteSelected,
  editCount = null,
  onEditSelected,
  onColumnVisibility,
  viewsMenu,
}: TableToolbarProps) {
  const ownerOptions: FacetOption[] | null = owners
    ? owners.map((owner) => ({
        value: owner.id,
        label: owner.id === viewerId ? `${owner.name} (you)` : owner.name,
      }))
    : null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {viewsMenu}
      <SearchBox state={state} navigate={navigate} />
      <FacetedFilter
        title="Status"
        options={STATUS_OPTIONS}
        selected={state.status}
        onChange={(values) =>
          navigate(
            withQuery(state, {
              status: MILESTONE_STATUSES.filter((status) => values.includes(status)),
            }),
          )
        }
      />
      {ownerOptions ? (
        <FacetedFilter
          title="Owner"
          options={ownerOptions}
          selected={state.owner}
          searchable={ownerOptions.length > 8}
          onChange={(values) => navigate(withQuery(state, { owner: values }))}
        />
      ) : null}
      {isFiltered(state) ? (
        <Button
          variant="ghost"
          size="sm"
          className="h-8"
          onClick={() => navigate(withoutFilters(state))}
        >
          Reset filters
          <XIcon aria-hidden />
        </Button>
      ) : null}
      <div className="ml-auto flex items-center gap-2">
        {editCount !== null && onEditSelected ? (
          <Button
            variant="outline"
            size="sm"
            className="h-8"
            disabled={editCount === 0 || mutating}
            onClick={onEditSelected}
          >
            <PencilIcon aria-hidden />
            Edit selected
            {editCount > 0 ? <span>({editCount})</span> : null}
          </Button>
        ) : null}
        {selectedCount !== null ? (
          <Button
            variant="destructive"
            size="sm"
            className="h-8"
            disabled={selectedCount === 0 || mutating}
            onClick={onDeleteSelected}
          >
            <Trash2Icon aria-hidden />
            Delete selected
            {selectedCount > 0 ? <span>({selectedCount})</span> : null}
          </Button>
        ) : null}
        {/* A plain link: the route answers with a download (Content-Disposition), and the
            table's filter and sort go along in the query string. */}
        <Button variant="outline" size="sm" className="h-8" asChild>
          <a href={exportHref(state)} download>
            <DownloadIcon aria-hidden />
            Export CSV
          </a>
        </Button>
        <LazyPopup
          load={loadMenus}
          popup={ColumnsMenu}
          props={{
            columns: HIDEABLE_COLUMNS.map((id) => ({
              id,
              label: COLUMN_LABELS[id],
              visible: !state.hide.includes(id),
            })),
            onToggle: (id: string, visible: boolean) => {
              const column = HIDEABLE_COLUMNS.find((hideable) => hideable === id);
              if (column) onColumnVisibility(column, visible);
            },
          }}
          trigger={
            <Button variant="outline" size="sm" className="h-8">
              <Settings2Icon aria-hidden />
              Columns
            </Button>
          }
        />
      </div>
    </div>
  );
}

/**
 * The export route's link for a table state: the filters and sort (page size, hidden
 * columns and the cursor trail say nothing about which rows are exported).
 */
export function exportHref(state: MilestoneTableState): string {
  return tableStateHref(
    { ...state, size: DEFAULT_PAGE_SIZE, hide: [], trail: [] },
    "/milestones/export",
  );
}

/** The search box: local while typing, into the URL ~300 ms after the last keystroke. */
function SearchBox({ state, navigate }: { state: MilestoneTableState; navigate: Navigate }) {
  const [text, setText] = useState(state.q);
  const [seenQ, setSeenQ] = useState(state.q);
  // Back/forward or "Reset filters" changed the URL's search: show it (unless it is what
  // the user is typing, trimmed).
  if (state.q !== seenQ) {
    setSeenQ(state.q);
    if (state.q !== text.trim()) setText(state.q);
  }
  useEffect(() => {
    const q = text.trim();
    if (q === state.q) return;
    const timer = setTimeout(() => navigate(withQuery(state, { q }), { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, state, navigate]);
  return (
    <div className="relative w-full sm:w-64">
      <SearchIcon
        aria-hidden
        className="pointer-events-none absolute left-2.5 top-2 size-4 text-muted-foreground"
      />
      <Input
        type="search"
        aria-label="Search milestones"
        placeholder="Search titles…"
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
        className="h-8 pl-8"
      />
    </div>
  );
}
