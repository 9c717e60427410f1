import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { keys } from "../../core/table";
import { exitsWithin, findProcesses, isAlive, parentOf } from "../testing/processes";
import { JavaMissingError, startDynamoDbLocal, tiedToParent } from "./launcher";
import { createLocalClient, createLocalDocumentClient, ensureTable } from "./table";

/** The first line a child prints, parsed as JSON; rejects with its output if it exits first. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)));
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) first:\n${stdout}${stderr}`)));
  });
}

describe("startDynamoDbLocal", () => {
  it("stops without leaving a JVM behind, so the same port can start again at once", async () => {
    const first = await startDynamoDbLocal({ port: 0 });
    expect(isAlive(first.pid)).toBe(true);
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(findProcesses("DynamoDBLocal.jar", `-port ${first.port}`)).toEqual([]);

    const again = await startDynamoDbLocal({ port: first.port });
    expect(again.endpoint).toBe(first.endpoint);
    await again.stop();
    await again.stop(); // idempotent
    expect(findProcesses("DynamoDBLocal.jar", `-port ${first.port}`)).toEqual([]);
  });

  it("does not outlive a parent that is killed without stopping it", async () => {
    // A separate Node process starts DynamoDB Local, then dies by SIGKILL: no stop(), no
    // exit handler, as when CI kills a runner or Vitest tears down a timed-out worker.
    const parent = spawn(process.execPath, ["--import", "tsx", "local/testing/dynamodb-parent.ts"]);
    let jvm: number | undefined;
    try {
      const started = (await firstLine(parent)) as { pid: number; port: number };
      jvm = started.pid;
      // The pid is the JVM itself, a direct child of the parent, with no wrapper between.
      expect(findProcesses("DynamoDBLocal.jar", `-port ${started.port}`)).toEqual([jvm]);
      expect(parentOf(jvm)).toBe(parent.pid);

      parent.kill("SIGKILL");
      expect(await exitsWithin(jvm, 10_000)).toBe(true);
      expect(findProcesses("DynamoDBLocal.jar", `-port ${started.port}`)).toEqual([]);
    } finally {
      parent.kill("SIGKILL");
      // Should this test fail, the JVM it made an orphan must not fail .ci/run as well.
      if (jvm !== undefined && isAlive(jvm)) process.kill(jvm, "SIGKILL");
    }
  }, 60_000);

  it("starts nothing when its parent died before the death signal was set", () => {
    const run = (parentPid: number) => {
      const tied = tiedToParent("echo", ["ran"], parentPid);
      if (!tied) throw new Error("setpriv --pdeathsig unavailable");
      return spawnSync(tied.command, tied.args, { encoding: "utf8" });
    };
    expect(run(process.pid)).toMatchObject({ status: 0, stdout: "ran\n" });
    // As if this process had died at once: the command's parent is no longer the spawner.
    expect(run(1)).toMatchObject({ status: 1, stdout: "" });
  });

  it("runs with an empty CORS allow-list: no web origin may read its answers", async () => {
    const ddb = await startDynamoDbLocal({ port: 0 });
    try {
      // The JVM's own command line: `-cors ""`, an allow-list of nothing.
      const argv = readFileSync(`/proc/${ddb.pid}/cmdline`, "utf8").split("\0");
      const at = argv.indexOf("-cors");
      expect(at).toBeGreaterThan(0);
      expect(argv[at + 1]).toBe("");
      // What a browser asks before a cross-origin DynamoDB call (X-Amz-Target forces a
      // preflight), from a foreign page and from a loopback one: no origin is allowed.
      for (const origin of ["https://attacker.test", "http://localhost:3000", "null"]) {
        const preflight = await fetch(ddb.endpoint, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization,content-type,x-amz-target",
          },
        });
        expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
        const call = await fetch(ddb.endpoint, {
          method: "POST",
          headers: {
            origin,
            "content-type": "application/x-amz-json-1.0",
            "x-amz-target": "DynamoDB_20120810.ListTables",
            authorization:
              "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
          },
          body: "{}",
        });
        expect(call.status).toBe(200);
        expect(call.headers.get("access-control-allow-origin"), origin).toBeNull();
      }
    } finally {
      await ddb.stop();
    }
  });

  it("keeps tables and items across restarts when given a dbPath", async () => {
    const dbPath = mkdtempSync(join(tmpdir(), "waypoint-ddb-"));
    try {
      const first = await startDynamoDbLocal({ port: 0, dbPath });
      await ensureTable(createLocalClient(first.endpoint), "persisted");
      await createLocalDocumentClient(first.endpoint).send(
        new PutCommand({
          TableName: "persisted",
          Item: { ...keys.org("org_p"), name: "Persisted" },
        }),
      );
      await first.stop();

      const second = await startDynamoDbLocal({ port: 0, dbPath });
      const item = await createLocalDocumentClient(second.endpoint).send(
        new GetCommand({ TableName: "persisted", Key: keys.org("org_p") }),
      );
      await second.stop();
      expect(item.Item?.name).toBe("Persisted");
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  });

  it("says how to install Java when it is missing", async () => {
    const failure = startDynamoDbLocal({ port: 0, java: "/nonexistent/bin/java" });
    await expect(failure).rejects.toBeInstanceOf(JavaMissingError);
    await expect(failure).rejects.toThrow(
      /Java 17 or newer[\s\S]*apt-get install -y openjdk-17-jre-headless/,
    );
  });
});
