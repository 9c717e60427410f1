"use client";

import { AlertTriangleIcon, RotateCcwIcon } from "lucide-react";
import { useEffect } from "react";
import { StatePanel } from "@/app/components/shell/page-states";
import { Button } from "@/app/components/ui/button";

/** An unexpected failure while rendering milestones: say so, offer a retry. */
export default function MilestonesError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest =
    error && typeof error === "object" && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : null;
  return (
    <StatePanel
      icon={<AlertTriangleIcon aria-hidden />}
      title="Milestones could not be loaded"
      role="alert"
    >
      <p>Something went wrong on our side. Your data is safe; try again in a moment.</p>
      {digest ? <p className="font-mono text-xs">Reference: {digest}</p> : null}
      <div>
        <Button variant="outline" onClick={() => retry()}>
          <RotateCcwIcon aria-hidden />
          Try again
        </Button>
      </div>
    </StatePanel>
  );
}
