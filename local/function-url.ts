/**
 * A thin stand-in for a Lambda Function URL: turns each HTTP request into a payload
 * format 2.0 event, calls the handler, and writes its `{ statusCode, headers, body }`
 * back. It holds no rule of its own; the handler answers everything but unknown paths, and
 * requests whose `Host` is not a loopback name (DNS rebinding: local/loopback-guard.ts),
 * which a real Function URL would never see (its host is AWS's).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { refuseForeignHost } from "./loopback-guard";

export interface FunctionUrlResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export type FunctionUrlHandler = (event: FunctionUrlEvent) => Promise<FunctionUrlResponse>;

export interface FunctionUrlEvent {
  version: "2.0";
  routeKey: "$default";
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded: boolean;
  requestContext: {
    http: { method: string; path: string; protocol: string; sourceIp: string; userAgent: string };
    requestId: string;
    timeEpoch: number;
  };
}

/** Function URLs take at most 6 MB; larger requests never reach the function. */
const FUNCTION_URL_LIMIT_BYTES = 6 * 1024 * 1024;

/** Text bodies arrive as they are; anything else base64-encoded, as Lambda does. */
const isText = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/(json|xml|x-www-form-urlencoded))/i.test(contentType);

/** Builds the event Lambda would pass for this request and body. */
export function toFunctionUrlEvent(
  req: Pick<IncomingMessage, "method" | "url" | "headers" | "httpVersion">,
  body: Buffer,
  sourceIp: string,
): FunctionUrlEvent {
  const url = new URL(req.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const text = isText(headers["content-type"]);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    headers,
    ...(body.length > 0 ? { body: text ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !text,
    requestContext: {
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: crypto.randomUUID(),
      timeEpoch: Date.now(),
    },
  };
}

export interface FunctionUrlServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves `handler` at `path` on loopback (port 0 picks a free one). */
export async function startFunctionUrlServer(options: {
  port: number;
  path: string;
  handler: FunctionUrlHandler;
  host?: string;
}): Promise<FunctionUrlServer> {
  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, headers: Record<string, string>, body: string | Buffer) => {
        res.writeHead(status, headers).end(body);
      };
      try {
        const foreignHost = refuseForeignHost(req);
        if (foreignHost) {
          req.resume();
          return send(
            foreignHost.status,
            { "content-type": "application/json" },
            JSON.stringify({ error: { code: foreignHost.code, message: foreignHost.message } }),
          );
        }
        if (new URL(req.url ?? "/", "http://localhost").pathname !== options.path) {
          req.resume();
          return send(
            404,
            { "content-type": "application/json" },
            '{"error":{"code":"not_found","message":"not found"}}',
          );
        }
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of req as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (size > FUNCTION_URL_LIMIT_BYTES) {
            return send(
              413,
              { "content-type": "application/json", connection: "close" },
              '{"error":{"code":"payload_too_large","message":"request too large"}}',
            );
          }
          chunks.push(chunk);
        }
        const event = toFunctionUrlEvent(
          req,
          Buffer.concat(chunks),
          req.socket.remoteAddress ?? "",
        );
        const result = await options.handler(event);
        const body = result.body ?? "";
        send(
          result.statusCode,
          result.headers ?? {},
          result.isBase64Encoded ? Buffer.from(body, "base64") : body,
        );
      } catch {
        // The handler answers its own failures; this is a bug in the adapter or handler.
        if (!res.headersSent)
          send(
            502,
            { "content-type": "application/json" },
            '{"error":{"code":"bad_gateway","message":"handler failed"}}',
          );
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.path}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
