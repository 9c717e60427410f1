import { describe, expect, it } from "vitest";
import { parseDashboardEnv } from "./env";

describe("parseDashboardEnv", () => {
  it("defaults to local mode against the local endpoints", () => {
    const env = parseDashboardEnv({});
    expect(env.mode).toBe("local");
    expect(env.WAYPOINT_API_URL).toBe("http://127.0.0.1:4000/graphql");
    expect(env.WAYPOINT_ISSUER_URL).toBe("http://127.0.0.1:4001");
    expect(env.WAYPOINT_SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("is in Clerk mode only when both Clerk keys are set", () => {
    expect(parseDashboardEnv({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x" }).mode).toBe(
      "local",
    );
    expect(parseDashboardEnv({ CLERK_SECRET_KEY: "sk_test_x" }).mode).toBe("local");
    expect(
      parseDashboardEnv({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x", CLERK_SECRET_KEY: " " })
        .mode,
    ).toBe("local");
    expect(
      parseDashboardEnv({
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_x",
        CLERK_SECRET_KEY: "sk_test_x",
      }).mode,
    ).toBe("clerk");
  });

  it("names every invalid variable", () => {
    expect(() =>
      parseDashboardEnv({ WAYPOINT_API_URL: "not a url", WAYPOINT_SESSION_SECRET: "short" }),
    ).toThrow(/WAYPOINT_API_URL[\s\S]*WAYPOINT_SESSION_SECRET/);
  });
});
