import { ActivityIcon } from "lucide-react";
import type { Metadata } from "next";
import { CursorPagination, readCursor } from "@/app/components/shell/cursor-pagination";
import {
  AdminOnlyState,
  ApiErrorState,
  EmptyState,
  PageHeader,
} from "@/app/components/shell/page-states";
import { Badge } from "@/app/components/ui/badge";
import { RelativeTime } from "@/app/components/ui/relative-time";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/app/components/ui/table";
import { api, ApiError, type SyncEventPage } from "@/app/lib/api";
import { getViewer, isAdmin } from "@/app/lib/session/viewer";
import { OUTCOME_HINTS, OUTCOME_LABELS, type SyncOutcome } from "./sync-health";
import { SyncSummary } from "./sync-summary";

export const metadata: Metadata = { title: "Sync health" };

const PAGE_SIZE = 50;

const OUTCOME_VARIANT: Record<SyncOutcome, "success" | "secondary" | "outline" | "destructive"> = {
  APPLIED: "success",
  DUPLICATE: "secondary",
  STALE: "outline",
  IGNORED: "outline",
  FAILED: "destructive",
};

export default async function SyncPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await getViewer();
  if (!isAdmin(viewer)) return <AdminOnlyState />;
  const { cursor, previous } = readCursor(await searchParams);
  const header = (
    <PageHeader
      title="Sync health"
      description="Clerk's webhooks as the mirror received them: outcomes, failures and their reasons, and how long since the last one."
    />
  );
  let page: SyncEventPage;
  try {
    page = await api.syncEvents({ limit: PAGE_SIZE, nextToken: cursor });
  } catch (error) {
    if (error instanceof ApiError && error.missingField) {
      return (
        <>
          {header}
          <EmptyState title="Sync events are not available yet" icon={<ActivityIcon aria-hidden />}>
            <p>
              This API does not serve <code>syncEvents</code> yet (it arrives with the webhook
              work). Deliveries are still applied; only this view is missing.
            </p>
          </EmptyState>
        </>
      );
    }
    return (
      <>
        {header}
        <ApiErrorState error={error} adminPage />
      </>
    );
  }
  const now = new Date();
  return (
    <>
      {header}
      <SyncSummary events={page.items} now={now} />

      <h2 className="mb-2 text-lg font-semibold">Recent deliveries</h2>
      {page.items.length === 0 ? (
        <EmptyState title="No deliveries yet" icon={<ActivityIcon aria-hidden />}>
          <p>Changes in Clerk (users, the organization, memberships) will show up here.</p>
        </EmptyState>
      ) : (
        <div className="rounded-lg border">
          <Table aria-label="Webhook deliveries">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Received</TableHead>
                <TableHead scope="col">Event</TableHead>
                <TableHead scope="col">Object</TableHead>
                <TableHead scope="col">Outcome</TableHead>
                <TableHead scope="col">Reason</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.items.map((event, index) => (
                <TableRow key={`${event.id}:${index}`}>
                  <TableCell>
                    <RelativeTime value={event.receivedAt} now={now} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{event.type}</TableCell>
                  <TableCell className="font-mono text-xs text-muted-foreground">
                    {event.objectId ?? "—"}
                  </TableCell>
                  <TableCell>
                    <Badge
                      variant={OUTCOME_VARIANT[event.outcome]}
                      title={OUTCOME_HINTS[event.outcome]}
                    >
                      {OUTCOME_LABELS[event.outcome]}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-sm text-muted-foreground">
                    {event.reason ?? "—"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {cursor || page.nextToken ? (
        <CursorPagination
          path="/sync"
          cursor={cursor}
          previous={previous}
          nextToken={page.nextToken}
          label="Sync event pages"
        />
      ) : null}
    </>
  );
}
