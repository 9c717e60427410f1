"use client";

/**
 * Live updates on a milestone's detail page. Another user's edit of this milestone re-renders
 * the page from the server (header and form: the editor moves a clean form onto the new
 * version, and keeps a dirty one on the version it was edited from, so its save gets the
 * usual conflict) with the cue "Updated by X"; a deletion says "Deleted by X" and the editor
 * turns read-only instead of failing on the next save.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useLiveChanges, type LiveBatch } from "./use-live-updates";

export interface MilestoneLiveState {
  /** Another user's latest update of this milestone: its version and who made it. */
  updated: { version: number | null; by: string } | null;
  /** Who deleted this milestone, once someone else did. */
  deletedBy: string | null;
}

const NONE: MilestoneLiveState = { updated: null, deletedBy: null };
const MilestoneLiveContext = createContext<MilestoneLiveState>(NONE);

/** The detail page's live state (none outside a {@link MilestoneLive}). */
export function useMilestoneLive(): MilestoneLiveState {
  return useContext(MilestoneLiveContext);
}

/** The page's polite "Updated by X" line (empty until another user's edit). */
export function MilestoneLiveCue() {
  const { updated, deletedBy } = useMilestoneLive();
  return (
    <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
      {updated && !deletedBy ? `Updated by ${updated.by}` : ""}
    </p>
  );
}

/**
 * The detail page's live updates: holds the state {@link useMilestoneLive} reads, says when
 * the milestone was deleted, and marks its root `data-live="on|off"`.
 */
export function MilestoneLive({
  milestoneId,
  names,
  className,
  children,
}: {
  milestoneId: string;
  /** Actors the page can name already (owner, viewer), by user id. */
  names: Readonly<Record<string, string>>;
  className?: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const [state, setState] = useState<MilestoneLiveState>(NONE);
  const onBatch = useCallback(
    ({ changes, nameOf }: LiveBatch) => {
      const mine = changes.filter((change) => change.milestoneId === milestoneId);
      const deleted = mine.find((change) => change.kind === "DELETED");
      if (deleted) {
        // No refresh: the page would turn into "not found"; the user's input stays readable.
        setState({ updated: null, deletedBy: nameOf(deleted.actorId) });
        return;
      }
      const last = mine.at(-1);
      if (!last) return;
      setState((current) =>
        current.deletedBy
          ? current
          : { updated: { version: last.version, by: nameOf(last.actorId) }, deletedBy: null },
      );
      router.refresh();
    },
    [milestoneId, router],
  );
  const knownName = useCallback((actorId: string) => names[actorId], [names]);
  const live = useLiveChanges(onBatch, knownName);
  return (
    <MilestoneLiveContext.Provider value={state}>
      <div className={className} data-live={live ? "on" : "off"}>
        {state.deletedBy ? (
          <div role="alert" className="rounded-md border border-destructive/50 px-4 py-3 text-sm">
            Deleted by {state.deletedBy}. This milestone no longer exists, so it can no longer be
            edited.{" "}
            <Link href="/milestones" className="underline underline-offset-4">
              Back to the milestones
            </Link>
          </div>
        ) : null}
        {children}
      </div>
    </MilestoneLiveContext.Provider>
  );
}
