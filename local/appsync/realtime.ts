/**
 * AppSync's real-time endpoint, locally: the WebSocket protocol of "Building a real-time
 * WebSocket client in AWS AppSync" on `/graphql/realtime` of the local AppSync server.
 *
 * - Connect with the `graphql-ws` subprotocol and the `header` (base64 JSON: `host`,
 *   `Authorization`) and `payload` (base64 `{}`) query parameters.
 * - `connection_init` → the Lambda authorizer decides on the header's token →
 *   `connection_ack` with `connectionTimeoutMs`, then `ka` every `keepAliveMs`; a refusal is a
 *   `connection_error` and the socket closes.
 * - `start` `{ id, payload: { data: JSON text { query, variables }, extensions: {
 *   authorization } } }` → the authorizer decides again on the start's own token, the
 *   subscription's resolver runs once (it sets the enhanced and the invalidation filter) →
 *   `start_ack`, or `error` with the errors.
 * - Each mutation that a subscription field `@aws_subscribe`s to publishes its result: every
 *   subscription of that field whose filter and arguments it matches gets one `data`, shaped
 *   by the subscriber's own selection set.
 * - `extensions.invalidateSubscriptions` in a mutation ends every subscription whose
 *   invalidation filter its payload matches: a `complete` for each.
 * - `stop` → `complete`. Malformed or unknown messages get an `error` and change nothing else.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { getOperationAST, Kind, parse, type GraphQLSchema } from "graphql";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { z } from "zod";
import { refuseForeignHost } from "../loopback-guard";
import type { createAuthorization } from "./authorization";
import type { createExecutor } from "./executor";
import type { InvokeDataSource } from "./runtime/pipeline";
import type { ExtensionCall } from "./runtime/sandbox";
import {
  checkFilter,
  matchesFilter,
  type SubscriptionFilter,
} from "./runtime/subscription-filters";

export const REALTIME_PATH = "/graphql/realtime";

/** AppSync's connection timeout (the `ka` deadline it announces in `connection_ack`). */
export const CONNECTION_TIMEOUT_MS = 300_000;
/** AppSync sends `ka` about once a minute. */
export const KEEP_ALIVE_MS = 60_000;
/** AppSync's quota on the subscriptions of one WebSocket connection. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
/** AppSync's quota on an inbound real-time message (a `start` with its query). */
export const MAX_MESSAGE_BYTES = 240 * 1024;

const UNAUTHORIZED_MESSAGE = "You are not authorized to make this call.";

export interface RealtimeOptions {
  schema: GraphQLSchema;
  executor: ReturnType<typeof createExecutor>;
  authorization: ReturnType<typeof createAuthorization>;
  /** The data sources a `start`'s resolver reaches (a fresh set per start). */
  dataSources: () => InvokeDataSource;
  log: (message: string) => void;
  connectionTimeoutMs?: number;
  keepAliveMs?: number;
}

interface Subscription {
  id: string;
  connection: Connection;
  field: string;
  args: Record<string, unknown>;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
  resolverContext: Record<string, unknown>;
  deniedFields: ReadonlySet<string>;
  filter: SubscriptionFilter | null;
  invalidationFilter: SubscriptionFilter | null;
}

interface Connection {
  socket: WebSocket;
  initialized: boolean;
  token: string | undefined;
  /** Started and starting ids (a start is async: its id is taken at once). */
  ids: Set<string>;
  subscriptions: Map<string, Subscription>;
  keepAlive?: NodeJS.Timeout;
}

const headerSchema = z.object({ Authorization: z.string().min(1).max(16_384) }).loose();

const messageSchema = z.object({
  type: z.string().max(64),
  id: z.string().min(1).max(128).optional(),
  payload: z.unknown().optional(),
});

const startPayloadSchema = z.object({
  data: z.string().min(1).max(MAX_MESSAGE_BYTES),
  extensions: z.object({
    authorization: z.object({ Authorization: z.string().min(1).max(16_384) }).loose(),
  }),
});

