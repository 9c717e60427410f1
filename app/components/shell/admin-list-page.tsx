/**
 * The frame of an admin list page (/members, /audit, /sync), so that those pages hold only
 * what is theirs: texts, the API read, the columns and the rows.
 */
import "server-only";
import { forbidden } from "next/navigation";
import type * as React from "react";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "@/app/components/ui/table";
import { getViewer, mayAdmin, type Viewer } from "@/app/lib/session/viewer";
import type { AdminAction } from "@/core/portable/authorization";
import { CursorPagination, readCursor } from "./cursor-pagination";
import { ApiErrorState, EmptyState, PageHeader } from "./page-states";

/** A page's search params, as Next passes them. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What the render callbacks get besides the page: who looks, and one "now" for every date. */
export interface ListContext {
  viewer: Viewer;
  now: Date;
}

/** What a list read returns: one page of items and the cursor of the next (null: the last). */
export interface CursorPage {
  items: readonly unknown[];
  nextToken: string | null;
}

export interface AdminListPageProps<P extends CursorPage> {
  searchParams: SearchParams;
  /** The page's own path, for the pagination links. */
  path: string;
  /** The admin action the page is (core's `canAdmin` decides who sees it, as the API does). */
  action: AdminAction;
  title: string;
  description: React.ReactNode | ((viewer: Viewer) => React.ReactNode);
  /** Reads one page from the API, from `cursor` (null: the first page). */
  load: (cursor: string | null) => Promise<P>;
  /**
   * For a page that handles some failures itself: what to show under the header. Without
   * it a failure shows the bare error state, without the header.
   */
  renderError?: (error: unknown) => React.ReactNode;
  /** Between the header and the list, shown also when the list is empty. */
  intro?: (page: P, context: ListContext) => React.ReactNode;
  /** The empty state, when the page has no items; `text` is its paragraph. */
  empty: { title: string; icon: React.ReactNode; text: React.ReactNode };
  /** The table's accessible name. */
  tableLabel: string;
  columns: readonly string[];
  /** The body's rows, one `<TableRow key=…>` per item. */
  rows: (page: P, context: ListContext) => React.ReactNode;
  /** The pagination's accessible name. */
  paginationLabel: string;
}

/**
 * Holders of the action's permission only: anyone else gets HTTP 403 and app/forbidden.tsx
 * (`forbidden()`, before the response starts: no loading.tsx may wrap these pages, see
 * app/not-found-status.test.ts); reads the cursor from the URL and
 * one page from the API (a failure becomes the error state); then the header, an empty
 * state or a bordered table, and pagination once there is more than one page.
 */
export async function AdminListPage<P extends CursorPage>({
  searchParams,
  path,
  action,
  title,
  description,
  load,
  renderError,
  intro,
  empty,
  tableLabel,
  columns,
  rows,
  paginationLabel,
}: AdminListPageProps<P>) {
  const viewer = await getViewer();
  if (!mayAdmin(viewer, action)) {
    // A viewer whose `me` failed is not shown this page at all: the dashboard layout answers
    // for it (lost access: 403; API unavailable: its error state).
    if (viewer.status === "ok") forbidden();
    return null;
  }
  const { cursor, previous } = readCursor(await searchParams);
  const header = (
    <PageHeader
      title={title}
      description={typeof description === "function" ? description(viewer) : description}
    />
  );
  let page: P;
  try {
    page = await load(cursor);
  } catch (error) {
    if (!renderError) return <ApiErrorState error={error} adminPage />;
    return (
      <>
        {header}
        {renderError(error)}
      </>
    );
  }
  const context: ListContext = { viewer, now: new Date() };
  return (
    <>
      {header}
      {intro?.(page, context)}
      {page.items.length === 0 ? (
        <EmptyState title={empty.title} icon={empty.icon}>
          <p>{empty.text}</p>
        </EmptyState>
      ) : (
        <div className="rounded-lg border">
          <Table aria-label={tableLabel}>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHead key={column} scope="col">
                    {column}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>{rows(page, context)}</TableBody>
          </Table>
        </div>
      )}
      {cursor || page.nextToken ? (
        <CursorPagination
          path={path}
          cursor={cursor}
          previous={previous}
          nextToken={page.nextToken}
          label={paginationLabel}
        />
      ) : null}
    </>
  );
}
