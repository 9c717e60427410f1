/** getJson against a real local HTTP server: the JWKS path the authorizer takes in Lambda. */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson } from "./get-json";

const routes: Record<string, (res: ServerResponse) => void> = {
  "/ok": (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"keys":[]}'),
  "/missing": (res) => res.writeHead(404).end("not here"),
  "/redirect": (res) => res.writeHead(302, { location: "/ok" }).end(),
  "/not-json": (res) => res.writeHead(200).end("<html>"),
  "/large": (res) => res.writeHead(200).end(`{"pad":"${"x".repeat(200_000)}"}`),
  "/slow": (res) => setTimeout(() => res.writeHead(200).end("{}"), 2_000),
  "/cut": (res) => {
    res.writeHead(200, { "content-length": "1000" }).write('{"keys":');
    setTimeout(() => res.destroy(), 20);
  },
};
const server = createServer((req, res) => (routes[req.url ?? ""] ?? routes["/missing"])?.(res));
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const options = { timeoutMs: 500, maxBytes: 64 * 1024 };

describe("getJson", () => {
  it("returns the parsed body of a 200", async () => {
    expect(await getJson(`${base}/ok`, options)).toEqual({ keys: [] });
  });

  it.each([
    ["a 404", "/missing", /status 404/],
    ["a redirect (not followed)", "/redirect", /status 302/],
    ["a body that is not JSON (without quoting it)", "/not-json", /^body is not JSON$/],
    ["a body over the limit", "/large", /too large/],
    ["an answer slower than the timeout", "/slow", /abort|timeout/i],
    ["a connection cut mid-body", "/cut", /incomplete|aborted|socket hang up/i],
  ])("rejects %s", async (_, path, message) => {
    await expect(getJson(`${base}${path}`, options)).rejects.toThrow(message);
  });

  it("rejects a refused connection and a scheme other than http(s)", async () => {
    await expect(getJson("http://127.0.0.1:1/jwks", options)).rejects.toThrow();
    await expect(getJson("file:///etc/passwd", options)).rejects.toThrow(/unsupported protocol/);
  });
});
