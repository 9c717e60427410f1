"use client";

/**
 * The Milestones table. The server renders each page from the URL (filters, search, sort, page
 * size, cursor trail, hidden columns); this component only rewrites the URL, so reload and
 * back/forward keep the view. Selection, inline status changes and deletes are optimistic
 * and roll back when the server action fails.
 */
import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import {
  ArrowDownIcon,
  ArrowUpIcon,
  ChevronLeftIcon,
  ChevronRightIcon,
  MoreHorizontalIcon,
  RotateCcwIcon,
  SearchIcon,
  Settings2Icon,
  Trash2Icon,
  XIcon,
} from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import {
  lazy,
  useCallback,
  useEffect,
  useOptimistic,
  useState,
  useTransition,
  type ReactNode,
} from "react";
import { Button } from "@/app/components/ui/button";
import { Checkbox } from "@/app/components/ui/checkbox";
import { LazyPopup } from "@/app/components/ui/lazy-popup";
import { Input } from "@/app/components/ui/input";
import { RelativeTime } from "@/app/components/ui/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/components/ui/table";
import { toast } from "@/app/components/ui/toast";
import type { DeleteMilestoneResult, Milestone } from "@/app/lib/api/schemas";
import {
  deleteMilestoneAction,
  deleteMilestonesAction,
  updateMilestoneAction,
} from "@/app/lib/milestones/actions";
import { STATUS_LABELS } from "@/app/lib/milestones/form";
import { canBulkDelete, canEdit as canEditMilestone } from "@/core/portable/authorization";
import type { Caller as Viewer } from "@/core/portable/caller";
import {
  BULK_DELETE_MAX as MAX_BULK_DELETE,
  MILESTONE_STATUSES,
  type MilestoneStatus,
} from "@/core/portable/milestone";
import type { OwnerOption } from "@/app/lib/milestones/owners";
import type { ActionError } from "@/app/lib/milestones/results";
import {
  HIDEABLE_COLUMNS,
  MAX_TRAIL,
  PAGE_SIZES,
  isFiltered,
  tableStateHref,
  withNextPage,
  withPreviousPage,
  withQuery,
  type HideableColumn,
  type MilestoneTableState,
} from "@/app/lib/milestones/table-state";
import { cn } from "@/app/lib/utils";
import { FacetedFilter, type FacetOption } from "./faceted-filter";
import { StatusBadge, StatusIcon, StatusSelect } from "./status";

export type { OwnerOption };

export interface MilestonesTableProps {
  state: MilestoneTableState;
  rows: Milestone[];
  nextCursor: string | null;
  /** The page stopped filling at the request bound (fewer rows, more may follow). */
  partial: boolean;
  viewer: Viewer;
  /** Owners to filter by; null hides the owner filter (personal scope). */
  owners: OwnerOption[] | null;
  /** The server's render time (ISO), so relative dates match between server and client. */
  now: string;
}

/** Loaded when a delete is asked for: no dialog code in the first paint. */
const loadMenus = () => import("./table-menus");
const RowActionsMenu = lazy(() => loadMenus().then((m) => ({ default: m.RowActionsMenu })));
const ColumnsMenu = lazy(() => loadMenus().then((m) => ({ default: m.ColumnsMenu })));
const ConfirmDialog = dynamic(() => import("./confirm-dialog"), { ssr: false });

const features = tableFeatures({ rowSelectionFeature, columnVisibilityFeature, rowSortingFeature });
const helper = createColumnHelper<typeof features, Milestone>();

const COLUMN_LABELS: Record<HideableColumn, string> = {
  status: "Status",
  owner: "Owner",
  dueDate: "Due date",
  updatedAt: "Updated",
};

