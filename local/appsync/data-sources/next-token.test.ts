import { describe, expect, it } from "vitest";
import { createNextTokenCodec } from "./next-token";

const key = { PK: { S: "LIST#1" }, SK: { S: "TODO#9" } };

describe("nextToken", () => {
  const codec = createNextTokenCodec(Buffer.alloc(32, 7));

  it("round-trips a key and does not show it in clear text", () => {
    const token = codec.encode(key, "Query:t:");
    expect(codec.decode(token, "Query:t:")).toEqual(key);
    expect(token).not.toContain("LIST#1");
  });

  it("rejects tampering, forgery, another binding, another secret and junk", () => {
    const token = codec.encode(key, "Query:t:");
    const [payload = "", signature = ""] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ b: "Query:t:", k: { PK: { S: "LIST#2" }, SK: { S: "TODO#9" } } }),
    ).toString("base64url");
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    for (const bad of [
      `${forgedPayload}.${signature}`,
      `${payload}.${flipped}`,
      `${payload}.`,
      payload,
      `${token}.extra`,
      "",
      "not-a-token",
      "x".repeat(5000),
      Buffer.from(JSON.stringify(key)).toString("base64"),
    ]) {
      expect(codec.decode(bad, "Query:t:")).toBeNull();
    }
    expect(codec.decode(token, "Query:t:GSI1")).toBeNull();
    expect(createNextTokenCodec(Buffer.alloc(32, 8)).decode(token, "Query:t:")).toBeNull();
  });
});
