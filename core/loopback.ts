/**
 * What counts as "this machine" for a host name: the rule behind the authorizer's one
 * exception to `https:` (a JWKS on the local stack) and the local servers' refusal of
 * DNS-rebound requests. No I/O: a name is judged by its spelling, never resolved (a name
 * that merely resolves to 127.0.0.1 is exactly what DNS rebinding uses).
 */

/** An IPv4 literal in 127.0.0.0/8, four decimal octets, no leading zeros. */
const IPV4_LOOPBACK =
  /^127\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){2}$/;

/**
 * Whether a host name (as in a URL's `hostname`: IPv6 in brackets or not) is a loopback
 * name: `localhost`, 127.0.0.0/8 or `::1`. Case-insensitive, a trailing dot allowed.
 */
export function isLoopbackHostname(hostname: string): boolean {
  let host = hostname.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return host === "localhost" || host === "::1" || IPV4_LOOPBACK.test(host);
}

/**
 * Whether an HTTP `Host` header (`name[:port]`, `[v6][:port]`) names this machine. A
 * missing or malformed header is not loopback.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s@]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (!match) return false;
  const [, host = "", port] = match;
  if (port !== undefined && Number(port) > 65535) return false;
  return isLoopbackHostname(host);
}

/**
 * Whether a browser `Origin` header is one of this machine's origins (`http(s)://<loopback
 * name>[:port]`). `null` (sandboxed frames, file: pages) and anything unparsable are not.
 */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHostname(url.hostname)
  );
}
