/**
 * A test client of AppSync's real-time protocol (the local runtime's `/graphql/realtime`):
 * connects with the `graphql-ws` subprotocol and the base64 `header`/`payload` parameters,
 * records every message, and waits for the one a test expects (bounded).
 */
import { WebSocket } from "ws";

export interface RealtimeMessage {
  type: string;
  id?: string;
  payload?: {
    data?: Record<string, unknown> | null;
    errors?: { errorType?: string; message?: string; errorCode?: number }[];
    connectionTimeoutMs?: number;
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

export interface RealtimeClient {
  messages: RealtimeMessage[];
  send(message: unknown): void;
  sendRaw(text: string | Buffer): void;
  /** The first message (from `from` on) that `match` accepts; throws after `ms`. */
  next(
    match: (m: RealtimeMessage) => boolean,
    ms?: number,
    from?: number,
  ): Promise<RealtimeMessage>;
  /** Resolves once every message the server sent before now has arrived (a stop round trip). */
  barrier(): Promise<void>;
  closed: Promise<number>;
  close(): void;
}

export async function openRealtime(
  realtimeUrl: string,
  token: string | undefined,
  options: { protocol?: string | null } = {},
): Promise<RealtimeClient> {
  const host = new URL(realtimeUrl).host;
  const url = `${realtimeUrl}?header=${encodeURIComponent(
    b64(token === undefined ? { host } : { host, Authorization: token }),
  )}&payload=${encodeURIComponent(b64({}))}`;
  const protocol = options.protocol === undefined ? "graphql-ws" : options.protocol;
  const socket = new WebSocket(url, protocol === null ? [] : [protocol]);
  const messages: RealtimeMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data: Buffer) => {
    messages.push(JSON.parse(data.toString("utf8")) as RealtimeMessage);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let barriers = 0;
  const client: RealtimeClient = {
    messages,
    send: (message) => socket.send(JSON.stringify(message)),
    sendRaw: (text) => socket.send(text),
    next(match, ms = 5000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.slice(from).find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching message within ${ms} ms; got ${JSON.stringify(messages)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    async barrier() {
      const id = `barrier-${(barriers += 1)}`;
      client.send({ type: "stop", id });
      await client.next((m) => m.type === "error" && m.id === id);
    },
    closed,
    close: () => socket.close(),
  };
  return client;
}

/** `connection_init` → `connection_ack` (or the connection_error). */
export async function initialize(client: RealtimeClient): Promise<RealtimeMessage> {
  client.send({ type: "connection_init" });
  return client.next((m) => m.type === "connection_ack" || m.type === "connection_error");
}

/** A `start`; resolves with its `start_ack` or `error`. */
export async function start(
  client: RealtimeClient,
  id: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<RealtimeMessage> {
  client.send({
    id,
    type: "start",
    payload: {
      data: JSON.stringify({ query, variables }),
      extensions: { authorization: token === undefined ? {} : { Authorization: token } },
    },
  });
  return client.next((m) => m.id === id && (m.type === "start_ack" || m.type === "error"));
}
