"use client";

/**
 * The Milestones table. The server renders each page from the URL (filters, search, sort, page
 * size, cursor trail, hidden columns); this component only rewrites the URL, so reload and
 * back/forward keep the view. Selection, inline status changes and deletes are optimistic
 * and roll back when the server action fails.
 *
 * The pieces: `table-columns.tsx` (the columns, each owning its header and cell),
 * `table-grid.tsx` (renders them with `flexRender`), `table-toolbar.tsx`, `table-pagination.tsx`,
 * `table-feedback.tsx` (failure notice and bulk results), `use-milestone-mutations.ts` and
 * `use-table-navigation.ts`; this file wires them to one TanStack table.
 */
import {
  useTable,
  type ColumnVisibilityState,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";
import dynamic from "next/dynamic";
import { useCallback, useState, type ReactNode } from "react";
import type { Milestone } from "@/app/lib/api/schemas";
import type { OwnerOption } from "@/app/lib/milestones/owners";
import { canBulkDelete, canBulkEditAny, canChangeOwner } from "@/core/portable/authorization";
import type { Caller as Viewer } from "@/core/portable/caller";
import {
  HIDEABLE_COLUMNS,
  withQuery,
  type MilestoneTableState,
} from "@/app/lib/milestones/table-state";
import { columnsWithSelect, dataColumns, features } from "./table-columns";
import { ActionNotice } from "./action-notice";
import { EmptyMessage, TableGrid } from "./table-grid";
import { TablePagination } from "./table-pagination";
import { TableToolbar, withoutFilters } from "./table-toolbar";
import { useMilestoneMutations } from "./use-milestone-mutations";
import { useLiveList } from "./use-live-updates";
import { useTableNavigation, type Navigate } from "./use-table-navigation";

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
  /** The toolbar's Views menu (the page builds it from the saved views); none when absent. */
  viewsMenu?: ReactNode;
}

/** Loaded when a delete is asked for: no dialog code in the first paint. */
const ConfirmDialog = dynamic(() => import("./confirm-dialog"), { ssr: false });
/** Loaded when "Edit selected" is pressed. */
const BulkEditDialog = dynamic(() => import("./bulk-edit-dialog"), { ssr: false });
/** Loaded when a bulk delete or edit has answered. */
const BulkResults = dynamic(() => import("./table-feedback").then((m) => m.BulkResults), {
  ssr: false,
});
const BulkEditResults = dynamic(() => import("./table-feedback").then((m) => m.BulkEditResults), {
  ssr: false,
});

export function MilestonesTable({
  state,
  rows: serverRows,
  nextCursor,
  partial,
  viewer,
  owners,
  now,
  viewsMenu,
}: MilestonesTableProps) {
  const { pending, go, refresh } = useTableNavigation();
  // Other users' changes (live updates, docs/live-updates.md): one re-render per burst.
  const knownName = useCallback(
    (actorId: string) =>
      owners?.find((owner) => owner.id === actorId)?.name ??
      serverRows.find((row) => row.ownerId === actorId)?.owner?.name ??
      undefined,
    [owners, serverRows],
  );
  const live = useLiveList(refresh, knownName);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const mutations = useMilestoneMutations(serverRows, {
    onBulkDeleted: () => setRowSelection({}),
    // The applied rows leave the selection; the refused ones stay, to retry or inspect.
    onBulkEdited: (applied) =>
      setRowSelection((current) => {
        const next = { ...current };
        for (const id of applied) delete next[id];
        return next;
      }),
  });
  const { rows } = mutations;
  const [confirmDelete, setConfirmDelete] = useState<Milestone | null>(null);
  const [confirmBulk, setConfirmBulk] = useState(false);
  const [bulkEditing, setBulkEditing] = useState(false);
  const bulk = canBulkDelete(viewer);
  // Selection serves bulk edit too: whoever may edit some row may select any (the API
  // refuses, per row, the ones that are not theirs to edit).
  const selectable = bulk || canBulkEditAny(viewer);

  /** Any change of the view but hiding columns: the selection does not carry over. */
  const navigate = useCallback<Navigate>(
    (next, options) => {
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
    columns: selectable ? columnsWithSelect : dataColumns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection: selectable,
    state: { sorting, columnVisibility, rowSelection },
    meta: {
      viewer,
      now: new Date(now),
      today: now.slice(0, 10),
      inFlight: mutations.inFlight,
      onStatusChange: mutations.changeStatus,
      onDeleteRequest: setConfirmDelete,
    },
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

  return (
    // data-live: "on" once the live subscription is started (e2e waits for it).
    <div className="grid gap-4" data-live={live.live ? "on" : "off"}>
      <TableToolbar
        state={state}
        navigate={navigate}
        owners={owners}
        viewerId={viewer.userId}
        selectedCount={bulk ? selected.length : null}
        editCount={selectable ? selected.length : null}
        mutating={mutations.mutating}
        onDeleteSelected={() => setConfirmBulk(true)}
        onEditSelected={() => setBulkEditing(true)}
        onColumnVisibility={(id, visible) => table.getColumn(id)?.toggleVisibility(visible)}
        viewsMenu={viewsMenu}
      />

      <p role="status" aria-live="polite" className="text-muted-foreground min-h-5 text-sm">
        {live.cue ?? ""}
      </p>

      {mutations.notice ? (
        <ActionNotice
          notice={mutations.notice}
          onReload={() => {
            mutations.dismissNotice();
            refresh();
          }}
          onDismiss={mutations.dismissNotice}
        />
      ) : null}

      {mutations.bulkEditResults ? (
        <BulkEditResults
          results={mutations.bulkEditResults}
          onDismiss={mutations.dismissBulkEditResults}
        />
      ) : null}

      {mutations.bulkResults ? (
        <BulkResults results={mutations.bulkResults} onDismiss={mutations.dismissBulkResults} />
      ) : null}

      <TableGrid
        table={table}
        pending={pending}
        highlighted={live.changed}
        empty={<EmptyMessage state={state} onReset={() => navigate(withoutFilters(state))} />}
      />

      {partial ? (
        <p className="text-sm text-muted-foreground">
          This page is not full: the search stopped after a bounded number of requests. “Next page”
          continues it.
        </p>
      ) : null}

      <TablePagination
        state={state}
        navigate={navigate}
        rowCount={rows.length}
        selectedCount={selectable ? selected.length : 0}
        nextCursor={nextCursor}
        pending={pending}
      />

      {confirmDelete ? (
        <ConfirmDialog
          title={`Delete “${confirmDelete.title}”?`}
          description="This cannot be undone."
          onCancel={() => setConfirmDelete(null)}
          onConfirm={() => {
            mutations.deleteOne(confirmDelete);
            setConfirmDelete(null);
          }}
        />
      ) : null}

      {bulkEditing ? (
        <BulkEditDialog
          count={selected.length}
          owners={canChangeOwner(viewer) ? owners : null}
          onCancel={() => setBulkEditing(false)}
          onSubmit={(input) => {
            setBulkEditing(false);
            mutations.editMany(selected, input);
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
            mutations.deleteMany(selected);
          }}
        />
      ) : null}
    </div>
  );
}
