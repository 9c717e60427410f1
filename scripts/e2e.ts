/**
 * `npm run test:e2e` (run as `node --import tsx`, not the tsx CLI, whose signal relay SIGKILLs a
 * busy child): builds the dashboard into its own output folder (.next-test) when that
 * build is missing or older than its sources — the e2e stack serves it with `next start`, and a
 * `next build` of .next meanwhile (npm run build, screenshots) cannot pull it from under a
 * running test — then runs Playwright. Extra arguments go to Playwright
 * (`npm run test:e2e -- e2e/journeys/01-admin-milestones.spec.ts`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_PRODUCTION_BUILD_ENV } from "../local/dashboard";

/** The e2e build's output folder (git-, lint- and type-ignored like .next). */
export const E2E_DIST_DIR = ".next-test";

/** What the dashboard's build is made of (app/ imports core/). */
const SOURCES = [
  "app",
  "core",
  "proxy.ts",
  "next.config.mjs",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether the e2e output folder lacks a production build of the current sources. */
export function buildIsStale(): boolean {
  const buildId = join(E2E_DIST_DIR, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

function run(command: string, args: string[], env: Record<string, string> = {}): number {
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      WAYPOINT_NEXT_DIST_DIR: E2E_DIST_DIR,
      ...env,
    },
  });
  return result.status ?? 1;
}

if (buildIsStale()) {
  console.log(`test:e2e: building the dashboard first (next build → ${E2E_DIST_DIR})`);
  // The e2e stack serves it with `next start` in local mode: a production build that opts in
  // to local sign-in on purpose (the pages show the "not for production" banner).
  const status = run("npm", ["run", "build"], LOCAL_PRODUCTION_BUILD_ENV);
  if (status !== 0) process.exit(status);
}
const started = Date.now();
const status = run("npx", ["playwright", "test", ...process.argv.slice(2)]);
console.log(`test:e2e: playwright ran for ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);
