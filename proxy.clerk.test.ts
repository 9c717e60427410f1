/**
 * proxy.ts in Clerk mode, without a network: the real clerkMiddleware with a networkless
 * key (CLERK_JWT_KEY), fetch failing if called. Its own file: @clerk/nextjs reads its keys
 * from the environment once, when first loaded, as it does in a real server.
 */
import { exportSPKI, generateKeyPair } from "jose";
import { NextRequest, type NextFetchEvent } from "next/server";
import { describe, expect, it, vi } from "vitest";

const publishableKey = `pk_test_${Buffer.from("waypoint-test.clerk.accounts.dev$").toString("base64")}`;
const event = { waitUntil() {} } as unknown as NextFetchEvent;
const { publicKey } = await generateKeyPair("RS256", { extractable: true });
for (const [name, value] of Object.entries({
  NODE_ENV: "production",
  WAYPOINT_AUTH_MODE: "clerk",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
  CLERK_SECRET_KEY: "sk_test_waypoint",
  CLERK_JWT_KEY: await exportSPKI(publicKey),
  CLERK_TELEMETRY_DISABLED: "1",
})) {
  vi.stubEnv(name, value);
}
const { proxy } = await import("./proxy");

describe("proxy in Clerk mode", () => {
  it("runs clerkMiddleware; the page continues with the nonce; Clerk's origins are allowed", async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error("network is not allowed here")));
    vi.stubGlobal("fetch", fetchSpy);
    const response = await proxy(new NextRequest("http://localhost:3000/sign-in"), event);
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = response.headers.get("x-middleware-request-x-nonce");
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toContain(`'nonce-${nonce}'`);
    expect(csp).toContain("connect-src 'self' https://waypoint-test.clerk.accounts.dev");
    expect(csp).toContain("frame-src 'self' https://challenges.cloudflare.com");
    expect(csp).toContain("img-src 'self' data: blob: https://img.clerk.com");
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=/);
    // Clerk's middleware did run: its auth state travels with the request.
    expect(
      [...response.headers.keys()].some((name) => name.startsWith("x-middleware-request-x-clerk")),
    ).toBe(true);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
