/**
 * proxy.ts in local mode: the page's request continues with the nonce (Next reads it from
 * the request's CSP header) and the response carries the headers. Clerk mode:
 * proxy.clerk.test.ts.
 */
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

const event = { waitUntil() {} } as unknown as NextFetchEvent;

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

async function proxyWith(env: Record<string, string>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import("./proxy")).proxy;
}

/** fetch as the probe sees it: the API endpoint answers `status`, or (null) does not answer. */
function stubApi(status: number | null) {
  const fetchSpy = vi.fn((url: string | URL | Request) => {
    expect(url instanceof Request ? url.url : url.toString()).toBe("http://127.0.0.1:4000/graphql");
    if (status === null) return Promise.reject(new TypeError("fetch failed"));
    return Promise.resolve(new Response('{"errors":[]}', { status }));
  });
  vi.stubGlobal("fetch", fetchSpy);
  return fetchSpy;
}

/** The request headers Next continues with (x-middleware-request-*). */
function continuedHeader(response: Response, name: string): string | null {
  return response.headers.get(`x-middleware-request-${name}`);
}

describe("proxy", () => {
  it("local mode: a nonce for the page, the same one in the response's CSP", async () => {
    const proxy = await proxyWith({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" });
    // The API is there: it refuses the probe's missing token, as AppSync does.
    stubApi(401);
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/milestones"), event);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = continuedHeader(response, "x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(continuedHeader(response, "content-security-policy")).toBe(csp);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");

    const asset = await proxy(
      new NextRequest("http://127.0.0.1:3000/_next/static/chunks/a.js"),
      event,
    );
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    expect(asset.headers.get("content-security-policy")).toBeNull();
  });

  it.each([
    ["does not answer", null],
    ["answers 502", 502],
  ])(
    "local mode: an API that %s → HTTP 503 and its page for a dashboard document",
    async (_what, status) => {
      const proxy = await proxyWith({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" });
      stubApi(status);
      const response = await proxy(new NextRequest("http://127.0.0.1:3000/audit?cursor=x"), event);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("retry-after")).toBe("5");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const html = await response.text();
      expect(html).toContain("Waypoint can&#39;t reach its API");
      expect(html).toContain('href="/audit?cursor=x"');
      const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
      expect(response.headers.get("content-security-policy")).toContain(
        `style-src 'nonce-${nonce}'`,
      );
      expect(html).not.toContain("127.0.0.1:4000");
      // Not a page the proxy continued with.
      expect(continuedHeader(response, "x-nonce")).toBeNull();
    },
  );

  it("local mode: with the API down, the sign-in page, client navigations and static files still pass", async () => {
    const proxy = await proxyWith({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" });
    const fetchSpy = stubApi(null);
    const signIn = await proxy(new NextRequest("http://127.0.0.1:3000/sign-in"), event);
    expect(signIn.status).toBe(200);
    const navigation = await proxy(
      new NextRequest("http://127.0.0.1:3000/members", { headers: { rsc: "1" } }),
      event,
    );
    expect(navigation.status).toBe(200);
    expect(continuedHeader(navigation, "x-nonce")).not.toBeNull();
    const action = await proxy(
      new NextRequest("http://127.0.0.1:3000/milestones", { method: "POST", body: "[]" }),
      event,
    );
    expect(action.status).toBe(200);
    const icon = await proxy(new NextRequest("http://127.0.0.1:3000/favicon.ico"), event);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("x-content-type-options")).toBe("nosniff");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("local mode: a reachable verdict is reused; an unreachable one is asked again", async () => {
    const proxy = await proxyWith({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" });
    const down = stubApi(null);
    expect((await proxy(new NextRequest("http://127.0.0.1:3000/milestones"), event)).status).toBe(
      503,
    );
    expect((await proxy(new NextRequest("http://127.0.0.1:3000/milestones"), event)).status).toBe(
      503,
    );
    expect(down).toHaveBeenCalledTimes(2);
    const up = stubApi(401);
    expect((await proxy(new NextRequest("http://127.0.0.1:3000/milestones"), event)).status).toBe(
      200,
    );
    expect((await proxy(new NextRequest("http://127.0.0.1:3000/sync"), event)).status).toBe(200);
    expect(up).toHaveBeenCalledTimes(1);
  });
});
