"use client";
/**
 * Live updates on a milestones page: another user's change refreshes the server-rendered
 * list (new rows land where the sort puts them, edits merge, deletions vanish) and shows a
 * brief "changed by X" cue; the viewer's own changes are skipped (the optimistic update
 * already shows them, so nothing is doubled). Without a socket the page is as before.
 */
import { useEffect, useRef, useState } from "react";
import { fetchTicket, startLiveUpdates, type LiveChange } from "./live-updates";

export interface LiveCue {
  change: LiveChange;
  at: number;
}

export function useLiveUpdates(refresh: () => void): { cue: LiveCue | null; live: boolean } {
  const [cue, setCue] = useState<LiveCue | null>(null);
  const [live, setLive] = useState(false);
  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  }, [refresh]);
  useEffect(() => {
    let clear: ReturnType<typeof setTimeout> | undefined;
    const stop = startLiveUpdates({
      ticket: fetchTicket,
      onStatus: setLive,
      onChange: (change, self) => {
        if (self) return;
        refreshRef.current();
        setCue({ change, at: Date.now() });
        clearTimeout(clear);
        clear = setTimeout(() => setCue(null), 4000);
      },
    });
    return () => {
      clearTimeout(clear);
      stop();
    };
  }, []);
  return { cue, live };
}
