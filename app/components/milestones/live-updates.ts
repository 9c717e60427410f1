/**
 * The dashboard's side of AppSync's real-time protocol (docs/live-updates.md), framework-free
 * so it can be tested, and loaded only after the page's first paint (use-live-updates.ts
 * imports it dynamically): one `onMilestoneChanged` subscription, reconnect with jittered
 * exponential backoff, and a fresh token BEFORE the current one expires — the new connection
 * is opened and started first, the old one closed only then, so no change falls in between
 * (a change both deliver is passed on once). Other users' changes are coalesced: a burst (a
 * colleague's bulk edit of 25 rows) reaches the page as one batch, so the page does one
 * refresh, not 25. Quiet: any failure just means "no live updates" until the next attempt;
 * the page keeps working as without them.
 */
// zod/mini: the same schemas, tree-shaken to what they use (this chunk loads after first paint).
import * as z from "zod/mini";
import { liveActorNamesAction } from "@/app/lib/live/actions";

export interface LiveChange {
  kind: "CREATED" | "UPDATED" | "DELETED";
  milestoneId: string;
  actorId: string | null;
  /** The milestone's version after the change; null for DELETED. */
  version: number | null;
}

export interface LiveTicket {
  token: string;
  realtimeUrl: string;
  userId: string;
  /** When the token expires (ms since the epoch); null when unknown (no early renewal). */
  expiresAt: number | null;
}

const SUBSCRIBE = `subscription { onMilestoneChanged { kind milestoneId actorId milestone { version } } }`;

/** Jittered exponential backoff (AppSync's guide): 1 s, 2 s, 4 s … at most 30 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How long to wait before renewing a connection whose token expires at `expiresAt`: a
 * quarter of the remaining life ahead of the expiry, at least 10 s ahead (Clerk's and the
 * local issuer's tokens live 60 s: renewed after 45 s), never sooner than 1 s from now.
 * Null when the expiry is unknown.
 */
export function renewDelayMs(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null || !Number.isFinite(expiresAt)) return null;
  const remaining = expiresAt - now;
  const lead = Math.max(10_000, remaining / 4);
  return Math.max(1000, Math.round(remaining - lead));
}

/** What identifies one change: a milestone is created once, deleted once, updated per version. */
export function changeKey(change: LiveChange): string {
  return `${change.milestoneId}:${change.kind}:${change.version ?? ""}`;
}

/** Remembers the last `limit` keys; true the first time a key is seen. */
export function createDeduper(limit = 1000): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return false;
    seen.add(key);
    if (seen.size > limit) {
      const oldest = seen.values().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    return true;
  };
}

/**
 * Collects items and hands them over as one batch once none arrived for `quietMs`, or at the
 * latest `maxWaitMs` after the batch's first item (a steady stream still shows up).
 */
export function createCoalescer<T>(
  flush: (batch: T[]) => void,
  { quietMs = 200, maxWaitMs = 1000 }: { quietMs?: number; maxWaitMs?: number } = {},
): { push: (item: T) => void; cancel: () => void } {
  let batch: T[] = [];
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let max: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(quiet);
    clearTimeout(max);
    max = undefined;
    const items = batch;
    batch = [];
    if (items.length > 0) flush(items);
  };
  return {
    push(item) {
      batch.push(item);
      clearTimeout(quiet);
      quiet = setTimeout(run, quietMs);
      max ??= setTimeout(run, maxWaitMs);
    },
    cancel() {
      clearTimeout(quiet);
      clearTimeout(max);
      batch = [];
    },
  };
}

const nonEmpty = () => z.string().check(z.minLength(1));
const changeSchema = z.object({
  kind: z.enum(["CREATED", "UPDATED", "DELETED"]),
  milestoneId: nonEmpty(),
  actorId: z.nullish(z.string()),
  milestone: z.nullish(z.object({ version: z.int() })),
});
const messageSchema = z.object({
  type: z.string(),
  payload: z.nullish(z.object({ data: z.nullish(z.object({ onMilestoneChanged: z.unknown() })) })),
});

/**
 * Parses one server message: the change of a `data` message, "ack" for `connection_ack`,
 * "started" for `start_ack`, "ended" for `complete` and the errors; null for the rest.
 */
export function readMessage(text: string): LiveChange | "ack" | "started" | "ended" | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const message = messageSchema.safeParse(json);
  if (!message.success) return null;
  const { type } = message.data;
  if (type === "connection_ack") return "ack";
  if (type === "start_ack") return "started";
  if (type === "complete" || type === "error" || type === "connection_error") return "ended";
  if (type !== "data") return null;
  const change = changeSchema.safeParse(message.data.payload?.data?.onMilestoneChanged);
  if (!change.success) return null;
  const { kind, milestoneId, actorId, milestone } = change.data;
  return { kind, milestoneId, actorId: actorId ?? null, version: milestone?.version ?? null };
}

