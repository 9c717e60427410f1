/** The dev stack as a child process, for the dev tests and the dev-ready benchmark. */
import { spawn } from "node:child_process";

/** The environment of a dev stack on free ports, its data under `dataDir`. */
export function devEnv(dataDir: string, overrides: Record<string, string | undefined> = {}) {
  return {
    ...process.env,
    DYNAMODB_PORT: "0",
    ISSUER_PORT: "0",
    WEBHOOK_PORT: "0",
    APPSYNC_PORT: "0",
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
