/**
 * What keeps a web page the developer happens to visit from driving the local stack
 * (docs/security.md, "Local stack"). Listening on 127.0.0.1 keeps other machines out, but
 * not the developer's own browser:
 *
 * - DNS rebinding: a page on `attacker.test` re-points its name at 127.0.0.1 and talks to
 *   our port as its own origin, reading every answer. The browser still sends
 *   `Host: attacker.test:<port>`, so a server that answers only loopback names is immune.
 * - "Simple" cross-origin requests (`mode: "no-cors"`, `Content-Type: text/plain`) are sent
 *   without a preflight: the page cannot read the answer, but the request does its work.
 *   Requiring `Content-Type: application/json` forces a preflight, which we never answer
 *   with CORS headers, so the browser never sends the request itself.
 * - Cross-origin requests carry the page's `Origin`; one that is not a loopback origin is
 *   refused outright (non-browser clients send none).
 *
 * Each check returns the refusal to send, or undefined when the request may go on.
 */
import type { IncomingMessage } from "node:http";
import { isLoopbackHostHeader, isLoopbackOrigin } from "../core/loopback";

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** 421 Misdirected Request unless `Host` names this machine (localhost, 127.x, [::1]). */
export function refuseForeignHost(req: Pick<IncomingMessage, "headers">): Refusal | undefined {
  if (isLoopbackHostHeader(req.headers.host)) return undefined;
  return {
    status: 421,
    code: "host_not_allowed",
    message:
      "this local server answers only to a loopback Host (localhost, 127.0.0.1, [::1]); " +
      "use http://127.0.0.1:<port> or http://localhost:<port>",
  };
}

/** 403 for a browser request from a page that is not itself on this machine. */
export function refuseForeignOrigin(req: Pick<IncomingMessage, "headers">): Refusal | undefined {
  const origin = req.headers.origin;
  if (origin === undefined || isLoopbackOrigin(origin)) return undefined;
  return {
    status: 403,
    code: "origin_not_allowed",
    message: "requests from web pages are refused unless the page is served from loopback",
  };
}

/**
 * 415 unless a state-changing request says `Content-Type: application/json` (parameters
 * such as `; charset=utf-8` allowed): a browser cannot send that cross-origin without a
 * preflight. Applies to every POST, PUT and PATCH, with a body or not (a bodiless POST
 * such as a key rotation is as forgeable as any other).
 */
export function refuseNonJson(
  req: Pick<IncomingMessage, "headers" | "method">,
): Refusal | undefined {
  const method = req.method ?? "GET";
  if (method !== "POST" && method !== "PUT" && method !== "PATCH") return undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return undefined;
  return {
    status: 415,
    code: "unsupported_media_type",
    message: "send the body as Content-Type: application/json",
  };
}
