import { describe, expect, it } from "vitest";
import { isLoopback } from "./http";

describe("isLoopback", () => {
  it("accepts loopback addresses only", () => {
    for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"]) {
      expect(isLoopback(address), address).toBe(true);
    }
    for (const address of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "1270.0.0.1", undefined]) {
      expect(isLoopback(address), String(address)).toBe(false);
    }
  });
});
