/**
 * Cross-site request refusal for the local sign-in route (pure: unit-tested). A browser tells
 * us where a request comes from and no page can forge it: `Sec-Fetch-Site` (every current
 * browser) or, from older ones, `Origin`. Only `same-origin` passes; a request carrying
 * neither header did not come from a browser page at all and must say where it is from
 * (tests and scripts send `Origin: <the dashboard's origin>`), so it is refused too.
 */
export function crossOriginProblem(headers: Pick<Headers, "get">): string | null {
  const site = headers.get("sec-fetch-site");
  if (site) return site === "same-origin" ? null : `Sec-Fetch-Site is ${site}`;
  const origin = headers.get("origin");
  if (!origin) return "no Origin or Sec-Fetch-Site header";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "the Origin header is not an origin";
  }
  // The host the client connected to; its scheme may be rewritten by a TLS proxy in front.
  const host = headers.get("host");
  return host && originHost.toLowerCase() === host.toLowerCase()
    ? null
    : "the Origin is another site's";
}
