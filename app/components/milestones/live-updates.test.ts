/** The dashboard's real-time client: message reading, backoff, and one full exchange. */
import { describe, expect, it } from "vitest";
import { backoffMs, readMessage, startLiveUpdates, type LiveChange } from "./live-updates";

describe("readMessage", () => {
  it("reads a change, the ack, and the endings; ignores the rest", () => {
    const data = JSON.stringify({
      type: "data",
      id: "milestones",
      payload: {
        data: { onMilestoneChanged: { kind: "UPDATED", milestoneId: "m1", actorId: "u" } },
      },
    });
    expect(readMessage(data)).toEqual({ kind: "UPDATED", milestoneId: "m1", actorId: "u" });
    expect(readMessage('{"type":"connection_ack"}')).toBe("ack");
    for (const type of ["complete", "error", "connection_error"])
      expect(readMessage(JSON.stringify({ type }))).toBe("ended");
    expect(readMessage('{"type":"ka"}')).toBeNull();
    expect(readMessage("not json")).toBeNull();
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

describe("startLiveUpdates", () => {
  it("connects with the ticket's token, starts after the ack, and tells own changes apart", async () => {
    const sockets: FakeSocket[] = [];
    class FakeSocket {
      sent: string[] = [];
      onopen?: () => void;
      onmessage?: (event: { data: string }) => void;
      onerror?: () => void;
      onclose?: () => void;
      constructor(
        readonly url: string,
        readonly protocols: string[],
      ) {
        sockets.push(this);
      }
      send(text: string) {
        this.sent.push(text);
      }
      close() {}
    }
    const changes: [LiveChange, boolean][] = [];
    const stop = startLiveUpdates({
      ticket: () =>
        Promise.resolve({
          token: "tok",
          realtimeUrl: "ws://127.0.0.1:4000/graphql/realtime",
          userId: "me",
        }),
      onChange: (change, self) => changes.push([change, self]),
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const socket = sockets[0];
    if (!socket) throw new Error("no socket");
    expect(socket.protocols).toEqual(["graphql-ws"]);
    const header = new URL(socket.url).searchParams.get("header") ?? "";
    expect(JSON.parse(atob(header))).toEqual({ host: "127.0.0.1:4000", Authorization: "tok" });
    socket.onopen?.();
    expect(JSON.parse(socket.sent[0] ?? "{}")).toEqual({ type: "connection_init" });
    socket.onmessage?.({
      data: '{"type":"connection_ack","payload":{"connectionTimeoutMs":300000}}',
    });
    const startMessage = JSON.parse(socket.sent[1] ?? "{}") as {
      type: string;
      payload: { extensions: unknown };
    };
    expect(startMessage.type).toBe("start");
    expect(startMessage.payload.extensions).toEqual({
      authorization: { host: "127.0.0.1:4000", Authorization: "tok" },
    });
    const data = (actorId: string) =>
      JSON.stringify({
        type: "data",
        payload: { data: { onMilestoneChanged: { kind: "CREATED", milestoneId: "m", actorId } } },
      });
    socket.onmessage?.({ data: data("other") });
    socket.onmessage?.({ data: data("me") });
    expect(changes.map(([, self]) => self)).toEqual([false, true]);
    stop();
  });
});
