/**
 * `npm run size`: the first-load JS of a route, gzipped, from the last `npm run build`.
 * Next 16 no longer prints "First Load JS"; this adds up what the browser must fetch to show
 * the route: the root main files (framework, runtime) and every JS file the route's client
 * reference manifest lists for its entries (root and group layouts, error/loading
 * boundaries, the page), each counted once, gzipped at level 9 as Next used to report.
 * Polyfills (loaded only by browsers without ES modules) are left out, as Next did.
 *
 * Usage: npm run size [-- /milestones [/members …]] [--json] (default: /milestones and
 * /overview); exits 1 when a route exceeds its budget: {@link ROUTE_BUDGETS_KB}, else
 * SIZE_BUDGET_KB (default 180).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";

const NEXT = ".next";

/**
 * Budgets of their own (kB gzipped), from issue 21: the overview may carry a little more than
 * /milestones, with its chart (recharts) loaded lazily, i.e. not counted here.
 */
export const ROUTE_BUDGETS_KB: Readonly<Record<string, number>> = { "/overview": 190 };
const DEFAULT_ROUTES = ["/milestones", "/overview"];

interface RouteSize {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
  /** Gzipped bytes by who first needs them: framework (root main files), then each entry. */
  breakdown: Record<string, number>;
}

/** Every page's client reference manifest, by route ("/milestones", "/milestones/[id]"). */
function pageManifests(): Map<string, string> {
  const root = join(NEXT, "server", "app");
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry === "page_client-reference-manifest.js") {
        const segments = relative(root, dir)
          .split(sep)
          .filter((segment) => segment && !/^\(.*\)$/.test(segment)); // route groups
        found.set(`/${segments.join("/")}`, path);
      }
    }
  };
  walk(root);
  return found;
}

function entryFiles(manifestPath: string): Map<string, string[]> {
  const sandbox: { self: Record<string, unknown>; globalThis?: unknown } = { self: {} };
  sandbox.globalThis = sandbox.self;
  runInNewContext(readFileSync(manifestPath, "utf8"), sandbox);
  const manifests = sandbox.self.__RSC_MANIFEST as Record<
    string,
    { entryJSFiles?: Record<string, string[]> }
  >;
  const entries = new Map<string, string[]>();
  for (const manifest of Object.values(manifests)) {
    for (const [entry, list] of Object.entries(manifest.entryJSFiles ?? {})) {
      entries.set(entry.replace(/^\[project\]\/[^/]+\//, ""), list);
    }
  }
  return entries;
}

export function routeSize(route: string): RouteSize {
  const manifests = pageManifests();
  const manifest = manifests.get(route);
  if (!manifest) {
    throw new Error(`no page ${route} in the build (have: ${[...manifests.keys()].join(", ")})`);
  }
  const build = JSON.parse(readFileSync(join(NEXT, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  // Each file counted once, under the first that needs it: framework, then entries in order.
  const owner = new Map<string, string>();
  for (const file of build.rootMainFiles) owner.set(file, "framework (React, Next runtime)");
  for (const [entry, list] of entryFiles(manifest)) {
    for (const file of list) if (!owner.has(file)) owner.set(file, entry);
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  const breakdown: Record<string, number> = {};
  for (const [file, entry] of owner) {
    const content = readFileSync(join(NEXT, file));
    const gzipped = gzipSync(content, { level: 9 }).length;
    rawBytes += content.length;
    gzipBytes += gzipped;
    breakdown[entry] = (breakdown[entry] ?? 0) + gzipped;
  }
  return { route, files: owner.size, rawBytes, gzipBytes, breakdown };
}

function main(): void {
  if (!existsSync(join(NEXT, "BUILD_ID"))) {
    console.error("size: no production build in .next — run `npm run build` first");
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const routes = args.filter((arg) => arg.startsWith("/"));
  const fallback = Number(process.env.SIZE_BUDGET_KB ?? 180) * 1024;
  const budgetOf = (route: string) =>
    ROUTE_BUDGETS_KB[route] !== undefined ? ROUTE_BUDGETS_KB[route] * 1024 : fallback;
  let over = false;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const results = (routes.length ? routes : DEFAULT_ROUTES).map(routeSize);
  for (const r of results) {
    const budget = budgetOf(r.route);
    over ||= r.gzipBytes > budget;
    if (!json) {
      console.log(
        `${r.route.padEnd(20)} first-load JS ${kb(r.gzipBytes)} gzipped (${kb(r.rawBytes)} raw, ${r.files} files; budget ${kb(budget)})`,
      );
      for (const [entry, bytes] of Object.entries(r.breakdown)) {
        if (bytes > 0) console.log(`  ${kb(bytes).padStart(9)}  ${entry}`);
      }
    }
  }
  if (json)
    console.log(JSON.stringify(results.map((r) => ({ ...r, budgetBytes: budgetOf(r.route) }))));
  if (over) process.exit(1);
}

main();
