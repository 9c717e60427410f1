/** For admins: one line on how the Clerk sync is doing, with a link to /sync for the detail. */
import { AlertTriangleIcon, CheckCircle2Icon } from "lucide-react";
import Link from "next/link";
import { RelativeTime } from "@/app/components/ui/relative-time";
import type { SyncHealth } from "@/app/(dashboard)/sync/sync-health";

const TEXT: Record<SyncHealth["status"], string> = {
  ok: "Sync healthy",
  degraded: "Some deliveries failed",
  failing: "The latest delivery failed",
  idle: "No webhook received yet",
};

export function SyncHealthLine({ health, now }: { health: SyncHealth; now: Date }) {
  const good = health.status === "ok";
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="sync-health-line">
      {good ? (
        <CheckCircle2Icon className="size-4 text-success" aria-hidden />
      ) : (
        <AlertTriangleIcon className="size-4 text-warning" aria-hidden />
      )}
      <span className="font-medium">{TEXT[health.status]}</span>
      <span className="text-muted-foreground">
        {health.failures.length} failed of {health.total} recent deliveries
        {health.lastEventAt ? (
          <>
            {" "}
            · last <RelativeTime value={health.lastEventAt} now={now} />
          </>
        ) : null}
      </span>
      <Link href="/sync" className="underline underline-offset-4">
        Sync health
      </Link>
    </p>
  );
}
