/**
 * Shown on every page when local sign-in runs under NODE_ENV=production (opted into with
 * WAYPOINT_ALLOW_LOCAL_AUTH=1: the e2e stack, demos): anyone who reaches this dashboard can
 * sign in as anyone, and nobody should mistake it for a real deployment.
 */
import { TriangleAlertIcon } from "lucide-react";

export const LOCAL_AUTH_BANNER_TEXT = "Local sign-in — not for production";

export function LocalAuthBanner() {
  return (
    <div
      role="region"
      aria-label={LOCAL_AUTH_BANNER_TEXT}
      className="flex items-center justify-center gap-2 border-b border-amber-300 bg-amber-100 px-4 py-1.5 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <TriangleAlertIcon className="size-4 shrink-0" aria-hidden />
      <p>
        <strong className="font-semibold">{LOCAL_AUTH_BANNER_TEXT}</strong>: anyone who can reach
        this dashboard can sign in as any user.
      </p>
    </div>
  );
}
