import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { tokenExpiresAt } from "./token-expiry";

describe("tokenExpiresAt", () => {
  it("reads a real RS256 token's exp as ms", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({ sub: "user_1" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuedAt(1_800_000_000)
      .setExpirationTime(1_800_000_060)
      .sign(privateKey);
    expect(tokenExpiresAt(token)).toBe(1_800_000_060_000);
  });

  it("is null for a token without exp and for what is no JWT", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const noExp = await new SignJWT({ sub: "u" })
      .setProtectedHeader({ alg: "RS256" })
      .sign(privateKey);
    expect(tokenExpiresAt(noExp)).toBeNull();
    expect(tokenExpiresAt("not-a-jwt")).toBeNull();
    expect(tokenExpiresAt("")).toBeNull();
  });
});