export interface LiveOptions {
  ticket: () => Promise<LiveTicket | null>;
  /** Every change once (the viewer's own included, `self` true). */
  onChange: (change: LiveChange, self: boolean) => void;
  /** True once a subscription is started (start_ack), false when none is. */
  onStatus?: (live: boolean) => void;
  WebSocketImpl?: typeof WebSocket;
  now?: () => number;
}

const b64 = (value: unknown) => btoa(JSON.stringify(value));

interface Connection {
  ws: WebSocket;
  started: boolean;
  closed: boolean;
}

/** Starts live updates; returns the function that stops them. */
export function startLiveUpdates(options: LiveOptions): () => void {
  const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
  const now = options.now ?? Date.now;
  const firstTime = createDeduper();
  let stopped = false;
  let attempt = 0;
  /** The started connection changes arrive on. */
  let current: Connection | undefined;
  /** A connection being opened (first, reconnect or renewal), not started yet. */
  let opening: Connection | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let live = false;
  const setLive = (next: boolean) => {
    if (next !== live) options.onStatus?.((live = next));
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void connect(), ms);
  };
  /** The connection in `opening` failed, or no ticket: try again later. */
  const retry = () => {
    if (!current) setLive(false);
    schedule(backoffMs(attempt++));
  };

  let fetching = false;
  async function connect() {
    if (stopped || !Impl || opening || fetching) return;
    fetching = true;
    const ticket = await options.ticket().catch(() => null);
    fetching = false;
    if (stopped) return;
    if (!ticket) return retry();
    const host = new URL(ticket.realtimeUrl).host;
    const auth = { host, Authorization: ticket.token };
    let ws: WebSocket;
    try {
      ws = new Impl(
        `${ticket.realtimeUrl}?header=${encodeURIComponent(b64(auth))}&payload=${encodeURIComponent(b64({}))}`,
        ["graphql-ws"],
      );
    } catch {
      return retry();
    }
    const connection: Connection = { ws, started: false, closed: false };
    opening = connection;
    const end = () => {
      if (connection.closed) return;
      connection.closed = true;
      ws.close();
      if (opening === connection) {
        opening = undefined;
        retry();
      } else if (current === connection) {
        // Invalidated (a role change, a removal), refused or dropped: subscribe again,
        // re-authorized, unless a renewal is already under way.
        current = undefined;
        setLive(false);
        if (!opening) retry();
      }
    };
    ws.onopen = () => ws.send(JSON.stringify({ type: "connection_init" }));
    ws.onmessage = (event: MessageEvent) => {
      if (connection.closed) return;
      const read = readMessage(String(event.data));
      if (read === "ack") {
        ws.send(
          JSON.stringify({
            id: "milestones",
            type: "start",
            payload: {
              data: JSON.stringify({ query: SUBSCRIBE, variables: {} }),
              extensions: { authorization: auth },
            },
          }),
        );
      } else if (read === "started") {
        // The new subscription receives from now on: only now is the old one let go.
        connection.started = true;
        opening = undefined;
        const previous = current;
        current = connection;
        if (previous) {
          previous.closed = true;
          previous.ws.close();
        }
        attempt = 0;
        setLive(true);
        const renewIn = renewDelayMs(ticket.expiresAt, now());
        if (renewIn !== null) schedule(renewIn);
        else clearTimeout(timer);
      } else if (read === "ended") {
        end();
      } else if (read) {
        // Both connections may deliver a change during a renewal: pass it on once.
        if (firstTime(changeKey(read))) options.onChange(read, read.actorId === ticket.userId);
      }
    };
    ws.onerror = end;
    ws.onclose = end;
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const connection of [current, opening]) {
      if (!connection) continue;
      connection.closed = true;
      connection.ws.close();
    }
  };
}

/** Who made a change, as the cue names them. */
export type NameOf = (actorId: string | null) => string;

/**
 * The list's cue for one batch, in the shape "Milestone <kind> by <name>": "Milestone
 * created by Ada Admin"; a burst counts its milestones ("25 milestones updated by Ada
 * Admin"), mixed kinds are "changed", and more than two actors "Ada Admin and 2 others".
 */
export function describeChanges(changes: readonly LiveChange[], nameOf: NameOf): string {
  const count = new Set(changes.map((change) => change.milestoneId)).size;
  const kinds = new Set(changes.map((change) => change.kind));
  const [only] = kinds;
  const kind = kinds.size === 1 && only ? only.toLowerCase() : "changed";
  const names = [...new Set(changes.map((change) => nameOf(change.actorId)))];
  const by =
    names.length <= 2 ? names.join(" and ") : `${names[0] ?? ""} and ${names.length - 1} others`;
  return `${count === 1 ? "Milestone" : `${count} milestones`} ${kind} by ${by}`;
}

