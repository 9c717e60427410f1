"use client";

import { AlertTriangleIcon } from "lucide-react";
import { useEffect } from "react";
import { StatePanel } from "@/app/components/shell/page-states";
import { Button } from "@/app/components/ui/button";

/** An unexpected failure in a dashboard page: say so, offer a retry, keep the shell. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <StatePanel icon={<AlertTriangleIcon aria-hidden />} title="Something went wrong" role="alert">
      <p>The page could not be shown{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <div>
        <Button variant="outline" onClick={reset}>
          Try again
        </Button>
      </div>
    </StatePanel>
  );
}
