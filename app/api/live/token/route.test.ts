/**
 * GET /api/live/token: who gets a ticket and what it holds in each auth mode. The session and
 * the env are stand-ins; the token is a real RS256 JWT, its expiry read by the route.
 */
import { generateKeyPair, SignJWT } from "jose";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "@/app/lib/session/types";

const session = vi.hoisted(() => ({ current: null as Session | null }));
vi.mock("@/app/lib/session", () => ({ getSession: () => Promise.resolve(session.current) }));
vi.mock("@/app/lib/env", () => ({
  getEnv: () => ({ realtimeUrl: "ws://127.0.0.1:4000/graphql/realtime" }),
}));
const { GET } = await import("./route");

const sameOrigin = () =>
  new NextRequest("http://localhost:3000/api/live/token", {
    headers: { "sec-fetch-site": "same-origin" },
  });

async function token(exp: number) {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({ sub: "user_ada" })
    .setProtectedHeader({ alg: "RS256" })
    .setExpirationTime(exp)
    .sign(privateKey);
}

function sessionOf(mode: "local" | "clerk", getToken: Session["getToken"]): Session {
  return {
    mode,
    user: { id: "user_ada", name: "Ada Admin", email: "ada@test" },
    orgId: "org_acme",
    role: "admin",
    getToken,
  };
}

beforeEach(() => {
  session.current = null;
});

describe("GET /api/live/token", () => {
  it("local mode: the session's token, its expiry from the token's exp, the URL and user", async () => {
    const jwt = await token(1_900_000_000);
    session.current = sessionOf("local", () => Promise.resolve(jwt));
    const response = await GET(sameOrigin());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      mode: "local",
      token: jwt,
      expiresAt: 1_900_000_000_000,
      realtimeUrl: "ws://127.0.0.1:4000/graphql/realtime",
      userId: "user_ada",
    });
  });

  it("Clerk mode: no token (the browser takes Clerk's), only the URL and the user", async () => {
    const getToken = vi.fn(() => Promise.resolve("unused"));
    session.current = sessionOf("clerk", getToken);
    const response = await GET(sameOrigin());
    expect(await response.json()).toEqual({
      mode: "clerk",
      realtimeUrl: "ws://127.0.0.1:4000/graphql/realtime",
      userId: "user_ada",
    });
    expect(getToken).not.toHaveBeenCalled();
  });

  it("refuses another site's page (403) and a signed-out caller (401)", async () => {
    session.current = sessionOf("local", () => Promise.resolve("t"));
    const crossSite = new NextRequest("http://localhost:3000/api/live/token", {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect((await GET(crossSite)).status).toBe(403);
    session.current = null;
    const signedOut = await GET(sameOrigin());
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 without details when no token can be had", async () => {
    session.current = sessionOf("local", () =>
      Promise.reject(new Error("issuer at http://x down")),
    );
    const response = await GET(sameOrigin());
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).not.toContain("issuer");
  });
});
