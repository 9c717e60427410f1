/**
 * A session token's expiry, read on the server from the token the server itself just got
 * (never from the client): the live-updates ticket hands it to the page so the page renews
 * its connection ahead of it. Not a verification: the token is ours, and the authorizer
 * verifies it anyway; this only tells when it stops being accepted.
 */
import "server-only";
import { decodeJwt } from "jose";
import { z } from "zod";

const claims = z.object({ exp: z.number().int().positive() });

/** The `exp` claim in ms since the epoch; null when the token has none or is no JWT. */
export function tokenExpiresAt(token: string): number | null {
  try {
    const parsed = claims.safeParse(decodeJwt(token));
    return parsed.success ? parsed.data.exp * 1000 : null;
  } catch {
    return null;
  }
}
