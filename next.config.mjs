import { realpathSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
// Plain JavaScript, loaded by Node itself. The environment's one schema stays in TypeScript
// (app/lib/env.ts, which the dashboard imports too): Node 24 strips its types natively, so
// it is imported here as it is, with no compiled copy to drift. It may import only modules
// Node can load the same way (zod, and relative imports that name their .ts extension).
import { parseDashboardEnv } from "./app/lib/env.ts";

// Validate the environment once, at build and at start: a bad variable fails here with a
// readable message instead of on the first request.
/** @type {"clerk" | "local"} */
let mode = "local";
try {
  mode = parseDashboardEnv(process.env).mode;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

/**
 * The folder Turbopack and file tracing treat as the workspace: the project, or, when
 * node_modules is a symlink to elsewhere (a git worktree sharing another checkout's
 * install), the deepest folder holding both. Turbopack compiles nothing outside it.
 */
function workspaceRoot() {
  const project = dirname(fileURLToPath(import.meta.url));
  let modules;
  try {
    modules = realpathSync(join(project, "node_modules"));
  } catch {
    return project;
  }
  const a = project.split(sep);
  const b = modules.split(sep);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i).join(sep) || sep;
}
const root = workspaceRoot();

// Clerk's UI only in builds made with the Clerk keys (see app/components/shell/clerk-ui.tsx).
const clerkUi =
  mode === "clerk"
    ? "./app/components/shell/clerk-ui.tsx"
    : "./app/components/shell/clerk-ui-disabled.tsx";

/**
 * Server actions' allowed origins, besides the request's own host (Next compares a POST's
 * Origin with X-Forwarded-Host, else Host). Behind CloudFront the Function URL origin sees its
 * own Host, not the viewer's: the distribution's viewer-request function copies the viewer's
 * Host into X-Forwarded-Host, and a custom domain is named here too, at build time
 * (`WAYPOINT_SERVER_ACTIONS_ALLOWED_ORIGINS`, comma-separated hosts; the deploy sets it).
 */
const allowedOrigins = (process.env.WAYPOINT_SERVER_ACTIONS_ALLOWED_ORIGINS ?? "")
  .split(",")
  .map((origin) => origin.trim())
  .filter(Boolean);

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root, resolveAlias: { "@waypoint/clerk-ui": clerkUi } },
  /** @param {{ resolve: { alias: Record<string, string> } }} config */
  webpack: (config) => {
    config.resolve.alias["@waypoint/clerk-ui"] = join(
      dirname(fileURLToPath(import.meta.url)),
      clerkUi,
    );
    return config;
  },
  outputFileTracingRoot: root,
  // The server with only the files it needs (server.js + traced node_modules): the Lambda
  // package (infra/dashboard/package.ts). `next start` still serves the same build.
  output: "standalone",
  experimental: {
    // forbidden() and forbidden.tsx: admin-only pages and lost access answer HTTP 403
    // (app/forbidden.tsx). Experimental in Next 16, and the documented way to a 403 page.
    authInterrupts: true,
    ...(allowedOrigins.length > 0 ? { serverActions: { allowedOrigins } } : {}),
  },
  poweredByHeader: false,
  reactStrictMode: true,
  // The issuer's avatars and Clerk's images are plain <img>; nothing to optimise remotely.
  images: { unoptimized: true },
  // `npm run typecheck` checks the whole project (strict) before any build in `npm test`;
  // a second pass inside `next build` would only cost time on a small CI machine.
  typescript: { ignoreBuildErrors: true },
  // A second output folder (the dev test uses .next-test) lets `next dev` run beside another
  // one in the same checkout: Next 16 locks each output folder to one dev server.
  ...(process.env.WAYPOINT_NEXT_DIST_DIR ? { distDir: process.env.WAYPOINT_NEXT_DIST_DIR } : {}),
};

export default nextConfig;
