"use client";

import type * as React from "react";
import { useEffect, useRef } from "react";
import { cn } from "@/app/lib/utils";

/**
 * A native checkbox (keyboard, form and screen-reader behaviour for free, no Radix):
 * `checked` may be "indeterminate" (set on the element, announced as "mixed");
 * `onCheckedChange` gets the new state, `onChange` the event.
 */
export function Checkbox({
  className,
  checked,
  onCheckedChange,
  onChange,
  ...props
}: Omit<React.ComponentProps<"input">, "type" | "checked"> & {
  checked: boolean | "indeterminate";
  onCheckedChange?: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const indeterminate = checked === "indeterminate";
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      data-slot="checkbox"
      checked={checked === true}
      onChange={(event) => {
        onChange?.(event);
        onCheckedChange?.(event.target.checked);
      }}
      className={cn(
        "peer size-4 shrink-0 cursor-pointer rounded-[4px] accent-primary outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60 disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );
}
