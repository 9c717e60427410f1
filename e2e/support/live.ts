/**
 * What a page's live-updates socket receives (docs/live-updates.md): every frame of every
 * WebSocket the page opens, parsed, in arrival order. Journeys read it to know when the
 * subscription is live (`start_ack`) and to prove what did NOT arrive, by stream order
 * rather than by waiting: one connection delivers its messages in order, so once a later
 * change has arrived, an earlier one that was sent would be here too.
 */
import type { Page } from "@playwright/test";

export interface LiveFrame {
  type: string;
  id?: string;
  payload?: {
    data?: {
      onMilestoneChanged?: { kind?: string; milestoneId?: string; actorId?: string | null };
    } | null;
    errors?: { errorType?: string }[];
  };
}

export interface LiveRecorder {
  frames: LiveFrame[];
  /** The `data` frames' changes, in arrival order. */
  changes(): { kind: string; milestoneId: string; actorId: string | null }[];
  /** How many `start_ack`s arrived (one per subscription started). */
  starts(): number;
}

/** Records the page's WebSocket frames from now on (attach before the page navigates). */
export function recordLiveFrames(page: Page): LiveRecorder {
  const frames: LiveFrame[] = [];
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => {
      try {
        frames.push(JSON.parse(String(payload)) as LiveFrame);
      } catch {
        frames.push({ type: "unparsable" });
      }
    });
  });
  return {
    frames,
    changes: () =>
      frames.flatMap((frame) => {
        const change = frame.type === "data" ? frame.payload?.data?.onMilestoneChanged : undefined;
        return change?.kind && change.milestoneId
          ? [
              {
                kind: change.kind,
                milestoneId: change.milestoneId,
                actorId: change.actorId ?? null,
              },
            ]
          : [];
      }),
    starts: () => frames.filter((frame) => frame.type === "start_ack").length,
  };
}
