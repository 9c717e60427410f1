import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/app/components/ui/button";

/**
 * Forward pagination over the API's opaque cursors, kept in the URL (`?cursor=`), with the
 * cursors of earlier pages in `?prev=` so that "Previous page" works without server state.
 */
export function CursorPagination({
  path,
  cursor,
  previous,
  nextToken,
  label,
}: {
  path: string;
  cursor: string | null;
  /** Cursors of the pages before this one, oldest first ("" = the first page). */
  previous: string[];
  nextToken: string | null;
  label: string;
}) {
  const href = (target: string | null, stack: string[]) => {
    const params = new URLSearchParams();
    if (target) params.set("cursor", target);
    for (const entry of stack) params.append("prev", entry);
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  const back = previous.length > 0 ? previous[previous.length - 1] || null : null;
  const backStack = previous.slice(0, -1);
  const nextStack = [...previous, cursor ?? ""];
  const hasPrevious = cursor !== null;
  return (
    <nav aria-label={label} className="flex items-center justify-end gap-2 pt-4">
      {hasPrevious ? (
        <Button asChild variant="outline" size="sm">
          <Link href={href(back, backStack)}>
            <ChevronLeftIcon aria-hidden /> Previous page
          </Link>
        </Button>
      ) : (
        <Button variant="outline" size="sm" disabled>
          <ChevronLeftIcon aria-hidden /> Previous page
        </Button>
      )}
      {nextToken ? (
        <Button asChild variant="outline" size="sm">
          <Link href={href(nextToken, nextStack)}>
            Next page <ChevronRightIcon aria-hidden />
          </Link>
        </Button>
      ) : (
        <Button variant="outline" size="sm" disabled>
          Next page <ChevronRightIcon aria-hidden />
        </Button>
      )}
    </nav>
  );
}

/** Reads `cursor` and `prev` from a page's search params. */
export function readCursor(searchParams: Record<string, string | string[] | undefined>): {
  cursor: string | null;
  previous: string[];
} {
  const cursor = searchParams.cursor;
  const prev = searchParams.prev;
  return {
    cursor: typeof cursor === "string" && cursor.length > 0 && cursor.length < 4096 ? cursor : null,
    previous: (Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]).slice(-50),
  };
}
