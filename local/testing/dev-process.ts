/** The dev stack as a child process, for the dev tests and the dev-ready benchmark. */
import { spawn, type ChildProcess } from "node:child_process";

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
    // Test stacks start empty: no demo milestones (local/demo-milestones.ts).
    WAYPOINT_DEMO_MILESTONES: "0",
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

/** The line the dev stack prints last, once every service is up. */
export const DEV_READY_LINE = "Press Ctrl-C to stop.";

/**
 * Starts the dev stack (`spawnDev`) and resolves once it printed its ready summary, with
 * that output and the URLs it names; rejects when it exits first or is not ready in time.
 */
export async function startDevStack(
  dataDir: string,
  overrides: Record<string, string | undefined> = {},
  readyTimeoutMs = 90_000,
) {
  const child = spawnDev(dataDir, overrides);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`stack not ready:\n${output}`)),
      readyTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(DEV_READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`stack exited early:\n${output}`));
    });
  });
  const issuerUrl = /Issuer\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  const apiUrl = /AppSync\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(output)?.[1];
  if (!issuerUrl || !apiUrl) throw new Error(`URLs missing from:\n${output}`);
  return { child, issuerUrl, apiUrl, output: () => output };
}

/**
 * Stops a detached child's whole process group: SIGTERM, then SIGKILL after `killAfterMs`;
 * resolves once the child exited (at once when it already had, or never started).
 */
export function stopGroup(child: ChildProcess | undefined, killAfterMs = 10_000): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return Promise.resolve();
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(child.pid ?? 0), "SIGKILL");
    } catch {
      // gone
    }
  }, killAfterMs);
  return exited.finally(() => clearTimeout(timer));
}
