import type * as React from "react";
import { cn } from "@/app/lib/utils";

/**
 * A CSS-only tooltip (no JS, no popper): `content` shows above the trigger on hover and on
 * keyboard focus of anything inside it, and is the trigger's accessible description
 * (`aria-describedby` → the tooltip's id, so screen readers get it too). The trigger must be
 * focusable (tabIndex={0} on non-interactive elements). Escape is not needed to dismiss it:
 * it never covers the trigger and goes away on blur / pointer leave.
 */
export function Tooltip({
  id,
  content,
  children,
  className,
}: {
  /** The tooltip's element id; pass the same id as the trigger's `aria-describedby`. */
  id: string;
  content: React.ReactNode;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <span className={cn("group/tooltip relative inline-block", className)}>
      {children}
      <span
        id={id}
        role="tooltip"
        data-slot="tooltip-content"
        className="pointer-events-none invisible absolute bottom-full left-1/2 z-50 mb-1 w-max -translate-x-1/2 rounded-md bg-foreground px-2.5 py-1.5 text-xs text-background opacity-0 shadow-sm transition-opacity delay-200 group-focus-within/tooltip:visible group-focus-within/tooltip:opacity-100 group-hover/tooltip:visible group-hover/tooltip:opacity-100"
      >
        {content}
      </span>
    </span>
  );
}
