import { describe, expect, it } from "vitest";
import { DEFAULT_SESSION_SECRET, parseDashboardEnv } from "../app/lib/env";
import { localAuthEnv } from "./dashboard";

describe("localAuthEnv", () => {
  it("next dev: nothing (local mode is the default outside production)", () => {
    expect(localAuthEnv("dev", {})).toEqual({});
  });

  it("next start in local mode: the opt-in and a random secret, which the dashboard accepts", () => {
    const env = localAuthEnv("start", { WAYPOINT_SESSION_SECRET: DEFAULT_SESSION_SECRET });
    expect(env).toMatchObject({ WAYPOINT_AUTH_MODE: "local", WAYPOINT_ALLOW_LOCAL_AUTH: "1" });
    expect(env.WAYPOINT_SESSION_SECRET).not.toBe(DEFAULT_SESSION_SECRET);
    expect(localAuthEnv("start", {}).WAYPOINT_SESSION_SECRET).not.toBe(env.WAYPOINT_SESSION_SECRET);
    const parsed = parseDashboardEnv({ NODE_ENV: "production", ...env }, { building: false });
    expect([parsed.mode, parsed.localAuthInProduction]).toEqual(["local", true]);
    // A secret of the caller's own is kept.
    const own = "a-random-secret-of-at-least-thirty-two-chars";
    expect(localAuthEnv("start", { WAYPOINT_SESSION_SECRET: own }).WAYPOINT_SESSION_SECRET).toBe(
      own,
    );
  });

  it("never opts a Clerk setup into local sign-in", () => {
    expect(localAuthEnv("start", { WAYPOINT_AUTH_MODE: "clerk" })).toEqual({});
    expect(localAuthEnv("start", { CLERK_SECRET_KEY: "sk_test_x" })).toEqual({});
  });
});
