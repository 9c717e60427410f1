import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { graphql, mintToken } from "./appsync/testing/client";
import { findProcesses, isAlive } from "./testing/processes";

const dataDir = mkdtempSync(join(tmpdir(), "waypoint-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `npm run dev`'s program on free ports in its own process group; resolves when ready. */
async function startDev(extraEnv: Record<string, string> = {}) {
  const child = spawn(join("node_modules", ".bin", "tsx"), ["local/dev.ts"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      DYNAMODB_PORT: "0",
      ISSUER_PORT: "0",
      APPSYNC_PORT: "0",
      ISSUER_WEBHOOK_URL: "",
      WAYPOINT_DATA_DIR: dataDir,
      NO_COLOR: "1",
      ...extraEnv,
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

  it("serves the local AppSync with the real authorizer and the dev table, and stops it", async () => {
    const dev = await startDev({ APPSYNC_API_MODULE: "local/appsync/testing/api.ts" });
    const appsyncUrl = /AppSync\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(dev.output())?.[1];
    expect(appsyncUrl).toBeDefined();
    const url = appsyncUrl ?? "";
    const token = await mintToken(dev.issuerUrl, { userId: "user_ada", orgId: "org_acme" });
    const created = await graphql(
      url,
      token,
      `
        mutation {
          createTodo(listId: "org_acme", id: "dev1", title: "from dev") {
            id
          }
        }
      `,
    );
    expect(created.body).toEqual({ data: { createTodo: { id: "dev1" } } });
    const read = await graphql(
      url,
      token,
      `
        {
          todo(listId: "org_acme", id: "dev1") {
            title
          }
        }
      `,
    );
    expect(read.body).toEqual({ data: { todo: { title: "from dev" } } });
    expect((await graphql(url, "Bearer forged", "{ whoami { userId } }")).status).toBe(401);
    // Each operation is logged with its duration and its DynamoDB calls.
    expect(dev.output()).toMatch(/appsync\s+│ \(anonymous\) [\d.]+ ms · DynamoDB: PutItem×1/);

    dev.child.kill("SIGTERM");
    await dev.exited;
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
  });

  it("says the local AppSync is not started while there is no API definition", async () => {
    const dev = await startDev({ APPSYNC_API_MODULE: "api/does-not-exist.ts" });
    expect(dev.output()).toContain(
      "AppSync         not started: api/does-not-exist.ts does not exist yet",
    );
    dev.child.kill("SIGTERM");
    await dev.exited;
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
        APPSYNC_PORT: "0",
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
