import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A Clerk-looking id: `<prefix>_` and 27 base62 characters (`user_2x…`, `org_2x…`). */
export function newId(prefix: string): string {
  const bytes = randomBytes(27);
  let body = "";
  for (const byte of bytes) body += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${body}`;
}
