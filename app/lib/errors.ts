/**
 * Internal failures, told apart from what users see: a user gets our own sentence and a
 * short reference id; the raw message goes to the server log only, under the same
 * reference, so an operator can find it. Never the stack, and not what the raw text may
 * carry that logs must not: an AWS access-denied text names the account and the role's ARN,
 * a fetch error names an internal URL. Those parts are masked in the log line; the rest of
 * the message (error type, AppSync's error type, HTTP status) is what an operator needs.
 */

/** What the pages say when the service fails for a reason that is ours, not the user's. */
export const UNAVAILABLE_MESSAGE = "The service is unavailable right now. Please try again.";

/** A short id that ties what a user saw to one server log line. */
export function newReference(): string {
  return crypto.randomUUID().slice(0, 8);
}

/** The user-facing sentence with its reference. */
export function withReference(message: string, reference: string): string {
  return `${message} (reference ${reference})`;
}

/** The raw message of anything thrown, for the log (no stack). */
export function rawMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}

/** The log's copy of a raw message: ARNs, AWS account ids and URLs masked. */
export function redactForLog(text: string): string {
  return text
    .replace(/\barn:aws[a-z-]*:[^\s"'`,;)]*/gi, "<arn>")
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`,;)]+/gi, "<url>")
    .replace(/\b\d{12}\b/g, "<account>");
}

/** Logs the raw failure (masked: see redactForLog) under a new reference, which it returns. */
export function reportInternal(
  what: string,
  detail: unknown,
  log: (line: string) => void = console.error,
): string {
  const reference = newReference();
  log(redactForLog(`[ref ${reference}] ${what}: ${rawMessage(detail)}`));
  return reference;
}
