"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";
import { tableStateHref, type MilestoneTableState } from "@/app/lib/milestones/table-state";

export type Navigate = (next: MilestoneTableState, options?: { replace?: boolean }) => void;

/**
 * Rewrites the URL in a transition (the server renders the new page meanwhile): `pending`
 * while it does. `replace` for changes that are not worth a history entry (search typing,
 * hidden columns).
 */
export function useTableNavigation(): { pending: boolean; go: Navigate; refresh: () => void } {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const go = useCallback<Navigate>(
    (next, options = {}) => {
      const href = tableStateHref(next, pathname);
      startTransition(() => {
        if (options.replace) router.replace(href, { scroll: false });
        else router.push(href, { scroll: false });
      });
    },
    [router, pathname],
  );
  return { pending, go, refresh: () => router.refresh() };
}
