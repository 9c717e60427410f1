/**
 * A stand-in for the browser's WebSocket in the live-updates tests: it records what the client
 * sends, and the test plays AppSync's side (ack, start_ack, data). Test-only.
 */
import type { LiveChange } from "./live-updates";

export class FakeSocket {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  closed = false;
  onopen?: () => void;
  onmessage?: (event: { data: string }) => void;
  onerror?: () => void;
  onclose?: () => void;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
  }
  /** The token the connection was opened with (its `header` parameter). */
  token(): string {
    const header = new URL(this.url).searchParams.get("header") ?? "";
    return (JSON.parse(atob(header)) as { Authorization: string }).Authorization;
  }
  /** The server side of the handshake: open, connection_ack, start_ack. */
  accept() {
    this.onopen?.();
    this.onmessage?.({
      data: '{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}',
    });
    this.onmessage?.({ data: '{"type":"start_ack","id":"milestones"}' });
  }
  /** One `data` message of onMilestoneChanged. */
  deliver(change: Partial<LiveChange>) {
    this.onmessage?.({ data: dataMessage(change) });
  }
}

/** A `data` message as AppSync sends it for `change`. */
export function dataMessage(change: Partial<LiveChange>): string {
  return JSON.stringify({
    type: "data",
    id: "milestones",
    payload: {
      data: {
        onMilestoneChanged: {
          kind: change.kind ?? "UPDATED",
          milestoneId: change.milestoneId ?? "m1",
          actorId: change.actorId ?? null,
          milestone:
            change.version === null || change.version === undefined
              ? null
              : { version: change.version },
        },
      },
    },
  });
}
