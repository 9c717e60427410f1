import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { formatEnvIssues, parseEnv, presentVariables } from "./env";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  NAME: z.string().min(3).optional(),
  SECRET: z.string().min(32, "at least 32 characters"),
});

describe("parseEnv", () => {
  it("treats a blank variable as unset: defaults apply, optional ones are absent, required ones missing", () => {
    expect(parseEnv("widget", schema, { PORT: "", NAME: "  ", SECRET: "s".repeat(32) })).toEqual({
      PORT: 4000,
      SECRET: "s".repeat(32),
    });
    expect(() => parseEnv("widget", schema, { SECRET: "" })).toThrow(
      /^invalid widget environment: SECRET: Invalid input: expected string, received undefined$/,
    );
    expect(presentVariables({ A: "", B: " \t", C: undefined, D: " x " })).toEqual({ D: " x " });
  });

  it("returns what the schema outputs (coercions and transforms included)", () => {
    expect(parseEnv("widget", schema, { PORT: "0", SECRET: "s".repeat(40) }).PORT).toBe(0);
  });

  it("lists every problem in one line: invalid <component> environment: VAR: message; VAR2: …", () => {
    expect(() => parseEnv("widget", schema, { PORT: "70000", NAME: "ab" })).toThrow(
      new Error(
        "invalid widget environment: PORT: Too big: expected number to be <=65535; " +
          "NAME: Too small: expected string to have >=3 characters; " +
          "SECRET: Invalid input: expected string, received undefined",
      ),
    );
  });

  it("prints a rule across variables (no path) as its message alone", () => {
    const either = z
      .object({ KEY: z.string().optional(), URL: z.string().optional() })
      .refine((env) => env.KEY ?? env.URL, "set KEY or URL");
    expect(() => parseEnv("pair", either, { KEY: "", URL: " " })).toThrow(
      new Error("invalid pair environment: set KEY or URL"),
    );
  });

  it("never echoes a value, even from a message that quotes its input", () => {
    const secret = "sk_live_this-is-the-real-secret";
    const quoting = z.object({
      CLERK_SECRET_KEY: z.string().refine((value) => value.startsWith("sk_test_"), {
        error: (issue) => `expected a test key, got ${String(issue.input)}`,
      }),
    });
    let message = "";
    try {
      parseEnv("reconcile", quoting, { CLERK_SECRET_KEY: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "invalid reconcile environment: CLERK_SECRET_KEY: expected a test key, got [value hidden]",
    );
    // Without the guard the same schema would have printed it.
    expect(quoting.safeParse({ CLERK_SECRET_KEY: secret }).error?.issues[0]?.message).toContain(
      secret,
    );
  });

  it("leaves short values (flags, modes) in messages: they are words, not secrets", () => {
    expect(
      formatEnvIssues("dashboard", [{ path: ["MODE"], message: "local is refused" }], {
        MODE: "local",
      }),
    ).toBe("invalid dashboard environment: MODE: local is refused");
  });

  it("takes zod/mini schemas too (the authorizer's bundle), and refuses asynchronous ones", () => {
    const mini = zm.object({ TTL: zm._default(zm.coerce.number().check(zm.int()), 300) });
    expect(parseEnv("authorizer", mini, { TTL: "" })).toEqual({ TTL: 300 });
    expect(() => parseEnv("authorizer", mini, { TTL: "2.5" })).toThrow(
      /^invalid authorizer environment: TTL: /,
    );
    const slow = z.object({ A: z.string().refine(async () => Promise.resolve(true)) });
    expect(() => parseEnv("slow", slow, { A: "x" })).toThrow(/must be synchronous/);
  });
});
