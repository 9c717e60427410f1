/**
 * `npm run test:e2e` (run as `node --import tsx`, not the tsx CLI, whose signal relay SIGKILLs a
 * busy child): builds the dashboard into its own output folder (.next-test) when that
 * build is missing or older than its sources — the e2e stack serves it with `next start`, and a
 * `next build` of .next meanwhile (npm run build, screenshots) cannot pull it from under a
 * running test — then runs Playwright. Extra arguments go to Playwright
 * (`npm run test:e2e -- e2e/journeys/01-admin-milestones.spec.ts`).
 */
import { spawnSync } from "node:child_process";
import { E2E_DIST_DIR, ensureTestBuild } from "./dashboard-build";

export { E2E_DIST_DIR };

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

const built = ensureTestBuild(process.cwd(), "test:e2e");
if (built !== 0) process.exit(built);
const started = Date.now();
const status = run("npx", ["playwright", "test", ...process.argv.slice(2)]);
console.log(`test:e2e: playwright ran for ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(status);