const dataColumns = helper.columns([
  helper.accessor("title", { header: "Title", enableHiding: false, enableSorting: false }),
  helper.accessor("status", { header: "Status", enableSorting: false }),
  helper.accessor("ownerId", { id: "owner", header: "Owner", enableSorting: false }),
  helper.accessor("dueDate", { header: "Due date", enableSorting: true }),
  helper.accessor("updatedAt", { header: "Updated", enableSorting: true }),
  helper.display({ id: "actions", header: "Actions", enableHiding: false }),
]);
const selectColumn = helper.display({ id: "select", header: "Select", enableHiding: false });
const COLUMNS_WITH_SELECT = helper.columns([selectColumn, ...dataColumns]);

type Optimistic =
  { type: "status"; id: string; status: MilestoneStatus } | { type: "remove"; ids: string[] };

function applyOptimistic(rows: Milestone[], action: Optimistic): Milestone[] {
  if (action.type === "status") {
    return rows.map((row) => (row.id === action.id ? { ...row, status: action.status } : row));
  }
  const removed = new Set(action.ids);
  return rows.filter((row) => !removed.has(row.id));
}

/** "Deleted 2 of 3 milestones". */
function bulkSummary(results: readonly DeleteMilestoneResult[]): string {
  const deleted = results.filter((entry) => entry.deleted).length;
  if (deleted === 0) return "Nothing was deleted";
  const noun = results.length === 1 ? "milestone" : "milestones";
  return deleted === results.length
    ? `Deleted ${deleted} ${noun}`
    : `Deleted ${deleted} of ${results.length} ${noun}`;
}

function outcomeLabel(entry: DeleteMilestoneResult): string {
  if (entry.deleted) return "Deleted";
  if (entry.errorType === "NotFound") return "Not found";
  if (entry.errorType === "ConflictError") return "Changed meanwhile";
  return "Not deleted";
}

type Notice = { kind: "conflict" | "error"; message: string };

const dueFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function DueDate({
  value,
  status,
  today,
}: {
  value: string | null;
  status: MilestoneStatus;
  today: string;
}) {
  if (!value) return <span className="text-muted-foreground">—</span>;
  const overdue = status !== "DONE" && value < today;
  return (
    <time
      dateTime={value}
      className={cn("whitespace-nowrap", overdue && "font-medium text-destructive")}
    >
      {dueFormat.format(new Date(`${value}T00:00:00Z`))}
      {overdue ? <span className="ml-1 text-xs">(overdue)</span> : null}
    </time>
  );
}

