"use client";

import type * as React from "react";
import { useState } from "react";
import { cn } from "@/app/lib/utils";

/**
 * A round avatar: the image when it loads, the initials otherwise (underneath it, so a slow or
 * broken image shows them). Decorative by default. Plain elements, no Radix.
 */
export function Avatar({
  className,
  src,
  name,
  ...props
}: React.ComponentProps<"span"> & { src?: string | null; name: string }) {
  const [failed, setFailed] = useState(false);
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <span
      data-slot="avatar"
      className={cn("relative flex size-8 shrink-0 overflow-hidden rounded-full", className)}
      {...props}
    >
      <span
        aria-hidden
        className="flex size-full items-center justify-center rounded-full bg-muted text-xs font-medium"
      >
        {initials || "?"}
      </span>
      {src && !failed ? (
        // eslint-disable-next-line @next/next/no-img-element -- external avatar URLs, no loader
        <img
          className="absolute inset-0 aspect-square size-full"
          src={src}
          alt=""
          onError={() => setFailed(true)}
        />
      ) : null}
    </span>
  );
}
