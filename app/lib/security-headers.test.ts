import { describe, expect, it } from "vitest";
import {
  CLERK_BOT_PROTECTION,
  CLERK_IMAGES,
  contentSecurityPolicy,
  newNonce,
  securityHeaders,
  type SecurityHeadersInput,
} from "./security-headers";

const local: SecurityHeadersInput = {
  nonce: "bm9uY2U=",
  mode: "local",
  development: false,
  production: true,
  https: false,
  issuerOrigin: "http://127.0.0.1:4001",
};
const clerk: SecurityHeadersInput = {
  ...local,
  mode: "clerk",
  issuerOrigin: undefined,
  clerkFrontendApi: "waypoint-test.clerk.accounts.dev",
};

/** The policy as directive → sources. */
function parse(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split("; ").map((directive) => {
      const [name = "", ...sources] = directive.split(" ");
      return [name, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("local mode: scripts only by nonce, nothing framed or framing, the issuer's avatars", () => {
    const csp = parse(contentSecurityPolicy(local));
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["frame-src"]).toEqual(["'none'"]);
    expect(csp["img-src"]).toContain("http://127.0.0.1:4001");
    expect(csp["connect-src"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(csp["upgrade-insecure-requests"]).toBeUndefined();
    expect(JSON.stringify(csp)).not.toContain("unsafe-eval");
    expect(parse(contentSecurityPolicy({ ...local, https: true }))).toHaveProperty(
      "upgrade-insecure-requests",
    );
  });

  it("Clerk mode: exactly the sources of Clerk's CSP guide, on top of ours", () => {
    const csp = parse(contentSecurityPolicy(clerk));
    const fapi = "https://waypoint-test.clerk.accounts.dev";
    expect(csp["script-src"]).toEqual([
      "'self'",
      "'nonce-bm9uY2U='",
      "'strict-dynamic'",
      fapi,
      CLERK_BOT_PROTECTION,
    ]);
    expect(csp["connect-src"]).toEqual(["'self'", fapi]);
    expect(csp["img-src"]).toEqual(["'self'", "data:", "blob:", CLERK_IMAGES]);
    expect(csp["worker-src"]).toEqual(["'self'", "blob:"]);
    expect(csp["frame-src"]).toEqual(["'self'", CLERK_BOT_PROTECTION]);
    expect(csp["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("next dev: eval for React's debugging aids, never in a production build", () => {
    expect(parse(contentSecurityPolicy({ ...local, development: true }))["script-src"]).toContain(
      "'unsafe-eval'",
    );
  });
});

describe("securityHeaders", () => {
  it("sets nosniff, the referrer policy, permissions off, no framing; HSTS in production", () => {
    const headers = securityHeaders(local);
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    expect(headers["Permissions-Policy"]).toContain("publickey-credentials-get=()");
    expect(headers["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}; includeSubDomains$/);
    expect(securityHeaders({ ...local, production: false })).not.toHaveProperty(
      "Strict-Transport-Security",
    );
    // Clerk's sign-in offers passkeys.
    expect(securityHeaders(clerk)["Permissions-Policy"]).toContain(
      "publickey-credentials-get=(self)",
    );
  });

  it("makes a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, () => newNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
