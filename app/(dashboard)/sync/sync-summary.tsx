/** The top of /sync: status, last event and counts as cards, then the failures with reasons. */
import { AlertTriangleIcon, CheckCircle2Icon, ClockIcon } from "lucide-react";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "@/app/components/ui/card";
import { RelativeTime } from "@/app/components/ui/relative-time";
import type { SyncEvent } from "@/app/lib/api";
import { OUTCOME_HINTS, OUTCOME_LABELS, summarizeSync, type SyncOutcome } from "./sync-health";

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

export function SyncSummary({ events, now }: { events: readonly SyncEvent[]; now: Date }) {
  const health = summarizeSync(events);
  const status = STATUS_TEXT[health.status];
  return (
    <>
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
    </>
  );
}
