/** The dev stack as a child process, for the dev tests and the dev-ready benchmark. */
import { spawn } from "node:child_process";

/**
 * The environment of a dev stack on free ports, its data under `dataDir`. Without the
 * dashboard unless asked (`WAYPOINT_DASHBOARD: "dev"`): most dev tests need no Next start.
 */
export function devEnv(dataDir: string, overrides: Record<string, string | undefined> = {}) {
  return {
    ...process.env,
    DYNAMODB_PORT: "0",
    ISSUER_PORT: "0",
    WEBHOOK_PORT: "0",
    APPSYNC_PORT: "0",
    DASHBOARD_PORT: "0",
    WAYPOINT_DASHBOARD: "off",
    // When a test turns the dashboard on: its own Next output folder, so a `next dev` already
    // running in this checkout (Next 16 locks .next/dev) does not stop it.
    WAYPOINT_NEXT_DIST_DIR: ".next-test",
    ISSUER_WEBHOOK_URL: "",
    WAYPOINT_DATA_DIR: dataDir,
    NO_COLOR: "1",
    ...overrides,
  };
}

/**
 * `npm run dev`'s program, run as `npm run dev` runs it (node with the tsx loader, not the
 * tsx CLI), in its own process group so a test can signal the group like Ctrl-C does.
 */
export function spawnDev(dataDir: string, overrides: Record<string, string | undefined> = {}) {
  return spawn(process.execPath, ["--import", "tsx", "local/dev.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: devEnv(dataDir, overrides),
  });
}
