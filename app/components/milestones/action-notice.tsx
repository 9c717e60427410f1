/**
 * The Milestones table's last failure: an alert, with "Reload" when someone else changed the
 * row. Apart from the bulk results (table-feedback.tsx), which load only when there are some.
 */
import { RotateCcwIcon, XIcon } from "lucide-react";
import { Button } from "@/app/components/ui/button";
import { cn } from "@/app/lib/utils";
import type { Notice } from "./use-milestone-mutations";

export function ActionNotice({
  notice,
  onReload,
  onDismiss,
}: {
  notice: Notice;
  onReload: () => void;
  onDismiss: () => void;
}) {
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-wrap items-center gap-3 rounded-md border px-4 py-3 text-sm",
        notice.kind === "conflict"
          ? "border-warning/60 bg-warning/10"
          : "border-destructive/50 bg-destructive/5",
      )}
    >
      <p className="flex-1">{notice.message}</p>
      {notice.kind === "conflict" ? (
        <Button size="sm" variant="outline" onClick={onReload}>
          <RotateCcwIcon aria-hidden />
          Reload
        </Button>
      ) : null}
      <DismissButton label="Dismiss" onClick={onDismiss} />
    </div>
  );
}

export function DismissButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="icon-sm" variant="ghost" aria-label={label} onClick={onClick}>
      <XIcon aria-hidden />
    </Button>
  );
}
