/**
 * The key-part rule, the one place it is written. Ids become parts of `#`-separated keys:
 * one containing `#` (or nothing, more than 256 characters, or a control character) could
 * address another item, so no key is ever built from it.
 *
 * Written for every runtime (APPSYNC_JS too): no regular expression, no loop statement, no
 * `charCodeAt` (AppSync's runtime has none). Comparing one UTF-16 code unit with " " (0x20)
 * is the code-unit comparison, so `c < " "` is exactly C0.
 */

export const KEY_PART_MAX_LENGTH = 256;

/** Whether `value` may become a key part: a string of 1–256 characters, no `#`, no C0. */
export function isKeyPart(value: unknown): value is string {
  if (typeof value !== "string") return false;
  if (value.length < 1 || value.length > KEY_PART_MAX_LENGTH) return false;
  return value.split("").every((c) => c !== "#" && c >= " ");
}