export interface LiveBatch {
  changes: LiveChange[];
  /** The actors' names (what the page knew, else the API's member list, else "another user"). */
  nameOf: NameOf;
  /** {@link describeChanges} of the batch. */
  summary: string;
}

/**
 * Another user's changes on a page, coalesced: {@link startLiveUpdates} with the page's ticket,
 * the viewer's own changes left out (the page already shows them, optimistically or from its
 * own action's response), the rest handed to `onBatch` a burst at a time with the actors'
 * names: `knownName` first (what the page rendered), then one `liveActorNamesAction` call for
 * the actors it does not know (members list, else the owner of a milestone they changed),
 * remembered for the page's life.
 */
export function startLiveBatches(options: {
  knownName: (actorId: string) => string | undefined;
  onBatch: (batch: LiveBatch) => void;
  onStatus: (live: boolean) => void;
  /** Looks up unknown actors' names (the server action; injectable for tests). */
  lookupNames?: (
    actors: { actorId: string; milestoneId: string | null }[],
  ) => Promise<Record<string, string>>;
  ticket?: LiveOptions["ticket"];
  WebSocketImpl?: typeof WebSocket;
}): () => void {
  const lookup = options.lookupNames ?? liveActorNamesAction;
  const looked = new Map<string, string>();
  let stopped = false;
  const nameOf: NameOf = (id) =>
    (id && (options.knownName(id) ?? looked.get(id))) || "another user";
  const coalescer = createCoalescer<LiveChange>((changes) => {
    // Each unknown actor once, with a milestone they created or updated if any (its owner is
    // the actor when they made it their own: that is how a member's page can name them).
    const unknown = new Map<string, string | null>();
    for (const change of changes) {
      const actor = change.actorId;
      if (!actor || options.knownName(actor) !== undefined || looked.has(actor)) continue;
      const milestoneId = change.kind === "DELETED" ? null : change.milestoneId;
      if (!unknown.get(actor)) unknown.set(actor, milestoneId);
    }
    const request = [...unknown].slice(0, 25).map(([actorId, milestoneId]) => ({
      actorId,
      milestoneId,
    }));
    const names = request.length > 0 ? lookup(request).catch(() => ({})) : Promise.resolve({});
    void names.then((found: Record<string, string>) => {
      if (stopped) return;
      for (const { actorId } of request) looked.set(actorId, found[actorId] ?? "another user");
      options.onBatch({ changes, nameOf, summary: describeChanges(changes, nameOf) });
    });
  });
  const stop = startLiveUpdates({
    ticket: options.ticket ?? fetchTicket,
    ...(options.WebSocketImpl ? { WebSocketImpl: options.WebSocketImpl } : {}),
    onStatus: options.onStatus,
    onChange: (change, self) => {
      if (!self) coalescer.push(change);
    },
  });
  return () => {
    stopped = true;
    coalescer.cancel();
    stop();
  };
}

const ticketSchema = z.union([
  z.object({
    mode: z.literal("local"),
    token: nonEmpty(),
    expiresAt: z.nullable(z.number()),
    realtimeUrl: z.url(),
    userId: nonEmpty(),
  }),
  z.object({ mode: z.literal("clerk"), realtimeUrl: z.url(), userId: nonEmpty() }),
]);

/** What this module uses of Clerk's browser SDK (`window.Clerk`, loaded by ClerkProvider). */
interface ClerkBrowser {
  session?: { getToken: () => Promise<string | null> } | null;
}

/**
 * A JWT's `exp` in ms, read without verifying: only to time the renewal (in Clerk mode the
 * browser holds the token); the authorizer verifies every token it is given.
 */
export function tokenExpiry(token: string): number | null {
  try {
    const part = token.split(".")[1] ?? "";
    const json = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = z.object({ exp: z.number() }).safeParse(JSON.parse(json));
    return exp.success ? exp.data.exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * The page's ticket: the same-origin route's answer; in Clerk mode the token itself comes
 * from Clerk's browser session (the route names the URL and the user only).
 */
export async function fetchTicket(): Promise<LiveTicket | null> {
  const response = await fetch("/api/live/token", { cache: "no-store" });
  if (!response.ok) return null;
  const parsed = ticketSchema.safeParse(await response.json());
  if (!parsed.success) return null;
  const ticket = parsed.data;
  if (ticket.mode === "local") return ticket;
  // Clerk's own object, not an import: no Clerk code in this bundle (the layout loads it).
  const clerk = (globalThis as { Clerk?: ClerkBrowser }).Clerk;
  const token = await clerk?.session?.getToken();
  if (!token) return null;
  return { ...ticket, token, expiresAt: tokenExpiry(token) };
}
