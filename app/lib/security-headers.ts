/**
 * The security headers of every dashboard response (set by proxy.ts; pure: unit-tested).
 *
 * Content-Security-Policy follows Next's documented nonce pattern: a fresh nonce per request,
 * `script-src 'nonce-…' 'strict-dynamic'`, so only the scripts Next renders (it reads the
 * nonce from the request's CSP header and puts it on its own tags), next-themes' theme script
 * (given the nonce) and what those load can run; no inline script an attacker injects can.
 * In Clerk mode the policy adds exactly the sources of Clerk's CSP guide: the Frontend API
 * host (script-src, connect-src), Cloudflare's bot protection (script-src, frame-src),
 * img.clerk.com, `worker-src 'self' blob:`, and `style-src 'unsafe-inline'`.
 */

export interface SecurityHeadersInput {
  /** A fresh, unguessable value for this response (base64). */
  nonce: string;
  mode: "clerk" | "local";
  /** `next dev`: React needs eval for its debugging aids, Next's dev overlay inline styles. */
  development: boolean;
  /** NODE_ENV=production: HSTS. */
  production: boolean;
  /** The request came over HTTPS: upgrade-insecure-requests (it would break plain http). */
  https: boolean;
  /** Local mode: the issuer, whose avatars the pages show as <img>. */
  issuerOrigin?: string | undefined;
  /** Clerk mode: the Frontend API host named by the publishable key. */
  clerkFrontendApi?: string | undefined;
  /** The live-updates WebSocket's origin (`ws(s)://host:port`), for connect-src. */
  realtimeOrigin?: string | undefined;
}

/** Cloudflare's bot protection, which Clerk's sign-in embeds (Clerk's CSP guide). */
export const CLERK_BOT_PROTECTION = "https://challenges.cloudflare.com";
/** Where Clerk serves user and organization images (Clerk's CSP guide). */
export const CLERK_IMAGES = "https://img.clerk.com";

/** Two years, the usual HSTS lifetime; no `preload` (a deployment's own decision). */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Powerful features the dashboard never uses, denied to it and to anything it embeds. Passkeys
 * (publickey-credentials-*) stay allowed for the page itself in Clerk mode: Clerk's sign-in
 * offers them.
 */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "bluetooth",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

export function permissionsPolicy(mode: "clerk" | "local"): string {
  const denied = DENIED_FEATURES.map((feature) => `${feature}=()`);
  const passkeys =
    mode === "clerk"
      ? ["publickey-credentials-get=(self)", "publickey-credentials-create=(self)"]
      : ["publickey-credentials-get=()", "publickey-credentials-create=()"];
  return [...denied, ...passkeys].join(", ");
}

export function contentSecurityPolicy(input: SecurityHeadersInput): string {
  const clerk = input.mode === "clerk";
  const fapi = clerk && input.clerkFrontendApi ? [`https://${input.clerkFrontendApi}`] : [];
  const nonce = `'nonce-${input.nonce}'`;
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      nonce,
      "'strict-dynamic'",
      ...(clerk ? [...fapi, CLERK_BOT_PROTECTION] : []),
      ...(input.development ? ["'unsafe-eval'"] : []),
    ],
    // Style attributes and the <style> elements Radix (react-remove-scroll) and Clerk's
    // CSS-in-JS insert at run time carry no nonce: see docs/security.md.
    ["style-src", "'self'", "'unsafe-inline'"],
    [
      "img-src",
      "'self'",
      "data:",
      "blob:",
      ...(clerk ? [CLERK_IMAGES] : input.issuerOrigin ? [input.issuerOrigin] : []),
    ],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...fapi, ...(input.realtimeOrigin ? [input.realtimeOrigin] : [])],
    ...(clerk
      ? ([
          ["worker-src", "'self'", "blob:"],
          ["frame-src", "'self'", CLERK_BOT_PROTECTION],
        ] as [string, ...string[]][])
      : ([["frame-src", "'none'"]] as [string, ...string[]][])),
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(input.https ? ([["upgrade-insecure-requests"]] as [string, ...string[]][]) : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** Every security header of a response, CSP included. */
export function securityHeaders(
  input: SecurityHeadersInput,
): Record<string, string> & { "Content-Security-Policy": string } {
  return {
    "Content-Security-Policy": contentSecurityPolicy(input),
    ...staticSecurityHeaders(input),
  };
}

/** The headers that need no nonce (also on static files, which carry no CSP). */
export function staticSecurityHeaders(
  input: Pick<SecurityHeadersInput, "mode" | "production">,
): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": permissionsPolicy(input.mode),
    // frame-ancestors 'none' for browsers that predate it.
    "X-Frame-Options": "DENY",
    // Browsers ignore HSTS received over plain http (RFC 6797 §8.1), so it is harmless on the
    // e2e stack's http://127.0.0.1 and effective behind the TLS a production host has.
    ...(input.production ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** A fresh nonce: 128 random bits, base64 (no characters HTML would need escaped). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
