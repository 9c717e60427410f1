/**
 * Whether the API answers at all, for the proxy's honest 503 (proxy.ts). A page learns that
 * the API is down only while it renders, when the response's status is already fixed at 200:
 * Next lets a page choose 404, 403 and 401 (`notFound()`, `forbidden()`, `unauthorized()`),
 * never a 5xx. So the proxy asks first, before the page renders: one POST without a token,
 * which AppSync (and the local runtime) refuses with 401 before any resolver or authorizer
 * runs. Any answer below 500 means the API is there; a network error, a timeout or a 5xx
 * means it is not. A "there" verdict is remembered for a few seconds, so a busy dashboard
 * sends at most one probe per interval; a "not there" one is not remembered, so the first
 * request after the API is back is served again.
 */

export interface ApiProbeOptions {
  /** The GraphQL endpoint (WAYPOINT_API_URL). */
  url: string;
  /** How long a "reachable" verdict holds, in ms. @default 5000 */
  reachableForMs?: number;
  /** How long one probe may take, in ms. @default 2000 */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

/** Whether an HTTP status from the API endpoint means the API is there. */
export function apiAnswered(status: number): boolean {
  return status < 500;
}

/** A probe of one endpoint: `reachable()` resolves true when the API answers. */
export function createApiProbe(options: ApiProbeOptions): { reachable: () => Promise<boolean> } {
  const reachableForMs = options.reachableForMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const now = options.now ?? Date.now;
  let reachableUntil = -Infinity;
  let inFlight: Promise<boolean> | undefined;

  async function probe(): Promise<boolean> {
    const doFetch = options.fetchImpl ?? fetch;
    try {
      const response = await doFetch(options.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ __typename }" }),
        cache: "no-store",
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Only the status matters; the body is dropped unread.
      await response.body?.cancel().catch(() => {});
      return apiAnswered(response.status);
    } catch {
      return false;
    }
  }

  return {
    reachable() {
      if (now() < reachableUntil) return Promise.resolve(true);
      // Concurrent requests share one probe.
      inFlight ??= probe().then((ok) => {
        inFlight = undefined;
        if (ok) reachableUntil = now() + reachableForMs;
        return ok;
      });
      return inFlight;
    },
  };
}
