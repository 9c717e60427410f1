/**
 * The local AppSync endpoint: `POST /graphql` with AppSync's request and response shapes
 * and Lambda authorization, executing the API definition's resolvers (the bundles CDK
 * deploys) on DynamoDB Local. Logs each operation with its duration and DynamoDB calls.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Kind, type OperationDefinitionNode } from "graphql";
import { z } from "zod";
import type { ApiDefinition } from "../../api/resolver-map";
import { isSigV4, verifySignature, type IamCredentials } from "../../lambdas/appsync-iam/sigv4";
import { refuseForeignHost } from "../loopback-guard";
import { createAuthorization, type Authorizer } from "./authorization";
import { createDynamoDbDataSource } from "./data-sources/dynamodb";
import { createNextTokenCodec } from "./data-sources/next-token";
import { createExecutor, type AuthMode, type Executor } from "./executor";
import { createRealtime, REALTIME_PATH } from "./realtime";
import type { ExtensionCall } from "./runtime/sandbox";
import { loadResolvers } from "./load-api";
import type { DataSourceOutcome } from "./runtime/pipeline";
import { loadAppSyncSchema } from "./schema";

export interface LocalAppSyncOptions {
  api: ApiDefinition;
  /** 0 picks a free port. */
  port: number;
  /** @default "127.0.0.1" */
  host?: string;
  dynamodb: { client: DynamoDBClient; tableName: string };
  /** The Lambda authorizer's handler (the real one in dev and tests). */
  authorizer: Authorizer;
  /** AppSync's `authorizerResultTtlInSeconds`, when the authorizer gives no ttlOverride. @default 300 */
  authorizerResultTtlSeconds?: number;
  /** Per handler invocation. @default 1000 */
  resolverTimeoutMs?: number;
  /** Per request, AppSync's execution time limit. @default 30000 */
  requestTimeoutMs?: number;
  /** Signs nextTokens. @default a random secret per process */
  nextTokenSecret?: Uint8Array;
  now?: () => number;
  log?: (message: string) => void;
  /** Every DynamoDB call the data sources make (tests record them). */
  onDynamoDbOperation?: (operation: string, tableName: string) => void;
  /**
   * The one credential whose SigV4 signature the IAM mode accepts (the local stack's
   * internal callers: stream publisher, webhook). Without it every IAM request is refused.
   */
  iam?: IamCredentials;
  /** Real-time endpoint timings (tests shorten the keep-alive). */
  realtime?: { keepAliveMs?: number; connectionTimeoutMs?: number };
}

export interface LocalAppSync {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `ws://127.0.0.1:<port>/graphql/realtime` */
  realtimeUrl: string;
  /** Open real-time connections and subscriptions. */
  realtimeStats(): { connections: number; subscriptions: number };
  close(): Promise<void>;
}

/** A bound on request bodies, so a huge one cannot exhaust memory. */
const MAX_BODY_BYTES = 1_000_000;

