import { describe, expect, it } from "vitest";
import { parseEnv } from "../core/env";
import { migrateEnvSchema, reconcileEnvSchema } from "../scripts/admin-env";
import { localAdminEnv } from "./admin-env";

describe("localAdminEnv", () => {
  it("gives reconcile the local stack of `npm run dev`, from the same variables", () => {
    expect(localAdminEnv("reconcile", {}, [])).toEqual({
      TABLE_NAME: "waypoint",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
      CLERK_SECRET_KEY: "sk_test_waypoint_local",
      CLERK_API_URL: "http://127.0.0.1:4001",
    });
    const moved = { ISSUER_PORT: "5001", DYNAMODB_PORT: "9000", TABLE_NAME: "mine" };
    expect(localAdminEnv("reconcile", moved, [])).toEqual({
      DYNAMODB_ENDPOINT: "http://127.0.0.1:9000",
      CLERK_SECRET_KEY: "sk_test_waypoint_local",
      CLERK_API_URL: "http://127.0.0.1:5001",
    });
    // A variable already set wins; a blank one is unset.
    expect(
      localAdminEnv(
        "reconcile",
        { DYNAMODB_ENDPOINT: "http://127.0.0.1:1234", CLERK_API_URL: "" },
        [],
      ).DYNAMODB_ENDPOINT,
    ).toBeUndefined();
    expect(localAdminEnv("reconcile", { CLERK_API_URL: "" }, []).CLERK_API_URL).toBe(
      "http://127.0.0.1:4001",
    );
    // What it supplies is what the command accepts.
    const env = { ...localAdminEnv("reconcile", {}, []) };
    expect(parseEnv("reconcile", reconcileEnvSchema, env).CLERK_API_URL).toBe(
      "http://127.0.0.1:4001",
    );
  });

  it("supplies nothing when the caller targets Clerk or AWS: production never gets a local value", () => {
    expect(localAdminEnv("reconcile", { CLERK_SECRET_KEY: "sk_live_x" }, [])).toEqual({});
    expect(localAdminEnv("migrate", { TABLE_NAME: "prod-waypoint" }, ["--aws"])).toEqual({});
    // …so a missing variable is an error, not the local stack's.
    expect(() =>
      parseEnv("reconcile", reconcileEnvSchema, {
        CLERK_SECRET_KEY: "sk_live_x",
        ...localAdminEnv("reconcile", { CLERK_SECRET_KEY: "sk_live_x" }, []),
      }),
    ).toThrow(/^invalid reconcile environment: TABLE_NAME: /);
    expect(() =>
      parseEnv("migrate", migrateEnvSchema(false), { TABLE_NAME: "prod-waypoint" }),
    ).toThrow(/DYNAMODB_ENDPOINT: required without --aws/);
    expect(parseEnv("migrate", migrateEnvSchema(true), { TABLE_NAME: "prod-waypoint" })).toEqual({
      TABLE_NAME: "prod-waypoint",
    });
  });

  it("gives migrate the local table alone, and refuses an invalid local variable by name", () => {
    expect(localAdminEnv("migrate", {}, ["--from", "abc"])).toEqual({
      TABLE_NAME: "waypoint",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:8000",
    });
    expect(() => localAdminEnv("migrate", { DYNAMODB_PORT: "eighty" }, [])).toThrow(
      /^invalid local stack environment: DYNAMODB_PORT: /,
    );
  });
});
