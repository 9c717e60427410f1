"use client";

import { Avatar as AvatarPrimitive } from "radix-ui";
import type * as React from "react";
import { cn } from "@/app/lib/utils";

/** A round avatar: the image when it loads, the initials otherwise. Decorative by default. */
export function Avatar({
  className,
  src,
  name,
  ...props
}: React.ComponentProps<typeof AvatarPrimitive.Root> & { src?: string | null; name: string }) {
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <AvatarPrimitive.Root
      data-slot="avatar"
      className={cn("relative flex size-8 shrink-0 overflow-hidden rounded-full", className)}
      {...props}
    >
      {src ? <AvatarPrimitive.Image className="aspect-square size-full" src={src} alt="" /> : null}
      <AvatarPrimitive.Fallback
        aria-hidden
        className="flex size-full items-center justify-center rounded-full bg-muted text-xs font-medium"
      >
        {initials || "?"}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  );
}
