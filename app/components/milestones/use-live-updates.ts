"use client";
/**
 * Live updates on a milestones page (docs/live-updates.md, "The dashboard"). The protocol code
 * (live-updates.ts) is imported dynamically once the page has painted, so the page's first
 * load carries none of it; without a socket the page is as before.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { LiveBatch } from "./live-updates";

export type { LiveBatch, LiveChange } from "./live-updates";

/**
 * Other users' changes, a burst at a time (`onBatch`); returns whether the subscription is
 * started. `knownName` names actors from what the page rendered.
 */
export function useLiveChanges(
  onBatch: (batch: LiveBatch) => void,
  knownName: (actorId: string) => string | undefined,
): boolean {
  const [live, setLive] = useState(false);
  const handlers = useRef({ onBatch, knownName });
  useEffect(() => {
    handlers.current = { onBatch, knownName };
  }, [onBatch, knownName]);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    import("./live-updates")
      .then(({ startLiveBatches }) => {
        if (cancelled) return;
        stop = startLiveBatches({
          knownName: (id) => handlers.current.knownName(id),
          onBatch: (batch) => handlers.current.onBatch(batch),
          onStatus: setLive,
        });
      })
      // The chunk did not load (offline, a new deployment): no live updates, quietly.
      .catch(() => {});
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);
  return live;
}

/** A value that clears itself `ms` after each time it is set. */
function useFleeting<T>(ms: number): [T | null, (value: T) => void] {
  const [value, setValue] = useState<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const set = useCallback(
    (next: T) => {
      setValue(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setValue(null), ms);
    },
    [ms],
  );
  return [value, set];
}

export interface LiveList {
  /** The brief "Milestone <kind> by <name>" cue; null when there is none to show. */
  cue: string | null;
  live: boolean;
  /** The ids just created or updated by someone else, highlighted briefly. */
  changed: ReadonlySet<string> | null;
}

/**
 * The milestones list's live updates: each burst of other users' changes re-renders the
 * server's page once (`refresh`: the server puts new rows where the sort and filters say,
 * merges edits, drops deletions, and holds the cursor pages right), with a brief cue naming
 * the actor and the changed rows highlighted.
 */
export function useLiveList(
  refresh: () => void,
  knownName: (actorId: string) => string | undefined,
): LiveList {
  const [cue, setCue] = useFleeting<string>(4000);
  const [changed, setChanged] = useFleeting<ReadonlySet<string>>(3000);
  const onBatch = useCallback(
    (batch: LiveBatch) => {
      refresh();
      setCue(batch.summary);
      setChanged(
        new Set(
          batch.changes.filter((change) => change.kind !== "DELETED").map((c) => c.milestoneId),
        ),
      );
    },
    [refresh, setCue, setChanged],
  );
  const live = useLiveChanges(onBatch, knownName);
  return { cue, live, changed };
}
