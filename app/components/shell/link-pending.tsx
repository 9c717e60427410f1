"use client";

import { LoaderCircleIcon } from "lucide-react";
import { useLinkStatus } from "next/link";
import { cn } from "@/app/lib/utils";

/**
 * Inside a `<Link>`: a spinner while the navigation it started is pending. The members, audit
 * and sync pages have no loading.tsx skeleton (its Suspense boundary would send a 200 before
 * their 403 could), so a click waits for the server; this says the click was taken. Always
 * rendered, only its opacity changes: no layout shift (Next's useLinkStatus guidance).
 */
export function LinkPendingIndicator() {
  const { pending } = useLinkStatus();
  return (
    <LoaderCircleIcon
      aria-hidden
      data-pending={pending ? "true" : "false"}
      className={cn(
        "ml-auto size-4 shrink-0 transition-opacity",
        pending ? "animate-spin opacity-100 motion-reduce:animate-none" : "opacity-0",
      )}
    />
  );
}
