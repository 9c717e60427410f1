/**
 * The dashboard's side of AppSync's real-time protocol (docs/live-updates.md), framework-free
 * so it can be tested: one connection, one `onMilestoneChanged` subscription, reconnect with
 * jittered exponential backoff and a fresh token each time (a token only authorizes the
 * connection and the start), and quiet: any failure just means "no live updates" until the
 * next attempt; the page keeps working as without them.
 */

export interface LiveChange {
  kind: "CREATED" | "UPDATED" | "DELETED";
  milestoneId: string;
  actorId: string | null;
}

export interface LiveTicket {
  token: string;
  realtimeUrl: string;
  userId: string;
}

const SUBSCRIBE = `subscription { onMilestoneChanged { kind milestoneId actorId } }`;

/** Jittered exponential backoff (AppSync's guide): 1 s, 2 s, 4 s … at most 30 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

const b64 = (value: unknown) => btoa(JSON.stringify(value));

/** Parses one server message; the change of a `data` message, "ended" for `complete`/errors. */
export function readMessage(text: string): LiveChange | "ack" | "ended" | null {
  let message: { type?: unknown; payload?: { data?: { onMilestoneChanged?: unknown } } };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    return null;
  }
  if (message.type === "connection_ack") return "ack";
  if (
    message.type === "complete" ||
    message.type === "error" ||
    message.type === "connection_error"
  )
    return "ended";
  if (message.type !== "data") return null;
  const change = message.payload?.data?.onMilestoneChanged as Partial<LiveChange> | undefined;
  if (!change || typeof change.milestoneId !== "string") return null;
  if (change.kind !== "CREATED" && change.kind !== "UPDATED" && change.kind !== "DELETED")
    return null;
  return { kind: change.kind, milestoneId: change.milestoneId, actorId: change.actorId ?? null };
}

export interface LiveOptions {
  ticket: () => Promise<LiveTicket | null>;
  onChange: (change: LiveChange, self: boolean) => void;
  onStatus?: (live: boolean) => void;
  WebSocketImpl?: typeof WebSocket;
}

/** Starts live updates; returns the function that stops them. */
export function startLiveUpdates(options: LiveOptions): () => void {
  const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
  let stopped = false;
  let attempt = 0;
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const retry = () => {
    options.onStatus?.(false);
    if (stopped) return;
    timer = setTimeout(() => void connect(), backoffMs(attempt++));
  };

  async function connect() {
    if (stopped || !Impl) return;
    const ticket = await options.ticket().catch(() => null);
    if (!ticket) return retry();
    const host = new URL(ticket.realtimeUrl).host;
    const header = b64({ host, Authorization: ticket.token });
    let ws: WebSocket;
    try {
      ws = new Impl(
        `${ticket.realtimeUrl}?header=${encodeURIComponent(header)}&payload=${encodeURIComponent(b64({}))}`,
        ["graphql-ws"],
      );
    } catch {
      return retry();
    }
    socket = ws;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      ws.close();
      retry();
    };
    ws.onopen = () => ws.send(JSON.stringify({ type: "connection_init" }));
    ws.onmessage = (event: MessageEvent) => {
      const read = readMessage(String(event.data));
      if (read === "ack") {
        ws.send(
          JSON.stringify({
            id: "milestones",
            type: "start",
            payload: {
              data: JSON.stringify({ query: SUBSCRIBE, variables: {} }),
              extensions: { authorization: { host, Authorization: ticket.token } },
            },
          }),
        );
        attempt = 0;
        options.onStatus?.(true);
      } else if (read === "ended") {
        // Invalidated (a role change, a removal) or refused: subscribe again, re-authorized.
        end();
      } else if (read) {
        options.onChange(read, read.actorId === ticket.userId);
      }
    };
    ws.onerror = end;
    ws.onclose = end;
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  };
}

/** The page's ticket route (same origin). */
export async function fetchTicket(): Promise<LiveTicket | null> {
  const response = await fetch("/api/live/token", { cache: "no-store" });
  if (!response.ok) return null;
  return (await response.json()) as LiveTicket;
}
