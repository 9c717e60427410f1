import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findProcesses, isAlive } from "./testing/processes";

const dataDir = mkdtempSync(join(tmpdir(), "waypoint-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `npm run dev`'s program on free ports in its own process group; resolves when ready. */
async function startDev() {
  const child = spawn(join("node_modules", ".bin", "tsx"), ["local/dev.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DYNAMODB_PORT: "0",
      ISSUER_PORT: "0",
      ISSUER_WEBHOOK_URL: "",
      WAYPOINT_DATA_DIR: dataDir,
      NO_COLOR: "1",
    },
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev not ready:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Press Ctrl-C to stop.")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`dev exited early:\n${output}`)));
  });
  const dynamoPort = /DynamoDB Local\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  const issuerUrl = /Issuer\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  if (!dynamoPort || !issuerUrl) throw new Error(`URLs missing from:\n${output}`);
  return { child, exited, dynamoPort, issuerUrl, output: () => output };
}

describe("npm run dev", () => {
  it("starts DynamoDB Local and the seeded issuer, and Ctrl-C leaves no process behind", async () => {
    const dev = await startDev();
    const state = (await (await fetch(`${dev.issuerUrl}/admin/state`)).json()) as {
      users: unknown[];
    };
    expect(state.users).toHaveLength(6);
    const jvms = findProcesses("DynamoDBLocal.jar", `-port ${dev.dynamoPort}`);
    expect(jvms).toHaveLength(1);

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-(dev.child.pid ?? 0), "SIGINT");
    expect(await dev.exited).toBe(0);
    expect(jvms.filter(isAlive)).toEqual([]);
    expect(findProcesses("DynamoDBLocal.jar", `-port ${dev.dynamoPort}`)).toEqual([]);
    await expect(fetch(`${dev.issuerUrl}/healthz`)).rejects.toThrow();
  });

  it("stops its JVM when only the parent gets SIGTERM", async () => {
    const dev = await startDev();
    const jvms = findProcesses("DynamoDBLocal.jar", `-port ${dev.dynamoPort}`);
    expect(jvms).toHaveLength(1);
    dev.child.kill("SIGTERM");
    await dev.exited;
    expect(jvms.filter(isAlive)).toEqual([]);
    expect(dev.output()).toContain("stopped");
  });

  it("stops a JVM that is still starting when Ctrl-C comes during start-up", async () => {
    const child = spawn(join("node_modules", ".bin", "tsx"), ["local/dev.ts"], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DYNAMODB_PORT: "0",
        ISSUER_PORT: "0",
        ISSUER_WEBHOOK_URL: "",
        WAYPOINT_DATA_DIR: dataDir,
      },
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let output = "";
    // DynamoDB Local prints its configuration as soon as the JVM runs, before it answers.
    const port = await new Promise<string>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Port:\s+(\d+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
    });
    expect(output).not.toContain("ready in");
    child.kill("SIGINT");
    await exited;
    expect(findProcesses("DynamoDBLocal.jar", `-port ${port}`)).toEqual([]);
  });
});
