/**
 * `npm run bench:dev-ready`: wall time from `npm run dev` to "ready", against a baseline
 * measured in the same run: DynamoDB Local alone (the JVM start that bounds it). Runs
 * alternate A/B so machine drift hits both. Ports are free ones; webhooks are off.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDynamoDbLocal } from "../local/dynamodb/launcher";
import { devEnv } from "../local/testing/dev-process";
import { median, printVerdict } from "./lib/figures";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_RATIO = 2;

async function devReadyMs(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["run", "--silent", "dev"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: devEnv(dataDir),
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const ready = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop.")) resolve(performance.now() - started);
    });
    void exited.then(() => reject(new Error(`dev exited before ready:\n${output}`)));
  });
  process.kill(-(child.pid ?? 0), "SIGINT");
  await exited;
  return ready;
}

async function dynamoOnlyMs(): Promise<number> {
  const started = performance.now();
  const dynamo = await startDynamoDbLocal({ port: 0 });
  const ready = performance.now() - started;
  await dynamo.stop();
  return ready;
}

const dataDir = mkdtempSync(join(tmpdir(), "waypoint-bench-"));
try {
  await devReadyMs(dataDir); // warm-up: disk caches, key generation
  const dev: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    dev.push(await devReadyMs(dataDir));
    baseline.push(await dynamoOnlyMs());
  }
  const value = Math.round(median(dev));
  const base = Math.round(median(baseline));
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  console.log(`npm run dev → ready (ms):          ${fmt(dev)}   median ${value}`);
  console.log(`DynamoDB Local alone → ready (ms): ${fmt(baseline)}   median ${base}`);
  printVerdict({
    bench: "dev-ready",
    metric: "median_ms_to_ready",
    value,
    baseline: base,
    ratio: value / base,
    target: TARGET_RATIO,
  });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
