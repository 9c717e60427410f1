import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { dashboardEnvObject, parseDashboardEnv } from "../app/lib/env";
import { loadLocalEnv, localEnvSchema } from "./config";

describe("loadLocalEnv", () => {
  it("gives the embedded defaults of the Conventions table for an empty environment", () => {
    const env = loadLocalEnv({});
    expect([
      env.DASHBOARD_PORT,
      env.APPSYNC_PORT,
      env.ISSUER_PORT,
      env.WEBHOOK_PORT,
      env.DYNAMODB_PORT,
    ]).toEqual([3000, 4000, 4001, 4002, 8000]);
    expect(env.ISSUER_WEBHOOK_URL).toBe("http://127.0.0.1:4002/webhooks/clerk");
    expect(env.WAYPOINT_PERSIST).toBe(false);
    expect(env.ISSUER_SEED).toBe(true);
    expect(env.CLERK_WEBHOOK_SIGNING_SECRET).toMatch(/^whsec_/);
  });

  it("reads overrides and flags", () => {
    const env = loadLocalEnv({
      ISSUER_PORT: "0",
      WAYPOINT_PERSIST: "1",
      ISSUER_SEED: "false",
      ISSUER_WEBHOOK_RETRY_SCHEDULE_MS: "0,10,20",
    });
    expect(env.ISSUER_PORT).toBe(0);
    expect(env.WAYPOINT_PERSIST).toBe(true);
    expect(env.ISSUER_SEED).toBe(false);
    expect(env.ISSUER_WEBHOOK_RETRY_SCHEDULE_MS).toEqual([0, 10, 20]);
  });

  it("names every invalid variable", () => {
    expect(() =>
      loadLocalEnv({
        ISSUER_PORT: "http",
        CLERK_WEBHOOK_SIGNING_SECRET: "secret",
        ISSUER_WEBHOOK_RETRY_SCHEDULE_MS: "1,,2",
      }),
    ).toThrow(
      /ISSUER_PORT[\s\S]*CLERK_WEBHOOK_SIGNING_SECRET[\s\S]*ISSUER_WEBHOOK_RETRY_SCHEDULE_MS/,
    );
    expect(() => loadLocalEnv({ DYNAMODB_PORT: "70000" })).toThrow(/DYNAMODB_PORT/);
  });

  it("takes blank variables as unset, and never prints a value", () => {
    expect(loadLocalEnv({ ISSUER_PORT: "", WAYPOINT_PERSIST: " ", ISSUER_SECRET_KEY: "" })).toEqual(
      loadLocalEnv({}),
    );
    let message = "";
    try {
      loadLocalEnv({ ISSUER_SECRET_KEY: "short", CLERK_WEBHOOK_SIGNING_SECRET: "whsec_tooshort" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^invalid local stack environment: CLERK_WEBHOOK_SIGNING_SECRET: .*; ISSUER_SECRET_KEY: /,
    );
    expect(message).not.toContain("whsec_tooshort");
  });
});

describe(".env.example", () => {
  it("lists every variable of the stack and the dashboard, each with its default", () => {
    const example = parseEnv(readFileSync(new URL("../.env.example", import.meta.url), "utf8"));
    // ISSUER_SECRET_KEY is read by both (the issuer signs with it, the dashboard calls it).
    expect(Object.keys(example).sort()).toEqual(
      [
        ...new Set([
          ...Object.keys(localEnvSchema.shape),
          ...Object.keys(dashboardEnvObject.shape),
        ]),
      ].sort(),
    );
    expect(loadLocalEnv(example)).toEqual(loadLocalEnv({}));
    expect(parseDashboardEnv(example)).toEqual(parseDashboardEnv({}));
  });
});