const requestSchema = z.object({
  query: z.string().min(1),
  operationName: z.string().max(1024).nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

const error = (errorType: string, message: string) => ({ errorType, message });

/** `header` / `payload` query parameters: base64 (or base64url) JSON. */
function decodeParam(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(Buffer.from(value, "base64").toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** Which mutations each subscription field is published by (`@aws_subscribe`). */
function subscriptionTriggers(schema: GraphQLSchema): Map<string, string[]> {
  const byMutation = new Map<string, string[]>();
  const type = schema.getSubscriptionType();
  for (const field of Object.values(type?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === "aws_subscribe");
    const list = directive?.arguments?.find((a) => a.name.value === "mutations")?.value;
    if (list?.kind !== Kind.LIST) continue;
    for (const item of list.values) {
      if (item.kind !== Kind.STRING) continue;
      const mutation = item.value;
      byMutation.set(mutation, [...(byMutation.get(mutation) ?? []), field.name]);
    }
  }
  return byMutation;
}

export function createRealtime(options: RealtimeOptions) {
  const { log } = options;
  const connectionTimeoutMs = options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS;
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  const triggers = subscriptionTriggers(options.schema);
  /** Live subscriptions by subscription field. */
  const byField = new Map<string, Set<Subscription>>();
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({
    noServer: true,
    // Above AppSync's message quota, so an oversized message gets AppSync's error rather
    // than a closed socket; far above it, ws closes the socket (1009) before buffering it.
    maxPayload: 4 * MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has("graphql-ws") ? "graphql-ws" : false),
  });

  const send = (connection: Connection, message: unknown) => {
    if (connection.socket.readyState === WebSocket.OPEN)
      connection.socket.send(JSON.stringify(message));
  };
  const sendError = (connection: Connection, id: string | undefined, errors: unknown[]) =>
    send(connection, { type: "error", ...(id ? { id } : {}), payload: { errors } });

  const remove = (subscription: Subscription) => {
    subscription.connection.subscriptions.delete(subscription.id);
    subscription.connection.ids.delete(subscription.id);
    byField.get(subscription.field)?.delete(subscription);
  };

  async function authorize(token: string | undefined, query: string) {
    if (!token) return { allowed: false as const };
    return options.authorization.authorize({
      authorizationToken: token,
      requestContext: {
        apiId: "local",
        accountId: "000000000000",
        requestId: randomUUID(),
        queryString: query,
        variables: {},
      },
    });
  }

  async function onConnectionInit(connection: Connection) {
    const decision = await authorize(connection.token, "");
    if (!decision.allowed) {
      send(connection, {
        type: "connection_error",
        payload: {
          errors: [{ ...error("UnauthorizedException", UNAUTHORIZED_MESSAGE), errorCode: 401 }],
        },
      });
      connection.socket.close(1000);
      return;
    }
    connection.initialized = true;
    send(connection, { type: "connection_ack", payload: { connectionTimeoutMs } });
    send(connection, { type: "ka" });
    clearInterval(connection.keepAlive);
    connection.keepAlive = setInterval(() => send(connection, { type: "ka" }), keepAliveMs);
    connection.keepAlive.unref();
  }

  async function onStart(connection: Connection, id: string, raw: unknown) {
    const payload = startPayloadSchema.safeParse(raw);
    if (!payload.success)
      return sendError(connection, id, [
        error(
          "BadRequestException",
          "start needs payload.data and payload.extensions.authorization",
        ),
      ]);
    let request: z.infer<typeof requestSchema>;
    try {
      const parsed = requestSchema.safeParse(JSON.parse(payload.data.data));
      if (!parsed.success) throw new Error("not a GraphQL request");
      request = parsed.data;
    } catch {
      return sendError(connection, id, [
        error("BadRequestException", "payload.data is not a GraphQL request (JSON text)"),
      ]);
    }
    try {
      const document = parse(request.query, { maxTokens: 10_000 });
      const operation = getOperationAST(document, request.operationName ?? undefined);
      if (operation?.operation !== "subscription")
        return sendError(connection, id, [
          error(
            "UnsupportedOperation",
            `${operation?.operation ?? "unknown"} not supported through the realtime channel`,
          ),
        ]);
    } catch {
      // The executor reports the syntax error in AppSync's shape below.
    }
    const decision = await authorize(
      payload.data.extensions.authorization.Authorization,
      request.query,
    );
    if (!connection.ids.has(id)) return; // stopped while being authorized
    if (!decision.allowed) {
      connection.ids.delete(id);
      return sendError(connection, id, [error("UnauthorizedException", UNAUTHORIZED_MESSAGE)]);
    }
    let filter: SubscriptionFilter | null = null;
    let invalidationFilter: SubscriptionFilter | null = null;
    let field: { name: string; args: Record<string, unknown> } | undefined;
    let extensionError: string | undefined;
    const onExtension = (call: ExtensionCall) => {
      try {
        if (call.kind === "setSubscriptionFilter") filter = checkFilter(call.filter);
        else if (call.kind === "setSubscriptionInvalidationFilter")
          invalidationFilter = checkFilter(call.filter);
      } catch (problem) {
        extensionError = problem instanceof Error ? problem.message : "invalid filter";
      }
    };
    const response = await options.executor.run(request, {
      identity: { resolverContext: decision.resolverContext },
      authMode: "lambda",
      headers: {},
      deniedFields: decision.deniedFields,
      invokeDataSource: options.dataSources(),
      onExtension,
      onSubscriptionField: (name, args) => {
        field = { name, args };
      },
    });
    if (!connection.ids.has(id)) return;
    if (response.errors?.length || !field || extensionError) {
      connection.ids.delete(id);
      if (extensionError) log(`subscription ${id}: ${extensionError}`);
      return sendError(
        connection,
        id,
        response.errors ?? [
          error("ValidationError", "A subscription needs one subscription field"),
        ],
      );
    }
    const subscription: Subscription = {
      id,
      connection,
      field: field.name,
      args: field.args,
      query: request.query,
      variables: request.variables ?? {},
      operationName: request.operationName ?? undefined,
      resolverContext: decision.resolverContext,
      deniedFields: decision.deniedFields,
      filter,
      invalidationFilter,
    };
    connection.subscriptions.set(id, subscription);
    let set = byField.get(field.name);
    if (!set) byField.set(field.name, (set = new Set()));
    set.add(subscription);
    send(connection, { type: "start_ack", id });
  }

  async function onMessage(connection: Connection, raw: RawData, isBinary: boolean) {
    const data = Array.isArray(raw)
      ? Buffer.concat(raw)
      : Buffer.isBuffer(raw)
        ? raw
        : Buffer.from(raw);
    const size = data.byteLength;
    if (size > MAX_MESSAGE_BYTES)
      return sendError(connection, undefined, [
        error("LimitExceededError", `Message size exceeds ${MAX_MESSAGE_BYTES} bytes`),
      ]);
    let json: unknown;
    try {
      if (isBinary) throw new Error("binary");
      json = JSON.parse(data.toString());
    } catch {
      return sendError(connection, undefined, [
        error("BadRequestException", "The message is not valid JSON"),
      ]);
    }
    const message = messageSchema.safeParse(json);
    if (!message.success)
      return sendError(connection, undefined, [
        error("BadRequestException", "A message needs a type (and an id of 1–128 characters)"),
      ]);
    const { type, id, payload } = message.data;
    switch (type) {
      case "connection_init":
        return onConnectionInit(connection);
      case "start": {
        if (!id)
          return sendError(connection, undefined, [
            error("BadRequestException", "start needs an id"),
          ]);
        if (!connection.initialized)
          return sendError(connection, id, [
            error("UnsupportedOperation", "start before connection_init"),
          ]);
        if (connection.ids.has(id))
          return sendError(connection, id, [
            error("DuplicatedOperationError", `Duplicated operation with id ${id}`),
          ]);
        if (connection.ids.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION)
          return sendError(connection, id, [
            error("MaxSubscriptionsReachedError", "Max number of subscriptions reached"),
          ]);
        connection.ids.add(id);
        return onStart(connection, id, payload);
      }
      case "stop": {
        if (!id || !connection.ids.has(id))
          return sendError(connection, id, [
            error("UnknownOperationError", `Unknown operation id ${id ?? ""}`.trim()),
          ]);
        const subscription = connection.subscriptions.get(id);
        if (subscription) remove(subscription);
        connection.ids.delete(id);
        return send(connection, { type: "complete", id });
      }
      default:
        return sendError(connection, id, [
          error("UnsupportedOperation", `${type} not supported through the realtime channel`),
        ]);
    }
  }

  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const header = headerSchema.safeParse(decodeParam(url.searchParams.get("header")));
    const connection: Connection = {
      socket,
      initialized: false,
      token: header.success ? header.data.Authorization : undefined,
      ids: new Set(),
      subscriptions: new Map(),
    };
    connections.add(connection);
    if (socket.protocol !== "graphql-ws") {
      send(connection, {
        type: "connection_error",
        payload: { errors: [{ message: "SubProtocolNotSupportedError", errorCode: 400 }] },
      });
      socket.close(1002);
    }
    socket.on("message", (data, isBinary) => {
      onMessage(connection, data, isBinary).catch(() => {
        sendError(connection, undefined, [
          error("InternalFailure", "An internal failure occurred"),
        ]);
      });
    });
    socket.on("error", () => socket.terminate());
    socket.on("close", () => {
      clearInterval(connection.keepAlive);
      for (const subscription of [...connection.subscriptions.values()]) remove(subscription);
      connections.delete(connection);
    });
  });

  /** A published event, shaped by one subscriber's selection set. */
  async function deliver(subscription: Subscription, value: unknown): Promise<boolean> {
    const response = await options.executor.run(
      {
        query: subscription.query,
        variables: subscription.variables,
        operationName: subscription.operationName ?? null,
      },
      {
        identity: { resolverContext: subscription.resolverContext },
        authMode: "lambda",
        headers: {},
        deniedFields: subscription.deniedFields,
        invokeDataSource: () => Promise.resolve({ result: null }),
        event: { value },
      },
    );
    if (!subscription.connection.subscriptions.has(subscription.id)) return false;
    send(subscription.connection, { type: "data", id: subscription.id, payload: response });
    return true;
  }

  /** AppSync's argument matching: each argument given must equal the payload's same field. */
  const argumentsMatch = (subscription: Subscription, value: unknown) =>
    Object.entries(subscription.args).every(
      ([name, expected]) =>
        expected === null ||
        expected === undefined ||
        (typeof value === "object" &&
          value !== null &&
          (value as Record<string, unknown>)[name] === expected),
    );

  return {
    /** Upgrades `/graphql/realtime` requests; false for any other path. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== REALTIME_PATH) return false;
      if (refuseForeignHost(req)) {
        socket.end("HTTP/1.1 421 Misdirected Request\r\nconnection: close\r\n\r\n");
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      return true;
    },

    /** After a mutation field's success: its result to the subscriptions it triggers. */
    async publish(mutationField: string, value: unknown): Promise<number> {
      if (value === null || value === undefined) return 0;
      const deliveries: Promise<boolean>[] = [];
      for (const field of triggers.get(mutationField) ?? []) {
        for (const subscription of byField.get(field) ?? []) {
          if (subscription.filter && !matchesFilter(subscription.filter, value)) continue;
          if (!argumentsMatch(subscription, value)) continue;
          deliveries.push(deliver(subscription, value));
        }
      }
      const done = await Promise.all(deliveries);
      return done.filter(Boolean).length;
    },

    /** `extensions.invalidateSubscriptions`: ends the matching subscriptions with `complete`. */
    invalidate(subscriptionField: unknown, payload: unknown): number {
      if (typeof subscriptionField !== "string") return 0;
      let ended = 0;
      for (const subscription of [...(byField.get(subscriptionField) ?? [])]) {
        if (!subscription.invalidationFilter) continue;
        if (!matchesFilter(subscription.invalidationFilter, payload)) continue;
        remove(subscription);
        send(subscription.connection, { type: "complete", id: subscription.id });
        ended += 1;
      }
      return ended;
    },

    stats: () => ({
      connections: connections.size,
      subscriptions: [...byField.values()].reduce((n, set) => n + set.size, 0),
    }),

    close(): void {
      for (const connection of connections) connection.socket.terminate();
      wss.close();
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
