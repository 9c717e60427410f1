/**
 * nextTokens bound to the caller's scope and query. The runtime's (and AppSync's) token is
 * bound to table and index only: a token from one scope's query would otherwise page another
 * partition. Ours is `base64(binding) + "!" + token`; `!` is not a base64 character.
 */
import { util } from "@aws-appsync/utils";

const SEPARATOR = "!";

/** The prefix for a query: its scope partition and every argument that shapes it. */
export const bindingOf = (parts: string[]) => util.base64Encode(JSON.stringify(parts));

/** The runtime's token from a client's one, or a ValidationError if it belongs elsewhere. */
export function unwrapNextToken(binding: string, token: string | null | undefined) {
  if (token === undefined || token === null) return null;
  const prefix = binding + SEPARATOR;
  if (token.length <= prefix.length || token.slice(0, prefix.length) !== prefix)
    util.error("Invalid nextToken", "ValidationError");
  return token.slice(prefix.length);
}

export function wrapNextToken(binding: string, token: string | null | undefined) {
  return token ? binding + SEPARATOR + token : null;
}

/** `limit` within 1..max (default when absent), or a ValidationError. */
export function checkLimit(limit: number | null | undefined, fallback: number, max: number) {
  const value = limit ?? fallback;
  if (value < 1 || value > max) util.error(`limit must be between 1 and ${max}`, "ValidationError");
  return value;
}
