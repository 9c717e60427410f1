import { describe, expect, it } from "vitest";
import {
  DEFAULT_SESSION_SECRET,
  frontendApiHost,
  LOCAL_AUTH_IN_PRODUCTION_MESSAGE,
  parseDashboardEnv,
} from "./env";

// A publishable key names the Frontend API host: pk_test_ + base64("<host>$").
const publishableKey = `pk_test_${Buffer.from("waypoint-test.clerk.accounts.dev$").toString("base64")}`;
const clerk = {
  WAYPOINT_AUTH_MODE: "clerk",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey,
  CLERK_SECRET_KEY: "sk_test_x",
};
const secret = "a-random-secret-of-at-least-thirty-two-chars";
const server = { building: false };

describe("parseDashboardEnv", () => {
  it("defaults to local mode against the local endpoints outside production", () => {
    const env = parseDashboardEnv({}, server);
    expect(env.mode).toBe("local");
    expect(env.production).toBe(false);
    expect(env.localAuthInProduction).toBe(false);
    expect(env.WAYPOINT_API_URL).toBe("http://127.0.0.1:4000/graphql");
    expect(env.WAYPOINT_ISSUER_URL).toBe("http://127.0.0.1:4001");
    expect(env.WAYPOINT_SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(parseDashboardEnv({ NODE_ENV: "development", WAYPOINT_AUTH_MODE: " " }).mode).toBe(
      "local",
    );
  });

  it("is in Clerk mode when it says so, with both keys, and knows the Frontend API host", () => {
    const env = parseDashboardEnv(clerk, server);
    expect(env.mode).toBe("clerk");
    expect(env.clerkFrontendApi).toBe("waypoint-test.clerk.accounts.dev");
    expect(parseDashboardEnv({ ...clerk, NODE_ENV: "production" }, server).mode).toBe("clerk");
  });

  it("builds in Clerk mode without the secret key (the deploy builds before any secret is read)", () => {
    const built = parseDashboardEnv(
      { ...clerk, NODE_ENV: "production", CLERK_SECRET_KEY: undefined },
      { building: true },
    );
    expect(built.mode).toBe("clerk");
  });

  it("sends member management to Clerk's API in Clerk mode, never to the local issuer", () => {
    const local = parseDashboardEnv({ ISSUER_SECRET_KEY: "sk_test_issuer_key" }, server);
    expect(local.backendApi).toEqual({
      secretKey: "sk_test_issuer_key",
      apiUrl: "http://127.0.0.1:4001",
    });
    expect(parseDashboardEnv({}, server).backendApi.secretKey).toBe("sk_test_waypoint_local");
    // Issuer variables set as well: Clerk mode still uses only Clerk's key and Clerk's API.
    for (const NODE_ENV of ["production", "development"]) {
      const env = parseDashboardEnv(
        {
          ...clerk,
          NODE_ENV,
          ISSUER_SECRET_KEY: "sk_test_issuer_key",
          WAYPOINT_ISSUER_URL: "http://127.0.0.1:4001",
        },
        server,
      );
      expect(env.backendApi).toEqual({ secretKey: "sk_test_x", apiUrl: undefined });
    }
    expect(() => parseDashboardEnv({ ISSUER_SECRET_KEY: "short" }, server)).toThrow(
      /ISSUER_SECRET_KEY: at least 8 characters/,
    );
  });

  it("refuses to serve on AWS Lambda without the origin secret", () => {
    const lambda = {
      ...clerk,
      NODE_ENV: "production",
      AWS_LAMBDA_FUNCTION_NAME: "prod-waypoint-dashboard",
    };
    expect(() => parseDashboardEnv(lambda, server)).toThrow(
      /WAYPOINT_ORIGIN_SECRET: required on AWS Lambda/,
    );
    expect(
      parseDashboardEnv({ ...lambda, WAYPOINT_ORIGIN_SECRET: "s".repeat(40) }, server).mode,
    ).toBe("clerk");
  });

  it("never falls back to local mode when a Clerk key is missing or blank: it names the variable", () => {
    // Before: a blank key silently meant local mode (anyone signs in as anyone).
    for (const NODE_ENV of ["production", "development"]) {
      expect(() =>
        parseDashboardEnv({ ...clerk, NODE_ENV, CLERK_SECRET_KEY: " " }, server),
      ).toThrow(/CLERK_SECRET_KEY: required in Clerk mode/);
      expect(() =>
        parseDashboardEnv(
          { ...clerk, NODE_ENV, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: undefined },
          server,
        ),
      ).toThrow(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: required in Clerk mode/);
    }
    expect(() =>
      parseDashboardEnv({ ...clerk, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x" }, server),
    ).toThrow(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: not a Clerk publishable key/);
    // Keys without a mode: say which one is meant rather than guess.
    expect(() =>
      parseDashboardEnv({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey }, server),
    ).toThrow(/WAYPOINT_AUTH_MODE: Clerk keys are set/);
    expect(parseDashboardEnv({ ...clerk, WAYPOINT_AUTH_MODE: "local" }, server).mode).toBe("local");
    expect(() => parseDashboardEnv({ WAYPOINT_AUTH_MODE: "clerc" }, server)).toThrow(
      /WAYPOINT_AUTH_MODE: expected clerk or local/,
    );
  });

  it("requires the mode in production, and refuses local mode there without the opt-in", () => {
    expect(() => parseDashboardEnv({ NODE_ENV: "production" }, server)).toThrow(
      /WAYPOINT_AUTH_MODE: required when NODE_ENV=production/,
    );
    const local = {
      NODE_ENV: "production",
      WAYPOINT_AUTH_MODE: "local",
      WAYPOINT_SESSION_SECRET: secret,
    };
    expect(() => parseDashboardEnv(local, server)).toThrow(LOCAL_AUTH_IN_PRODUCTION_MESSAGE);
    // The build is refused the same way.
    expect(() => parseDashboardEnv(local, { building: true })).toThrow(
      LOCAL_AUTH_IN_PRODUCTION_MESSAGE,
    );
    expect(() => parseDashboardEnv({ ...local, WAYPOINT_ALLOW_LOCAL_AUTH: "yes" }, server)).toThrow(
      /WAYPOINT_ALLOW_LOCAL_AUTH: expected 1/,
    );
    const optedIn = parseDashboardEnv({ ...local, WAYPOINT_ALLOW_LOCAL_AUTH: "1" }, server);
    expect([optedIn.mode, optedIn.localAuthInProduction]).toEqual(["local", true]);
  });

  it("refuses the public default session secret in production (the server, not the build)", () => {
    const local = {
      NODE_ENV: "production",
      WAYPOINT_AUTH_MODE: "local",
      WAYPOINT_ALLOW_LOCAL_AUTH: "1",
    };
    expect(() => parseDashboardEnv(local, server)).toThrow(
      /WAYPOINT_SESSION_SECRET: the public default is refused/,
    );
    expect(() =>
      parseDashboardEnv({ ...local, WAYPOINT_SESSION_SECRET: DEFAULT_SESSION_SECRET }, server),
    ).toThrow(/WAYPOINT_SESSION_SECRET/);
    expect(parseDashboardEnv(local, { building: true }).mode).toBe("local");
    expect(parseDashboardEnv({ ...local, WAYPOINT_SESSION_SECRET: secret }, server).mode).toBe(
      "local",
    );
  });

  it("names every invalid variable", () => {
    expect(() =>
      parseDashboardEnv({ WAYPOINT_API_URL: "not a url", WAYPOINT_SESSION_SECRET: "short" }),
    ).toThrow(/WAYPOINT_API_URL[\s\S]*WAYPOINT_SESSION_SECRET/);
  });

  it("takes blank variables as unset, in one error format that never holds a value", () => {
    expect(
      parseDashboardEnv(
        { WAYPOINT_API_URL: "", WAYPOINT_SESSION_SECRET: " ", CLERK_SECRET_KEY: "" },
        server,
      ),
    ).toEqual(parseDashboardEnv({}, server));
    const sessionSecret = "a-short-but-real-secret";
    let message = "";
    try {
      parseDashboardEnv({ WAYPOINT_API_URL: "ftp://x", WAYPOINT_SESSION_SECRET: sessionSecret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "invalid dashboard environment: WAYPOINT_API_URL: Invalid URL; " +
        "WAYPOINT_SESSION_SECRET: at least 32 characters",
    );
  });
});

describe("frontendApiHost", () => {
  it("decodes the host of test and live keys, and nothing else", () => {
    expect(frontendApiHost(publishableKey)).toBe("waypoint-test.clerk.accounts.dev");
    const live = `pk_live_${Buffer.from("clerk.example.com$").toString("base64")}`;
    expect(frontendApiHost(live)).toBe("clerk.example.com");
    expect(frontendApiHost("pk_test_x")).toBeUndefined();
    expect(
      frontendApiHost(`pk_test_${Buffer.from("evil.com/ x$").toString("base64")}`),
    ).toBeUndefined();
    expect(frontendApiHost("sk_test_abc")).toBeUndefined();
  });
});
