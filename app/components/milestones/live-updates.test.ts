/**
 * The dashboard's real-time client: message reading, backoff, renewal timing, de-duplication,
 * coalescing, the cue's text, full exchanges over a fake socket (start, renewal handover,
 * reconnect) and the ticket in both auth modes.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  backoffMs,
  changeKey,
  createCoalescer,
  createDeduper,
  describeChanges,
  fetchTicket,
  readMessage,
  renewDelayMs,
  startLiveBatches,
  startLiveUpdates,
  tokenExpiry,
  type LiveBatch,
  type LiveChange,
  type LiveTicket,
} from "./live-updates";
import { dataMessage, FakeSocket } from "./live-test-socket";

vi.mock("@/app/lib/live/actions", () => ({ liveActorNamesAction: vi.fn() }));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const change = (over: Partial<LiveChange> = {}): LiveChange => ({
  kind: "UPDATED",
  milestoneId: "m1",
  actorId: "user_ada",
  version: 2,
  ...over,
});

describe("readMessage", () => {
  it("reads a change with its version, the acks, and the endings; ignores the rest", () => {
    expect(readMessage(dataMessage({ kind: "UPDATED", actorId: "u", version: 3 }))).toEqual({
      kind: "UPDATED",
      milestoneId: "m1",
      actorId: "u",
      version: 3,
    });
    expect(readMessage(dataMessage({ kind: "DELETED", actorId: "u", version: null }))).toEqual({
      kind: "DELETED",
      milestoneId: "m1",
      actorId: "u",
      version: null,
    });
    expect(readMessage('{"type":"connection_ack"}')).toBe("ack");
    expect(readMessage('{"type":"start_ack","id":"milestones"}')).toBe("started");
    for (const type of ["complete", "error", "connection_error"])
      expect(readMessage(JSON.stringify({ type }))).toBe("ended");
    expect(readMessage('{"type":"ka"}')).toBeNull();
    expect(readMessage("not json")).toBeNull();
    expect(readMessage("[1,2]")).toBeNull();
    expect(
      readMessage(
        JSON.stringify({ type: "data", payload: { data: { onMilestoneChanged: { kind: "X" } } } }),
      ),
    ).toBeNull();
  });
});

describe("backoffMs", () => {
  it("doubles up to 30 s, jittered within the upper half", () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 1)).toBe(8000);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    expect(backoffMs(20, () => 0)).toBe(15_000);
  });
});

describe("renewDelayMs", () => {
  const now = 1_000_000;
  it("renews a quarter of the remaining life ahead of the expiry, at least 10 s ahead", () => {
    expect(renewDelayMs(now + 60_000, now)).toBe(45_000);
    expect(renewDelayMs(now + 600_000, now)).toBe(450_000);
    expect(renewDelayMs(now + 30_000, now)).toBe(20_000);
  });
  it("never sooner than 1 s, and not at all without an expiry", () => {
    expect(renewDelayMs(now + 5_000, now)).toBe(1000);
    expect(renewDelayMs(now - 5_000, now)).toBe(1000);
    expect(renewDelayMs(null, now)).toBeNull();
    expect(renewDelayMs(Number.NaN, now)).toBeNull();
  });
});

describe("changeKey and createDeduper", () => {
  it("tells a repeat from a new version, and forgets the oldest past its limit", () => {
    const first = createDeduper(2);
    expect(first(changeKey(change({ version: 2 })))).toBe(true);
    expect(first(changeKey(change({ version: 2 })))).toBe(false);
    expect(first(changeKey(change({ version: 3 })))).toBe(true);
    expect(first(changeKey(change({ kind: "DELETED", version: null })))).toBe(true);
    // Limit 2: version 2 was the oldest and is forgotten, version 3 is still known.
    expect(first(changeKey(change({ version: 3 })))).toBe(false);
    expect(first(changeKey(change({ version: 2 })))).toBe(true);
  });
});

describe("createCoalescer", () => {
  it("hands a burst over as one batch once it goes quiet", () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const coalescer = createCoalescer<number>((batch) => batches.push(batch), {
      quietMs: 200,
      maxWaitMs: 1000,
    });
    for (let i = 0; i < 25; i++) coalescer.push(i);
    vi.advanceTimersByTime(199);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(25);
    vi.advanceTimersByTime(5000);
    expect(batches).toHaveLength(1);
  });

  it("flushes a steady stream at the latest maxWaitMs after its first item", () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const coalescer = createCoalescer<number>((batch) => batches.push(batch), {
      quietMs: 200,
      maxWaitMs: 1000,
    });
    for (let i = 0; i < 10; i++) {
      coalescer.push(i);
      vi.advanceTimersByTime(150);
    }
    // 1,500 ms of items 150 ms apart: the first batch went at 1,000 ms.
    expect(batches[0]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    vi.advanceTimersByTime(200);
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("drops what it holds when cancelled", () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const coalescer = createCoalescer<number>(flush);
    coalescer.push(1);
    coalescer.cancel();
    vi.advanceTimersByTime(5000);
    expect(flush).not.toHaveBeenCalled();
  });
});

describe("describeChanges", () => {
  const names: Record<string, string> = { user_ada: "Ada Admin", user_bob: "Bob Member" };
  const nameOf = (id: string | null) => (id && names[id]) || "another user";
  it("keeps the shape 'Milestone <kind> by <name>' for one change", () => {
    expect(describeChanges([change({ kind: "CREATED" })], nameOf)).toBe(
      "Milestone created by Ada Admin",
    );
    expect(describeChanges([change({ actorId: null })], nameOf)).toBe(
      "Milestone updated by another user",
    );
  });
  it("counts a burst's milestones, once each", () => {
    const burst = Array.from({ length: 25 }, (_, i) => change({ milestoneId: `m${i}` }));
    expect(describeChanges(burst, nameOf)).toBe("25 milestones updated by Ada Admin");
    expect(describeChanges([change({ version: 2 }), change({ version: 3 })], nameOf)).toBe(
      "Milestone updated by Ada Admin",
    );
  });
  it("says 'changed' for mixed kinds and names at most two actors", () => {
    expect(
      describeChanges(
        [change(), change({ milestoneId: "m2", kind: "DELETED", actorId: "user_bob" })],
        nameOf,
      ),
    ).toBe("2 milestones changed by Ada Admin and Bob Member");
    expect(
      describeChanges(
        [
          change(),
          change({ milestoneId: "m2", actorId: "user_bob" }),
          change({ milestoneId: "m3", actorId: "user_cy" }),
        ],
        nameOf,
      ),
    ).toBe("3 milestones updated by Ada Admin and 2 others");
  });
});

/** Lets the client's awaited ticket resolve. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

function setup(tickets: () => LiveTicket) {
  FakeSocket.all = [];
  const changes: [LiveChange, boolean][] = [];
  const statuses: boolean[] = [];
  let issued = 0;
  const stop = startLiveUpdates({
    ticket: () => {
      issued++;
      return Promise.resolve(tickets());
    },
    onChange: (c, self) => changes.push([c, self]),
    onStatus: (live) => statuses.push(live),
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    now: () => Date.now(),
  });
  return { changes, statuses, stop, issued: () => issued };
}

const URL_ = "ws://127.0.0.1:4000/graphql/realtime";

describe("startLiveUpdates", () => {
  it("connects with the ticket's token, starts after the ack, is live on start_ack, tells own changes apart", async () => {
    const { changes, statuses, stop } = setup(() => ({
      token: "tok",
      realtimeUrl: URL_,
      userId: "me",
      expiresAt: null,
    }));
    await settle();
    const socket = FakeSocket.all[0];
    if (!socket) throw new Error("no socket");
    expect(socket.protocols).toEqual(["graphql-ws"]);
    const header = new URL(socket.url).searchParams.get("header") ?? "";
    expect(JSON.parse(atob(header))).toEqual({ host: "127.0.0.1:4000", Authorization: "tok" });
    socket.onopen?.();
    expect(JSON.parse(socket.sent[0] ?? "{}")).toEqual({ type: "connection_init" });
    socket.onmessage?.({ data: '{"type":"connection_ack"}' });
    const startMessage = JSON.parse(socket.sent[1] ?? "{}") as {
      type: string;
      payload: { data: string; extensions: unknown };
    };
    expect(startMessage.type).toBe("start");
    expect(startMessage.payload.data).toContain("milestone { version }");
    expect(startMessage.payload.extensions).toEqual({
      authorization: { host: "127.0.0.1:4000", Authorization: "tok" },
    });
    expect(statuses).toEqual([]);
    socket.onmessage?.({ data: '{"type":"start_ack","id":"milestones"}' });
    expect(statuses).toEqual([true]);
    socket.deliver({ kind: "CREATED", actorId: "other", version: 1 });
    socket.deliver({ kind: "UPDATED", actorId: "me", version: 2 });
    // At least once on AWS: a repeated delivery is passed on once.
    socket.deliver({ kind: "UPDATED", actorId: "me", version: 2 });
    expect(changes.map(([c, self]) => [c.kind, self])).toEqual([
      ["CREATED", false],
      ["UPDATED", true],
    ]);
    stop();
    expect(socket.closed).toBe(true);
  });

  it("renews before the token expires: the new connection starts before the old one closes, no change lost or doubled", async () => {
    vi.useFakeTimers();
    let n = 0;
    const { changes, statuses, stop, issued } = setup(() => {
      n++;
      return { token: `tok${n}`, realtimeUrl: URL_, userId: "me", expiresAt: Date.now() + 60_000 };
    });
    await settle();
    const first = FakeSocket.all[0];
    if (!first) throw new Error("no socket");
    first.accept();
    vi.advanceTimersByTime(44_000);
    await settle();
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    await settle();
    expect(issued()).toBe(2);
    const second = FakeSocket.all[1];
    if (!second) throw new Error("no renewal");
    expect(second.token()).toBe("tok2");
    // Until the new subscription is started, the old one keeps delivering.
    second.onopen?.();
    second.onmessage?.({ data: '{"type":"connection_ack"}' });
    expect(first.closed).toBe(false);
    first.deliver({ milestoneId: "a", actorId: "other", version: 5 });
    second.onmessage?.({ data: '{"type":"start_ack","id":"milestones"}' });
    expect(first.closed).toBe(true);
    // The old socket's close event is no failure: no reconnect follows.
    first.onclose?.();
    second.deliver({ milestoneId: "a", actorId: "other", version: 5 }); // both had it
    second.deliver({ milestoneId: "b", actorId: "other", version: 1 });
    expect(changes.map(([c]) => c.milestoneId)).toEqual(["a", "b"]);
    expect(statuses).toEqual([true]);
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(FakeSocket.all).toHaveLength(2);
    stop();
    expect(second.closed).toBe(true);
  });

  it("keeps the old connection when a renewal fails, and reconnects with backoff when a live one ends", async () => {
    vi.useFakeTimers();
    let n = 0;
    const { statuses, stop } = setup(() => {
      n++;
      return { token: `tok${n}`, realtimeUrl: URL_, userId: "me", expiresAt: Date.now() + 60_000 };
    });
    await settle();
    const first = FakeSocket.all[0];
    if (!first) throw new Error("no socket");
    first.accept();
    vi.advanceTimersByTime(45_000);
    await settle();
    const renewal = FakeSocket.all[1];
    if (!renewal) throw new Error("no renewal");
    renewal.onopen?.();
    renewal.onmessage?.({ data: '{"type":"connection_error"}' });
    expect(first.closed).toBe(false);
    expect(statuses).toEqual([true]);
    // Invalidated (a role change): the live connection ends; a new one follows after backoff.
    first.onmessage?.({ data: '{"type":"complete","id":"milestones"}' });
    expect(first.closed).toBe(true);
    expect(statuses).toEqual([true, false]);
    vi.advanceTimersByTime(30_000);
    await settle();
    const again = FakeSocket.all.at(-1);
    if (!again || again === renewal) throw new Error("no reconnect");
    again.accept();
    expect(statuses.at(-1)).toBe(true);
    stop();
  });

  it("stays quiet and retries when there is no ticket", async () => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    let calls = 0;
    const stop = startLiveUpdates({
      ticket: () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error("down")) : Promise.resolve(null);
      },
      onChange: () => {},
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    await settle();
    vi.advanceTimersByTime(1000);
    await settle();
    expect(calls).toBe(2);
    expect(FakeSocket.all).toHaveLength(0);
    stop();
  });
});

describe("startLiveBatches", () => {
  it("leaves own changes out, coalesces a burst into one batch, and looks unknown actors up once", async () => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    const batches: LiveBatch[] = [];
    const lookupNames = vi.fn((actors: { actorId: string; milestoneId: string | null }[]) =>
      Promise.resolve(
        Object.fromEntries(actors.map(({ actorId }) => [actorId, `Name of ${actorId}`])),
      ),
    );
    const stop = startLiveBatches({
      knownName: (id) => (id === "user_ada" ? "Ada Admin" : undefined),
      onBatch: (batch) => batches.push(batch),
      onStatus: () => {},
      lookupNames,
      ticket: () =>
        Promise.resolve({ token: "t", realtimeUrl: URL_, userId: "me", expiresAt: null }),
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    await settle();
    const socket = FakeSocket.all[0];
    if (!socket) throw new Error("no socket");
    socket.accept();
    for (let i = 0; i < 25; i++)
      socket.deliver({ milestoneId: `m${i}`, actorId: "user_ada", version: 2 });
    socket.deliver({ milestoneId: "mine", actorId: "me", version: 4 });
    vi.advanceTimersByTime(250);
    await settle();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes).toHaveLength(25);
    expect(batches[0]?.summary).toBe("25 milestones updated by Ada Admin");
    expect(lookupNames).not.toHaveBeenCalled();

    socket.deliver({ milestoneId: "x", kind: "CREATED", actorId: "user_cy", version: 1 });
    vi.advanceTimersByTime(250);
    await settle();
    socket.deliver({ milestoneId: "y", kind: "CREATED", actorId: "user_cy", version: 1 });
    vi.advanceTimersByTime(250);
    await settle();
    expect(batches.map((b) => b.summary).slice(1)).toEqual([
      "Milestone created by Name of user_cy",
      "Milestone created by Name of user_cy",
    ]);
    expect(lookupNames).toHaveBeenCalledTimes(1);
    // With the milestone the actor created: its owner names them when they own it.
    expect(lookupNames).toHaveBeenCalledWith([{ actorId: "user_cy", milestoneId: "x" }]);
    stop();
  });
});

describe("fetchTicket", () => {
  const respond = (body: unknown, status = 200) =>
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))),
    );
  const jwt = (exp: number) =>
    `${btoa('{"alg":"RS256"}')}.${btoa(JSON.stringify({ exp })).replace(/=+$/, "")}.sig`;

  it("local mode: the route's token and expiry", async () => {
    respond({ mode: "local", token: "t", expiresAt: 5000, realtimeUrl: URL_, userId: "u" });
    expect(await fetchTicket()).toMatchObject({ token: "t", expiresAt: 5000, userId: "u" });
  });

  it("Clerk mode: the token from Clerk's browser session, its expiry from its exp", async () => {
    respond({ mode: "clerk", realtimeUrl: URL_, userId: "u" });
    const token = jwt(1_800_000_000);
    vi.stubGlobal("Clerk", { session: { getToken: () => Promise.resolve(token) } });
    expect(await fetchTicket()).toMatchObject({
      token,
      expiresAt: 1_800_000_000_000,
      realtimeUrl: URL_,
    });
    expect(tokenExpiry("no.jwt")).toBeNull();
  });

  it("null when signed out, when Clerk has no session, or the answer is malformed", async () => {
    respond({ error: "signed out" }, 401);
    expect(await fetchTicket()).toBeNull();
    respond({ mode: "clerk", realtimeUrl: URL_, userId: "u" });
    vi.stubGlobal("Clerk", { session: null });
    expect(await fetchTicket()).toBeNull();
    respond({ mode: "local", token: "", realtimeUrl: "nope", userId: "u" });
    expect(await fetchTicket()).toBeNull();
  });
});
