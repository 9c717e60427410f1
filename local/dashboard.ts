/**
 * The Next.js dashboard as a child of `npm run dev`: `next dev` (default) or `next start` on
 * a prior `npm run build`, bound to 127.0.0.1, told the stack's actual API and issuer URLs.
 * Next runs in its own process group (it forks workers), so stopping it signals the whole
 * group: SIGTERM, then SIGKILL after a grace period; no process outlives the stack.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { join } from "node:path";
import { DEFAULT_SESSION_SECRET } from "../app/lib/env";

export type DashboardMode = "dev" | "start";

export interface DashboardOptions {
  mode: DashboardMode;
  port: number;
  /** Variables for the dashboard (WAYPOINT_API_URL, WAYPOINT_ISSUER_URL, …). */
  env: Record<string, string | undefined>;
  /** How long to wait until the port accepts connections. @default 90000 */
  startTimeoutMs?: number;
  log?: (line: string) => void;
  /** The project root (where next.config.mjs lives). @default process.cwd() */
  cwd?: string;
}

export interface Dashboard {
  url: string;
  pid: number;
  /** Resolves once the port accepts connections; rejects (after stopping Next) otherwise. */
  ready: Promise<void>;
  /** Resolves once Next's whole process group is gone. */
  stop(): Promise<void>;
}

/**
 * What a production build of the dashboard in local mode needs (scripts/e2e.ts,
 * scripts/screenshots.ts, `npm run build` for `--dashboard=start`): local sign-in under
 * NODE_ENV=production is refused unless opted into, and these builds opt in on purpose.
 */
export const LOCAL_PRODUCTION_BUILD_ENV = {
  WAYPOINT_AUTH_MODE: "local",
  WAYPOINT_ALLOW_LOCAL_AUTH: "1",
} as const;

/**
 * The auth variables of a dashboard this stack starts. `next dev` gets none (local mode is
 * the default outside production). `next start` runs under NODE_ENV=production, where local
 * mode needs the opt-in and a session secret that is not the public default: unless the
 * environment chose Clerk, the stack opts in (it is the local stack; every page shows the
 * "not for production" banner) and uses the given secret or a random one for this run.
 */
export function localAuthEnv(
  mode: DashboardMode,
  env: Record<string, string | undefined>,
): Record<string, string> {
  if (mode === "dev") return {};
  const authMode = env.WAYPOINT_AUTH_MODE?.trim();
  const clerkKeys = !!(
    env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?.trim() || env.CLERK_SECRET_KEY?.trim()
  );
  if (authMode === "clerk" || (!authMode && clerkKeys)) return {};
  const secret = env.WAYPOINT_SESSION_SECRET;
  return {
    ...LOCAL_PRODUCTION_BUILD_ENV,
    WAYPOINT_SESSION_SECRET:
      secret && secret !== DEFAULT_SESSION_SECRET ? secret : randomBytes(32).toString("base64url"),
  };
}

/** The `next` CLI of this project, run with this Node (no npx, no shell in between). */
function nextBin(cwd: string): string {
  const require = createRequire(join(cwd, "package.json"));
  return join(require.resolve("next/package.json"), "..", "dist", "bin", "next");
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const cwd = options.cwd ?? process.cwd();
  const log = options.log ?? (() => {});
  // next.config.mjs reads the same variable: a build in another output folder (the e2e tests'
  // .next-test) is served from there, untouched by a `next build` of .next meanwhile.
  const distDir = process.env.WAYPOINT_NEXT_DIST_DIR || ".next";
  if (options.mode === "start" && !existsSync(join(cwd, distDir, "BUILD_ID"))) {
    throw new Error(
      `the dashboard has no production build in ${distDir}: run \`npm run build\` first`,
    );
  }
  if (await portOpen(options.port)) {
    throw new Error(`port ${options.port} is already in use (DASHBOARD_PORT)`);
  }
  const child = spawn(
    process.execPath,
    [nextBin(cwd), options.mode, "--hostname", "127.0.0.1", "--port", String(options.port)],
    {
      cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...localAuthEnv(options.mode, { ...process.env, ...options.env }),
        ...options.env,
        NEXT_TELEMETRY_DISABLED: "1",
        NODE_ENV: options.mode === "dev" ? "development" : "production",
        PORT: String(options.port),
      },
    },
  );
  const pid = child.pid ?? -1;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) log(line.trimEnd());
  };
  child.stdout.on("data", forward);
  child.stderr.on("data", forward);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (pid <= 0) return;
      signalGroup(pid, "SIGTERM");
      const deadline = Date.now() + 5000;
      while ((!exited || groupAlive(pid)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!exited || groupAlive(pid)) {
        signalGroup(pid, "SIGKILL");
        await exit;
        for (let i = 0; i < 40 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      }
    })();
    return stopping;
  };

  const ready = (async () => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
    while (!(await portOpen(options.port))) {
      if (exited) throw new Error(`next ${options.mode} exited before it listened`);
      if (stopping) throw new Error(`next ${options.mode} was stopped while starting`);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next ${options.mode} did not listen on port ${options.port} in time`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  ready.catch(() => {}); // the caller awaits it; no unhandled rejection meanwhile
  return { url: `http://127.0.0.1:${options.port}`, pid, ready, stop };
}
