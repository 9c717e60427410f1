/**
 * The page the proxy answers with HTTP 503 when the API does not answer (app/lib/api-health.ts):
 * a complete HTML document of its own, because the proxy answers before any page renders.
 * No script, one nonce'd style, a strict CSP of its own; light and dark follow the system.
 */

/** What the page says: the problem, and what to do. */
export const UNAVAILABLE_TITLE = "Waypoint can't reach its API";
export const UNAVAILABLE_HINT =
  "The dashboard is up, but the API behind it is not answering. Try again in a moment.";

/** Seconds a client should wait before retrying (the Retry-After header). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The response's CSP: nothing but the page's own style and the icon. */
export function unavailableCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The document; `retryPath` (the requested path and query) is the "Try again" link. */
export function unavailableHtml({
  nonce,
  retryPath,
}: {
  nonce: string;
  retryPath: string;
}): string {
  // Only a same-origin path is linked: anything else falls back to the start page.
  const href = /^\/(?!\/)/.test(retryPath) ? retryPath : "/";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>API unavailable · Waypoint</title>
<link rel="icon" href="/favicon.ico" sizes="any">
<style nonce="${escapeHtml(nonce)}">
:root{color-scheme:light dark;--bg:#fff;--fg:#09090b;--muted:#52525b;--border:#e4e4e7}
@media (prefers-color-scheme:dark){:root{--bg:#09090b;--fg:#fafafa;--muted:#a1a1aa;--border:#27272a}}
body{margin:0;min-height:100dvh;display:grid;place-items:center;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,sans-serif}
main{max-width:28rem;margin:1rem;padding:3rem 1.5rem;border:1px dashed var(--border);border-radius:.75rem;text-align:center}
h1{font-size:1.25rem;margin:0 0 .5rem}
p{color:var(--muted);margin:0 0 1.5rem;font-size:.875rem}
a{display:inline-block;padding:.5rem 1rem;border:1px solid var(--border);border-radius:.375rem;color:var(--fg);text-decoration:none;font-size:.875rem;font-weight:500}
a:focus-visible{outline:3px solid #3b82f6;outline-offset:2px}
</style>
</head>
<body>
<main role="alert">
<h1>${escapeHtml(UNAVAILABLE_TITLE)}</h1>
<p>${escapeHtml(UNAVAILABLE_HINT)}</p>
<a href="${escapeHtml(href)}">Try again</a>
</main>
</body>
</html>
`;
}
