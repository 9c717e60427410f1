import { describe, expect, it } from "vitest";
import { isLoopbackHostHeader, isLoopbackHostname, isLoopbackOrigin } from "./loopback";

describe("isLoopbackHostname", () => {
  it("accepts localhost, 127.0.0.0/8 and ::1 only", () => {
    for (const host of [
      "localhost",
      "LOCALHOST",
      "localhost.",
      "127.0.0.1",
      "127.1.2.254",
      "::1",
      "[::1]",
    ]) {
      expect(isLoopbackHostname(host), host).toBe(true);
    }
    for (const host of [
      "127.0.0.1.evil.test",
      "localhost.evil.test",
      "evil-localhost",
      "128.0.0.1",
      "127.0.0.256",
      "127.0.0",
      "0177.0.0.1",
      "10.0.0.1",
      "::2",
      "0.0.0.0",
      "",
    ]) {
      expect(isLoopbackHostname(host), host).toBe(false);
    }
  });
});

describe("isLoopbackHostHeader", () => {
  it("accepts a loopback name with or without a port", () => {
    for (const header of ["localhost", "localhost:4001", "127.0.0.1:4000", "[::1]:4002", "[::1]"]) {
      expect(isLoopbackHostHeader(header), header).toBe(true);
    }
  });

  it("refuses rebound names, missing and malformed headers", () => {
    for (const header of [
      undefined,
      "",
      "rebind.attacker.test:4001",
      "attacker.test",
      "127.0.0.1.nip.io:4001",
      "localhost:99999",
      "user@localhost",
      "localhost:4001/x",
      "::1",
    ]) {
      expect(isLoopbackHostHeader(header), String(header)).toBe(false);
    }
  });
});

describe("isLoopbackOrigin", () => {
  it("accepts http(s) origins on loopback names only", () => {
    expect(isLoopbackOrigin("http://localhost:3000")).toBe(true);
    expect(isLoopbackOrigin("http://127.0.0.1:3000")).toBe(true);
    expect(isLoopbackOrigin("http://[::1]:3000")).toBe(true);
    for (const origin of [
      "null",
      "https://attacker.test",
      "file://",
      "http://localhost.attacker.test",
    ]) {
      expect(isLoopbackOrigin(origin), origin).toBe(false);
    }
  });
});
