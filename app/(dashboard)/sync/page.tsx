import { ActivityIcon, AlertTriangleIcon, CheckCircle2Icon, ClockIcon } from "lucide-react";
import type { Metadata } from "next";
import { CursorPagination, readCursor } from "@/app/components/shell/cursor-pagination";
import {
  AdminOnlyState,
  ApiErrorState,
  EmptyState,
  PageHeader,
} from "@/app/components/shell/page-states";
import { Badge } from "@/app/components/ui/badge";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/components/ui/card";
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
import { OUTCOME_HINTS, OUTCOME_LABELS, summarizeSync, type SyncOutcome } from "./sync-health";

export const metadata: Metadata = { title: "Sync health" };

const PAGE_SIZE = 50;

const OUTCOME_VARIANT: Record<SyncOutcome, "success" | "secondary" | "outline" | "destructive"> = {
  APPLIED: "success",
  DUPLICATE: "secondary",
  STALE: "outline",
  IGNORED: "outline",
  FAILED: "destructive",
};

const STATUS_TEXT = {
  ok: { title: "Healthy", text: "No failed deliveries among the recent events." },
  degraded: {
    title: "Some deliveries failed",
    text: "Svix retries failed deliveries; see the reasons below.",
  },
  failing: {
    title: "The latest delivery failed",
    text: "The mirror may be behind Clerk until a retry succeeds.",
  },
  idle: {
    title: "No events yet",
    text: "No webhook has reached the mirror for this organization.",
  },
} as const;

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
  const health = summarizeSync(page.items);
  const now = new Date();
  const status = STATUS_TEXT[health.status];
  return (
    <>
      {header}
      <section aria-label="Summary" className="mb-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              {health.status === "ok" ? (
                <CheckCircle2Icon className="size-4 text-success" aria-hidden />
              ) : (
                <AlertTriangleIcon className="size-4 text-warning" aria-hidden />
              )}
              Status
            </CardDescription>
            <CardTitle className="text-xl">{status.title}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">{status.text}</CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <ClockIcon className="size-4" aria-hidden /> Last event
            </CardDescription>
            <CardTitle className="text-xl">
              {health.lastEventAt ? <RelativeTime value={health.lastEventAt} now={now} /> : "Never"}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            Time since the mirror last heard from Clerk.
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Recent events</CardDescription>
            <CardTitle className="text-xl">{health.total}</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {(Object.keys(OUTCOME_LABELS) as SyncOutcome[])
                .filter((outcome) => outcome !== "FAILED")
                .map((outcome) => (
                  <div key={outcome} className="flex gap-1">
                    <dt className="text-muted-foreground">{OUTCOME_LABELS[outcome]}</dt>
                    <dd className="font-medium">{health.counts[outcome]}</dd>
                  </div>
                ))}
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription>Failed</CardDescription>
            <CardTitle className="text-xl">{health.counts.FAILED}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">
            {OUTCOME_HINTS.FAILED}.
          </CardContent>
        </Card>
      </section>

      {health.failures.length > 0 ? (
        <section aria-labelledby="failures-heading" className="mb-6 grid gap-2">
          <h2 id="failures-heading" className="text-lg font-semibold">
            Failures
          </h2>
          <ul className="grid gap-2">
            {health.failures.map((event, index) => (
              <li
                // A retried delivery repeats its svix id.
                key={`${event.id}:${index}`}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-destructive/40 px-4 py-3 text-sm"
              >
                <span className="font-mono">{event.type}</span>
                <span className="text-muted-foreground">{event.objectId ?? "—"}</span>
                <span className="flex-1">{event.reason ?? "No reason recorded"}</span>
                <RelativeTime value={event.receivedAt} now={now} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

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