/** Rewrites the URL in a transition: the server renders the new page meanwhile. */
function useTableNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const go = useCallback(
    (next: MilestoneTableState, options: { replace?: boolean } = {}) => {
      const href = tableStateHref(next, pathname);
      startTransition(() => {
        if (options.replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [router, pathname],
  );
  return { pending, go, refresh: () => router.refresh() };
}

/** The search box: local while typing, into the URL ~300 ms after the last keystroke. */
function SearchBox({
  state,
  go,
}: {
  state: MilestoneTableState;
  go: (next: MilestoneTableState, options?: { replace?: boolean }) => void;
}) {
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
    const timer = setTimeout(() => go(withQuery(state, { q }), { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, state, go]);
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

function SortHeader({
  label,
  active,
  direction,
  onSort,
}: {
  label: string;
  active: boolean;
  direction: "asc" | "desc";
  onSort: () => void;
}) {
  const Arrow = direction === "asc" ? ArrowUpIcon : ArrowDownIcon;
  return (
    <Button
      variant="ghost"
      size="sm"
      className="-ml-3 h-8"
      onClick={onSort}
      aria-label={
        active
          ? `${label}, sorted ${direction === "asc" ? "ascending" : "descending"}`
          : `Sort by ${label.toLowerCase()}`
      }
    >
      {label}
      <Arrow aria-hidden className={cn(!active && "opacity-30")} />
    </Button>
  );
}

export function MilestonesTable({
  state,
  rows: serverRows,
  nextCursor,
  partial,
  viewer,
  owners,
  now,
}: MilestonesTableProps) {
  const { pending, go, refresh } = useTableNavigation();
  const [rows, addOptimistic] = useOptimistic(serverRows, applyOptimistic);
  const [mutating, startMutation] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  /** Rows with a change in flight: their version is about to move, so no second change yet. */
  const [inFlight, setInFlight] = useState<ReadonlySet<string>>(new Set());
  const track = (ids: string[], on: boolean) =>
    setInFlight((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<Milestone | null>(null);
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [bulkResults, setBulkResults] = useState<
    (DeleteMilestoneResult & { title: string })[] | null
  >(null);
  const bulk = canBulkDelete(viewer);
  const today = now.slice(0, 10);
  const nowDate = new Date(now);

  const navigate = useCallback(
    (next: MilestoneTableState, options?: { replace?: boolean }) => {
      setRowSelection({});
      go(next, options);
    },
    [go],
  );

  const sorting: SortingState = [
    state.sort === "due" ? { id: "dueDate", desc: false } : { id: "updatedAt", desc: true },
  ];
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(
    state.hide.map((column) => [column, false]),
  );

  const table = useTable({
    features,
    columns: bulk ? COLUMNS_WITH_SELECT : dataColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection: bulk,
    state: { sorting, columnVisibility, rowSelection },
    onRowSelectionChange: setRowSelection,
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const sort = next[0]?.id === "dueDate" ? "due" : "updated";
      if (sort !== state.sort) navigate(withQuery(state, { sort }));
    },
    onColumnVisibilityChange: (updater: Updater<ColumnVisibilityState>) => {
      const next = typeof updater === "function" ? updater(columnVisibility) : updater;
      const hide = HIDEABLE_COLUMNS.filter((column) => next[column] === false);
      go({ ...state, hide }, { replace: true });
    },
  });

  const selected = table.getSelectedRowModel().rows.map((row) => row.original);

  const report = (error: ActionError) => {
    if (error.type === "ConflictError") setNotice({ kind: "conflict", message: error.message });
    else setNotice({ kind: "error", message: error.message });
  };

  const changeStatus = (milestone: Milestone, status: MilestoneStatus) => {
    setNotice(null);
    startMutation(async () => {
      addOptimistic({ type: "status", id: milestone.id, status });
      track([milestone.id], true);
      const result = await updateMilestoneAction(milestone.id, milestone.version, { status });
      track([milestone.id], false);
      if (!result.ok) report(result.error);
      else toast.success(`“${milestone.title}” is now ${STATUS_LABELS[status].toLowerCase()}`);
    });
  };

  const deleteOne = (milestone: Milestone) => {
    setNotice(null);
    startMutation(async () => {
      addOptimistic({ type: "remove", ids: [milestone.id] });
      const result = await deleteMilestoneAction(milestone.id, milestone.version);
      if (!result.ok) report(result.error);
      else toast.success(`Deleted “${milestone.title}”`);
    });
  };

  const deleteSelected = () => {
    const targets = selected;
    if (targets.length === 0) return;
    if (targets.length > MAX_BULK_DELETE) {
      setNotice({
        kind: "error",
        message: `Select at most ${MAX_BULK_DELETE} milestones to delete at once (${targets.length} selected).`,
      });
      return;
    }
    setNotice(null);
    setBulkResults(null);
    startMutation(async () => {
      addOptimistic({ type: "remove", ids: targets.map((row) => row.id) });
      const result = await deleteMilestonesAction(targets.map((row) => row.id));
      if (!result.ok) {
        report(result.error);
        return;
      }
      const titles = new Map(targets.map((row) => [row.id, row.title]));
      setBulkResults(
        result.results.map((entry) => ({ ...entry, title: titles.get(entry.id) ?? entry.id })),
      );
      setRowSelection({});
      const deleted = result.results.filter((entry) => entry.deleted).length;
      if (deleted === result.results.length)
        toast.success(`Deleted ${deleted} milestone${deleted === 1 ? "" : "s"}`);
    });
  };

  const statusOptions: FacetOption[] = MILESTONE_STATUSES.map((status) => ({
    value: status,
    label: STATUS_LABELS[status],
    icon: <StatusIcon status={status} className="text-muted-foreground" />,
  }));
  const ownerOptions: FacetOption[] | null = owners
    ? owners.map((owner) => ({
        value: owner.id,
        label: owner.id === viewer.userId ? `${owner.name} (you)` : owner.name,
      }))
    : null;

  const pageIndex = state.trail.length;
  const visibleColumnCount = table.getVisibleLeafColumns().length;

  const renderCell = (
    columnId: string,
    milestone: Milestone,
    rowSelected: boolean,
    toggle: (event: unknown) => void,
  ): ReactNode => {
    const editable = canEditMilestone(viewer, milestone);
    switch (columnId) {
      case "select":
        return (
          <Checkbox
            checked={rowSelected}
            onChange={toggle}
            aria-label={`Select ${milestone.title}`}
          />
        );
      case "title":
        return (
          <Link
            href={`/milestones/${encodeURIComponent(milestone.id)}`}
            className="font-medium underline-offset-4 hover:underline focus-visible:underline"
          >
            {milestone.title}
          </Link>
        );
      case "status":
        return editable ? (
          <StatusSelect
            aria-label="Status"
            value={milestone.status}
            disabled={inFlight.has(milestone.id)}
            aria-busy={inFlight.has(milestone.id) || undefined}
            onValueChange={(status) => changeStatus(milestone, status)}
          />
        ) : (
          <StatusBadge status={milestone.status} />
        );
      case "owner": {
        const name = milestone.owner?.name ?? "Unknown user";
        return (
          <span className="whitespace-nowrap">
            {name}
            {milestone.ownerId === viewer.userId ? (
              <span className="text-muted-foreground"> (you)</span>
            ) : null}
          </span>
        );
      }
      case "dueDate":
        return <DueDate value={milestone.dueDate} status={milestone.status} today={today} />;
      case "updatedAt":
        return <RelativeTime value={milestone.updatedAt} now={nowDate} />;
      case "actions":
        return (
          <LazyPopup
            load={loadMenus}
            popup={RowActionsMenu}
            props={{
              href: `/milestones/${encodeURIComponent(milestone.id)}`,
              editable,
              onDelete: () => setConfirmDelete(milestone),
            }}
            trigger={
              <Button variant="ghost" size="icon-sm" aria-label={`Actions for ${milestone.title}`}>
                <MoreHorizontalIcon aria-hidden />
              </Button>
            }
          />
        );
      default:
        return null;
    }
  };

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox state={state} go={navigate} />
        <FacetedFilter
          title="Status"
          options={statusOptions}
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
            onClick={() => navigate(withQuery(state, { status: [], owner: [], q: "" }))}
          >
            Reset filters
            <XIcon aria-hidden />
          </Button>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {bulk ? (
            <Button
              variant="destructive"
              size="sm"
              className="h-8"
              disabled={selected.length === 0 || mutating}
              onClick={() => setConfirmBulk(true)}
            >
              <Trash2Icon aria-hidden />
              Delete selected
              {selected.length > 0 ? <span>({selected.length})</span> : null}
            </Button>
          ) : null}
          <LazyPopup
            load={loadMenus}
            popup={ColumnsMenu}
            props={{
              columns: HIDEABLE_COLUMNS.map((id) => ({
                id,
                label: COLUMN_LABELS[id],
                visible: !state.hide.includes(id),
              })),
              onToggle: (id: string, visible: boolean) =>
                table.getColumn(id)?.toggleVisibility(visible),
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

      {notice ? (
        <div
          role="alert"
          className={cn(
            "flex flex-wrap items-center gap-3 rounded-md border px-4 py-3 text-sm",
            notice.kind === "conflict"
              ? "border-warning/60 bg-warning/10"
              : "border-destructive/50 bg-destructive/5",
          )}
        >
          <p className="flex-1">{notice.message}</p>
          {notice.kind === "conflict" ? (
            <Button
              size="sm"
              variant="outline"
              onClick={() => {
                setNotice(null);
                refresh();
              }}
            >
              <RotateCcwIcon aria-hidden />
              Reload
            </Button>
          ) : null}
          <Button
            size="icon-sm"
            variant="ghost"
            aria-label="Dismiss"
            onClick={() => setNotice(null)}
          >
            <XIcon aria-hidden />
          </Button>
        </div>
      ) : null}

      {bulkResults ? (
        <section
          aria-label="Bulk delete results"
          role="status"
          className="rounded-md border px-4 py-3 text-sm"
        >
          <div className="mb-2 flex items-center justify-between gap-2">
            <h2 className="font-medium">{bulkSummary(bulkResults)}</h2>
            <Button
              size="icon-sm"
              variant="ghost"
              aria-label="Dismiss results"
              onClick={() => setBulkResults(null)}
            >
              <XIcon aria-hidden />
            </Button>
          </div>
          <ul className="grid gap-1">
            {bulkResults.map((entry) => (
              <li key={entry.id} className="flex gap-2">
                <span
                  className={cn(
                    "font-medium",
                    entry.deleted ? "text-foreground" : "text-destructive",
                  )}
                >
                  {outcomeLabel(entry)}
                </span>
                <span>{entry.title}</span>
                {!entry.deleted && entry.message ? (
                  <span className="text-muted-foreground">— {entry.message}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

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
                  const id = header.column.id;
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
                      className={cn(
                        id === "select" && "w-10",
                        id === "actions" && "w-12 text-right",
                      )}
                    >
                      {id === "select" ? (
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
                          disabled={rows.length === 0}
                        />
                      ) : id === "actions" ? (
                        <span className="sr-only">Actions</span>
                      ) : header.column.getCanSort() ? (
                        <SortHeader
                          label={String(header.column.columnDef.header)}
                          active={sortedAs !== false}
                          direction={id === "dueDate" ? "asc" : "desc"}
                          onSort={() => table.setSorting([{ id, desc: id !== "dueDate" }])}
                        />
                      ) : (
                        String(header.column.columnDef.header)
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.map((row) => (
              <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <TableCell
                    key={cell.id}
                    className={cn(cell.column.id === "actions" && "text-right")}
                  >
                    {renderCell(
                      cell.column.id,
                      row.original,
                      row.getIsSelected(),
                      row.getToggleSelectedHandler(),
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={visibleColumnCount} className="h-32 text-center">
                  <EmptyMessage
                    state={state}
                    onReset={() => navigate(withQuery(state, { status: [], owner: [], q: "" }))}
                  />
                </TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </div>

      {partial ? (
        <p className="text-sm text-muted-foreground">
          This page is not full: the search stopped after a bounded number of requests. “Next page”
          continues it.
        </p>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-4 text-sm">
        <p className="text-muted-foreground" aria-live="polite">
          {bulk && selected.length > 0
            ? `${selected.length} of ${rows.length} selected`
            : `Page ${pageIndex + 1}${pageIndex === MAX_TRAIL ? "+" : ""} · ${rows.length} milestone${rows.length === 1 ? "" : "s"}`}
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
              disabled={pageIndex === 0 || pending}
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

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete “${confirmDelete.title}”?`}
          description="This cannot be undone."
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => {
            deleteOne(confirmDelete);
            setConfirmDelete(null);
          }}
        />
      ) : null}

      {confirmBulk ? (
        <ConfirmDialog
          title={`Delete ${selected.length} milestone${selected.length === 1 ? "" : "s"}?`}
          description="They are deleted together: if one of them changed meanwhile, none is deleted. This cannot be undone."
          onCancel={() => setConfirmBulk(false)}
          onConfirm={() => {
            setConfirmBulk(false);
            deleteSelected();
          }}
        />
      ) : null}
    </div>
  );
}

function EmptyMessage({ state, onReset }: { state: MilestoneTableState; onReset: () => void }) {
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
