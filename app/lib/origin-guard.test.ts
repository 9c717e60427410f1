import { describe, expect, it } from "vitest";
import { originAllowed } from "./origin-guard";

describe("originAllowed", () => {
  const secrets = { current: "c".repeat(40), previous: "p".repeat(40) };

  it("lets every request through when no secret is configured (local runs)", () => {
    expect(originAllowed(null, { current: undefined, previous: undefined })).toBe(true);
  });

  it("accepts the current and the previous value (rotation)", () => {
    expect(originAllowed(secrets.current, secrets)).toBe(true);
    expect(originAllowed(secrets.previous, secrets)).toBe(true);
  });

  it("refuses a missing, empty, wrong, prefixed or truncated value", () => {
    for (const given of [null, "", "x", `${secrets.current}x`, secrets.current.slice(1)]) {
      expect(originAllowed(given, secrets), String(given)).toBe(false);
    }
  });

  it("refuses the previous value once it is gone", () => {
    expect(originAllowed(secrets.previous, { ...secrets, previous: undefined })).toBe(false);
  });
});
