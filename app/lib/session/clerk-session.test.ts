/**
 * Clerk mode's server side without Clerk: session tokens signed by a local RS256 key,
 * verified by @clerk/backend with the options proxy.ts passes to clerkMiddleware (jwtKey:
 * networkless), then mapped to our Session.
 */
import { createClerkClient } from "@clerk/backend";
import { exportSPKI, generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseDashboardEnv } from "../env";
import { clerkAuthOptions } from "./clerk-options";
import { sessionFromClerkAuth } from "./clerk-session";

const ORIGIN = "http://localhost:3000";
// A publishable key names the Frontend API host: pk_test_ + base64("<host>$").
const publishableKey = `pk_test_${Buffer.from("waypoint-test.clerk.accounts.dev$").toString("base64")}`;
let privateKey: CryptoKey;
let publicPem: string;

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
});
afterEach(() => vi.unstubAllGlobals());

async function sessionToken(claims: Record<string, unknown>, azp = ORIGIN): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ azp, sid: "sess_1", v: 2, sts: "active", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "ins_test", typ: "JWT" })
    .setIssuer("https://waypoint-test.clerk.accounts.dev")
    .setSubject("user_ada")
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 60)
    .sign(privateKey);
}

async function authenticate(token: string) {
  const env = parseDashboardEnv({
    WAYPOINT_AUTH_MODE: "clerk",
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
    CLERK_SECRET_KEY: "sk_test_waypoint",
    // As an env file would carry it: one line with literal \n.
    CLERK_JWT_KEY: publicPem.replaceAll("\n", "\\n"),
    CLERK_AUTHORIZED_PARTIES: `${ORIGIN}, https://dashboard.example.com`,
  });
  const options = clerkAuthOptions(env);
  const clerk = createClerkClient({
    secretKey: options.secretKey,
    publishableKey: options.publishableKey,
    telemetry: { disabled: true },
  });
  const request = new Request(`${ORIGIN}/milestones`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/html" },
  });
  return clerk.authenticateRequest(request, options);
}

/** The signed-in auth object of a request state (fails the test otherwise). */
function toAuth(state: Awaited<ReturnType<typeof authenticate>>) {
  const authObject = state.toAuth();
  if (!authObject) throw new Error("no auth object");
  return authObject;
}

describe("Clerk mode (server side)", () => {
  it("verifies a v2 org session token with the PEM from env, without any network call", async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error("network is not allowed here")));
    vi.stubGlobal("fetch", fetchSpy);
    const token = await sessionToken({
      o: { id: "org_acme", rol: "admin", slg: "acme", per: "", fpm: "" },
    });
    const state = await authenticate(token);
    expect(state.isAuthenticated).toBe(true);
    expect(fetchSpy).not.toHaveBeenCalled();

    const authObject = toAuth(state);
    const session = sessionFromClerkAuth(
      {
        userId: authObject.userId,
        sessionId: authObject.sessionId,
        orgId: authObject.orgId,
        orgRole: authObject.orgRole,
        orgSlug: authObject.orgSlug,
        getToken: () => Promise.resolve(token),
      },
      {
        id: "user_ada",
        firstName: "Ada",
        lastName: "Lovelace",
        primaryEmailAddress: { emailAddress: "ada@acme.test" },
      },
    );
    expect(session).toMatchObject({
      mode: "clerk",
      user: { id: "user_ada", name: "Ada Lovelace", email: "ada@acme.test" },
      orgId: "org_acme",
      orgSlug: "acme",
      role: "admin",
    });
    expect(await session?.getToken()).toBe(token);
  });

  it("maps a member and the personal scope; skipCache mints a fresh token server-side", async () => {
    const member = toAuth(
      await authenticate(await sessionToken({ o: { id: "org_acme", rol: "member", slg: "acme" } })),
    );
    const mintFresh = vi.fn(() => Promise.resolve("fresh-token"));
    const session = sessionFromClerkAuth(
      { ...member, getToken: () => Promise.resolve("cached-token") },
      null,
      mintFresh,
    );
    expect([session?.role, session?.user.name]).toEqual(["member", "user_ada"]);
    expect(await session?.getToken()).toBe("cached-token");
    expect(await session?.getToken({ skipCache: true })).toBe("fresh-token");
    expect(mintFresh).toHaveBeenCalledWith("sess_1");

    const personal = toAuth(await authenticate(await sessionToken({})));
    expect(
      sessionFromClerkAuth({ ...personal, getToken: () => Promise.resolve("t") }, null),
    ).toMatchObject({
      orgId: null,
      role: null,
    });
  });

  it("rejects a token for another origin, and one signed by another key", async () => {
    expect(
      (await authenticate(await sessionToken({}, "https://evil.example"))).isAuthenticated,
    ).toBe(false);
    const other = await generateKeyPair("RS256");
    const forged = await new SignJWT({ azp: ORIGIN, sid: "sess_1" })
      .setProtectedHeader({ alg: "RS256", kid: "ins_test" })
      .setSubject("user_ada")
      .setIssuedAt()
      .setExpirationTime("1m")
      .sign(other.privateKey);
    expect((await authenticate(forged)).isAuthenticated).toBe(false);
  });
});
