/**
 * GET a small JSON document (the JWKS) with node:http/https rather than `fetch`: Node loads
 * fetch's implementation (undici) on first use, 40–60 ms that a cold Lambda would pay
 * before its first verification (measured: `npm run bench:authorizer`, cold start).
 * The module is imported on first use, so that a networkless (`CLERK_JWT_KEY`) cold start
 * does not load it at all. Redirects are not followed: a JWKS URL is configured exactly.
 */

export interface GetJsonOptions {
  /** The whole exchange, connection to last byte. */
  timeoutMs: number;
  /** A larger body is refused unread past this. */
  maxBytes: number;
}

export async function getJson(url: string, options: GetJsonOptions): Promise<unknown> {
  const target = new URL(url);
  const send =
    target.protocol === "https:"
      ? (await import("node:https")).request
      : target.protocol === "http:"
        ? (await import("node:http")).request
        : undefined;
  if (!send) throw new Error(`unsupported protocol ${target.protocol}`);
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: "GET",
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`status ${response.statusCode ?? "none"}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) request.destroy(new Error("body too large"));
          else chunks.push(chunk);
        });
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
          } catch {
            // Not V8's message: it quotes the body, and this reason is logged.
            reject(new Error("body is not JSON"));
          }
        });
        response.on("error", reject);
        // A connection cut mid-body ends neither in "end" nor always in "error".
        response.on("close", () => {
          if (!response.complete) reject(new Error("response incomplete"));
        });
      },
    );
    request.on("error", reject);
    request.end();
  });
}