const bodySchema = z.object({
  query: z.string().min(1).max(MAX_BODY_BYTES),
  operationName: z.string().max(1024).nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

/** AppSync's answer to a SigV4 signature it cannot verify. */
const INVALID_SIGNATURE = {
  errors: [
    {
      errorType: "InvalidSignatureException",
      message: "The request signature we calculated does not match the signature you provided.",
    },
  ],
};

const UNAUTHORIZED = {
  errors: [
    { errorType: "UnauthorizedException", message: "You are not authorized to make this call." },
  ],
};

export async function startLocalAppSync(options: LocalAppSyncOptions): Promise<LocalAppSync> {
  const log = options.log ?? (() => {});
  const schema = loadAppSyncSchema(options.api.schemaFile);
  const resolvers = await loadResolvers(options.api);
  const executor = createExecutor({
    schema,
    resolvers,
    environment: { ...options.api.environment },
    timeoutMs: options.resolverTimeoutMs ?? 1000,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  const authorization = createAuthorization({
    authorizer: options.authorizer,
    defaultTtlSeconds: options.authorizerResultTtlSeconds ?? 300,
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  const nextTokens = createNextTokenCodec(options.nextTokenSecret);

  /** The data sources of one request; `operations` records its DynamoDB calls. */
  const dataSources = (operations: string[] = []) => {
    const dynamo = createDynamoDbDataSource({
      client: options.dynamodb.client,
      tableName: options.dynamodb.tableName,
      nextTokens,
      onOperation: (operation, tableName) => {
        operations.push(operation);
        options.onDynamoDbOperation?.(operation, tableName);
      },
    });
    return async (name: string, request: unknown): Promise<DataSourceOutcome> => {
      const source = options.api.dataSources[name];
      if (source?.kind === "AMAZON_DYNAMODB") return dynamo.execute(request);
      // NONE: the request handler's `payload` is the result, as in AppSync.
      const payload = (request as { payload?: unknown } | null)?.payload;
      return { result: payload ?? null };
    };
  };
  const realtime = createRealtime({
    schema,
    executor,
    authorization,
    dataSources: () => dataSources(),
    log,
    ...options.realtime,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Not AppSync's behaviour (its endpoint is public): a local-stack guard against DNS
    // rebinding, so a web page cannot reach this endpoint as its own origin.
    const foreignHost = refuseForeignHost(req);
    if (foreignHost) {
      req.resume();
      return send(res, foreignHost.status, {
        errors: [{ errorType: "MisdirectedRequest", message: foreignHost.message }],
      });
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/graphql")
      return send(res, 404, { errors: [{ errorType: "NotFound", message: "Not found" }] });
    if (req.method !== "POST")
      return send(res, 405, { errors: [{ errorType: "MethodNotAllowed", message: "Use POST" }] });

    const started = performance.now();
    const raw = await readBody(req);
    let json: unknown;
    try {
      json = raw === undefined ? undefined : JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const body = bodySchema.safeParse(json);
    if (!body.success) {
      return send(res, 400, {
        errors: [
          {
            errorType: "MalformedHttpRequestException",
            message: "The request body is not a GraphQL request",
          },
        ],
      });
    }

    const token = req.headers.authorization;
    if (!token) return send(res, 401, UNAUTHORIZED);
    let authMode: AuthMode = "lambda";
    let identity: Record<string, unknown>;
    let deniedFields: ReadonlySet<string> = new Set();
    if (isSigV4(token)) {
      // IAM: only the local stack's internal credential signs (never a user's token).
      const accessKeyId = options.iam
        ? await verifySignature(
            {
              method: req.method ?? "POST",
              url: new URL(req.url ?? "/graphql", `http://${req.headers.host ?? "localhost"}`),
              headers: headersOf(req),
              body: raw ?? "",
            },
            options.iam,
            (options.now ?? Date.now)(),
          )
        : null;
      if (!accessKeyId) {
        log(`${body.data.operationName ?? "(anonymous)"}: 403 invalid signature`);
        return send(res, 403, INVALID_SIGNATURE);
      }
      authMode = "iam";
      identity = { accountId: "000000000000", username: accessKeyId, sourceIp: ["127.0.0.1"] };
    } else {
      const decision = await authorization.authorize({
        authorizationToken: token,
        requestContext: {
          apiId: "local",
          accountId: "000000000000",
          requestId: randomUUID(),
          queryString: body.data.query,
          ...(body.data.operationName ? { operationName: body.data.operationName } : {}),
          variables: body.data.variables ?? {},
        },
      });
      if (!decision.allowed) {
        log(`${body.data.operationName ?? "(anonymous)"}: 401 unauthorized`);
        return send(res, 401, UNAUTHORIZED);
      }
      identity = { resolverContext: decision.resolverContext };
      deniedFields = decision.deniedFields;
    }

    const operations: string[] = [];
    const extensionCalls: ExtensionCall[] = [];
    const response = await executor.run(body.data, {
      identity,
      authMode,
      headers: headersOf(req),
      deniedFields,
      invokeDataSource: dataSources(operations),
      onExtension: (call) => extensionCalls.push(call),
    });
    send(res, 200, response);
    // After the answer, as AppSync: the mutation's result to its subscribers, and the
    // invalidations its resolvers asked for.
    for (const call of extensionCalls)
      if (call.kind === "invalidateSubscriptions")
        realtime.invalidate(call.subscriptionField, call.payload);
    for (const [field, value] of mutationResults(executor, body.data, response.data))
      await realtime.publish(field, value);
    const ms = (performance.now() - started).toFixed(1);
    const counts = Object.entries(
      operations.reduce<Record<string, number>>(
        (acc, op) => ({ ...acc, [op]: (acc[op] ?? 0) + 1 }),
        {},
      ),
    ).map(([op, n]) => `${op}×${n}`);
    log(
      `${body.data.operationName ?? "(anonymous)"} ${ms} ms · DynamoDB: ${counts.join(", ") || "none"}` +
        (response.errors ? ` · ${response.errors.length} error(s)` : ""),
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never a stack trace to the client; the log has the operation line already.
      if (!res.headersSent)
        send(res, 500, {
          errors: [{ errorType: "InternalFailure", message: "An internal failure occurred" }],
        });
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (!realtime.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    realtimeUrl: `ws://${options.host ?? "127.0.0.1"}:${port}${REALTIME_PATH}`,
    realtimeStats: () => realtime.stats(),
    close: () =>
      new Promise<void>((resolve) => {
        realtime.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Each top-level field of a mutation operation that answered, with its result. */
function mutationResults(
  executor: Pick<Executor, "document">,
  request: { query: string; operationName?: string | null | undefined },
  data: unknown,
): [string, unknown][] {
  if (typeof data !== "object" || data === null) return [];
  // The document the executor ran (from its cache: not parsed a second time).
  const operation = executor
    .document(request.query)
    ?.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION &&
        (!request.operationName || d.name?.value === request.operationName),
    );
  if (operation?.operation !== "mutation") return [];
  return operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD
      ? [
          [
            selection.name.value,
            (data as Record<string, unknown>)[selection.alias?.value ?? selection.name.value],
          ] as [string, unknown],
        ]
      : [],
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=utf-8" })
    .end(JSON.stringify(body));
}

/** The body as text, or undefined when it is larger than AppSync accepts (drained, not kept). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
