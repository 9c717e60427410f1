/**
 * The local AppSync endpoint: `POST /graphql` with AppSync's request and response shapes
 * and Lambda authorization, executing the API definition's resolvers (the bundles CDK
 * deploys) on DynamoDB Local. Logs each operation with its duration and DynamoDB calls.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import type { ApiDefinition } from "../../api/resolver-map";
import { refuseForeignHost } from "../loopback-guard";
import { createAuthorization, type Authorizer } from "./authorization";
import { createDynamoDbDataSource } from "./data-sources/dynamodb";
import { createNextTokenCodec } from "./data-sources/next-token";
import { createExecutor } from "./executor";
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
}

export interface LocalAppSync {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  close(): Promise<void>;
}

/** A bound on request bodies, so a huge one cannot exhaust memory. */
const MAX_BODY_BYTES = 1_000_000;

const bodySchema = z.object({
  query: z.string().min(1).max(MAX_BODY_BYTES),
  operationName: z.string().max(1024).nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

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

    const operations: string[] = [];
    const dynamo = createDynamoDbDataSource({
      client: options.dynamodb.client,
      tableName: options.dynamodb.tableName,
      nextTokens,
      onOperation: (operation, tableName) => {
        operations.push(operation);
        options.onDynamoDbOperation?.(operation, tableName);
      },
    });
    const invokeDataSource = async (name: string, request: unknown): Promise<DataSourceOutcome> => {
      const source = options.api.dataSources[name];
      if (source?.kind === "AMAZON_DYNAMODB") return dynamo.execute(request);
      // NONE: the request handler's `payload` is the result, as in AppSync.
      const payload = (request as { payload?: unknown } | null)?.payload;
      return { result: payload ?? null };
    };
    const response = await executor.run(body.data, {
      identity: { resolverContext: decision.resolverContext },
      headers: headersOf(req),
      deniedFields: decision.deniedFields,
      invokeDataSource,
    });
    send(res, 200, response);
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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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
