import { ActivityIcon } from "lucide-react";
import type { Metadata } from "next";
import { AdminListPage, type SearchParams } from "@/app/components/shell/admin-list-page";
import { ApiErrorState, EmptyState } from "@/app/components/shell/page-states";
import { Badge } from "@/app/components/ui/badge";
import { RelativeTime } from "@/app/components/ui/relative-time";
import { TableCell, TableRow } from "@/app/components/ui/table";
import { api, ApiError } from "@/app/lib/api";
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

export default function SyncPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <AdminListPage
      searchParams={searchParams}
      path="/sync"
      action="org.syncEvents"
      title="Sync health"
      description="Clerk's webhooks as the mirror received them: outcomes, failures and their reasons, and how long since the last one."
      load={(cursor) => api.syncEvents({ limit: PAGE_SIZE, nextToken: cursor })}
      renderError={(error) =>
        error instanceof ApiError && error.missingField ? (
          <EmptyState title="Sync events are not available yet" icon={<ActivityIcon aria-hidden />}>
            <p>
              This API does not serve <code>syncEvents</code> yet (it arrives with the webhook
              work). Deliveries are still applied; only this view is missing.
            </p>
          </EmptyState>
        ) : (
          <ApiErrorState error={error} adminPage />
        )
      }
      intro={(page, { now }) => (
        <>
          <SyncSummary events={page.items} now={now} />
          <h2 className="mb-2 text-lg font-semibold">Recent deliveries</h2>
        </>
      )}
      empty={{
        title: "No deliveries yet",
        icon: <ActivityIcon aria-hidden />,
        text: "Changes in Clerk (users, the organization, memberships) will show up here.",
      }}
      tableLabel="Webhook deliveries"
      columns={["Received", "Event", "Object", "Outcome", "Reason"]}
      rows={(page, { now }) =>
        page.items.map((event, index) => (
          // A retried delivery repeats its svix id.
          <TableRow key={`${event.id}:${index}`}>
            <TableCell>
              <RelativeTime value={event.receivedAt} now={now} />
            </TableCell>
            <TableCell className="font-mono text-xs">{event.type}</TableCell>
            <TableCell className="font-mono text-xs text-muted-foreground">
              {event.objectId ?? "—"}
            </TableCell>
            <TableCell>
              <Badge variant={OUTCOME_VARIANT[event.outcome]} title={OUTCOME_HINTS[event.outcome]}>
                {OUTCOME_LABELS[event.outcome]}
              </Badge>
            </TableCell>
            <TableCell className="text-sm text-muted-foreground">{event.reason ?? "—"}</TableCell>
          </TableRow>
        ))
      }
      paginationLabel="Sync event pages"
    />
  );
}
