/**
 * `nextToken` as AppSync hands it out: opaque to clients. The LastEvaluatedKey is
 * serialized with the operation it belongs to and signed (HMAC-SHA256), so a client can
 * neither read a key into it nor forge, alter or move a token to another table or index.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Longer than any key DynamoDB could return; refuses oversized input before any parsing. */
const MAX_TOKEN_LENGTH = 4096;

export interface NextTokenCodec {
  encode(key: Record<string, unknown>, binding: string): string;
  /** The key, or null when the token is malformed, tampered with, or from elsewhere. */
  decode(token: string, binding: string): Record<string, unknown> | null;
}

/** A codec keyed by `secret` (a fresh random one per process by default). */
export function createNextTokenCodec(secret: Uint8Array = randomBytes(32)): NextTokenCodec {
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest();
  return {
    encode(key, binding) {
      const payload = Buffer.from(JSON.stringify({ b: binding, k: key })).toString("base64url");
      return `${payload}.${sign(payload).toString("base64url")}`;
    },
    decode(token, binding) {
      if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined) return null;
      const expected = sign(payload);
      const given = Buffer.from(signature, "base64url");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
          b?: unknown;
          k?: unknown;
        };
        if (parsed.b !== binding || typeof parsed.k !== "object" || parsed.k === null) return null;
        return parsed.k as Record<string, unknown>;
      } catch {
        return null;
      }
    },
  };
}
