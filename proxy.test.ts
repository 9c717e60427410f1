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

/** The request headers Next continues with (x-middleware-request-*). */
function continuedHeader(response: Response, name: string): string | null {
  return response.headers.get(`x-middleware-request-${name}`);
}

describe("proxy", () => {
  it("local mode: a nonce for the page, the same one in the response's CSP", async () => {
    const proxy = await proxyWith({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: "local" });
    const response = await proxy(new NextRequest("http://127.0.0.1:3000/milestones"), event);
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
});
