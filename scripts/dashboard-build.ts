/**
 * The dashboard's test build, shared by `npm run test:e2e` (scripts/e2e.ts), the
 * packaged-server test (infra/dashboard/served.int.test.ts) and `npm run bench:dashboard-cold`:
 * one `next build` into its own output folder (.next-test), made only when missing or older
 * than its sources, so a CI run builds once whichever of them comes first. It is a local-mode
 * production build (`next start` serves it; with `output: "standalone"` it is also the Lambda
 * package's input). A `next build` of .next meanwhile (npm run build, screenshots) cannot pull
 * it from under a running test.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { LOCAL_PRODUCTION_BUILD_ENV } from "../local/dashboard";

/** The test build's output folder (git-, lint- and type-ignored like .next). */
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

/** Whether the output folder lacks a production build of the current sources (in `cwd`). */
export function buildIsStale(cwd = process.cwd()): boolean {
  const buildId = join(cwd, E2E_DIST_DIR, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  // A build from before `output: "standalone"` has no server to package.
  if (!existsSync(join(cwd, E2E_DIST_DIR, "standalone"))) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(cwd, source)) > built);
}

/** Builds the test build when stale; returns the exit status (0 when nothing was to do). */
export function ensureTestBuild(cwd = process.cwd(), who = "test"): number {
  if (!buildIsStale(cwd)) return 0;
  console.log(`${who}: building the dashboard first (next build → ${E2E_DIST_DIR})`);
  // A production build that opts in to local sign-in on purpose (the pages show the
  // "not for production" banner).
  const result = spawnSync("npm", ["run", "build"], {
    cwd,
    stdio: "inherit",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      WAYPOINT_NEXT_DIST_DIR: E2E_DIST_DIR,
      ...LOCAL_PRODUCTION_BUILD_ENV,
    },
  });
  return result.status ?? 1;
}
