/**
 * A large organization deleted: 10,000 milestones and 2,000 audit entries, removed by the
 * cleanup handler fed by DynamoDB Local's stream, in a worker process of its own that is
 * SIGKILLed mid-way and started again. Meanwhile another org's deliveries go on. The
 * invocation timeout is cut to 2 s so that the hand-over between invocations (the job
 * item's `continuing` record) is exercised many times, as a large org would on AWS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys, toQueryParams, type QuerySpec } from "../../core/table";
import { Directory } from "../../local/issuer/directory";
import {
  auditItem,
  batchPut,
  cleanupJob,
  milestoneItem,
  waitForJobPhase,
} from "../../local/testing/cleanup";
import { createTestTable } from "../../local/testing/dynamodb";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { clerkBody, functionUrlEvent, mirrorReader } from "../../local/testing/webhooks";
import { createWebhookHandler } from "../webhook/app";
import { createMirrorStore } from "../webhook/mirror-store";

const MILESTONES = 10_000;
const AUDIT_ENTRIES = 2_000;
const BIG = "org_big";
const OTHER = "org_other";

let table: Awaited<ReturnType<typeof createTestTable>>;
let handler: ReturnType<typeof createWebhookHandler>;
let checkpointDir: string;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  table = await createTestTable("orgcleanup");
  handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store: createMirrorStore(table.doc, table.tableName),
    log: () => {},
  });
  checkpointDir = mkdtempSync(join(tmpdir(), "waypoint-cleanup-"));
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill("SIGKILL");
  rmSync(checkpointDir, { recursive: true, force: true });
  await table?.drop();
});

/** Starts the local cleanup (poller + unchanged handler) as a child process. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "local/streams/cleanup-worker.ts"], {
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: table.endpoint,
      TABLE_NAME: table.tableName,
      CLEANUP_CHECKPOINT_FILE: join(checkpointDir, "checkpoints.json"),
      CLEANUP_INVOCATION_TIMEOUT_MS: "2000",
      CLEANUP_RESERVE_MS: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("cleanup worker ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${output}`)));
  });
  return child;
}

let counter = 0;
async function deliver(type: string, data: unknown) {
  const result = await handler(
    functionUrlEvent({
      secret: TEST_WEBHOOK_SECRET,
      svixId: `msg_big_${++counter}`,
      body: clerkBody(type, data),
    }),
  );
  return {
    status: result.statusCode,
    outcome: (JSON.parse(result.body) as { outcome?: string }).outcome,
  };
}

async function count(spec: QuerySpec): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams(spec),
        Select: "COUNT",
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    total += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return total;
}

const orgPartition = (orgId: string): QuerySpec => ({
  partitionKeyName: "PK",
  partitionKey: keys.orgPartition(orgId),
  sortKeyName: "SK",
  sortKeyPrefix: "MILESTONE#",
  ascending: true,
});

describe("organization.deleted at size", () => {
  it("removes 12,000 items asynchronously, survives a kill mid-way, and leaves other orgs alone", async () => {
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const directory = new Directory(
      (type, data) => events.push({ type, data: structuredClone(data) }),
      (id) => `https://img.test/${id}.png`,
    );
    const flush = async () => {
      const outcomes: string[] = [];
      for (const event of events.splice(0)) {
        const { status, outcome } = await deliver(event.type, event.data);
        expect(status).toBe(200);
        outcomes.push(outcome ?? "?");
      }
      return outcomes;
    };
    directory.createUser({ id: "user_big1", firstName: "Bea", email: "bea@big.test" });
    directory.createUser({ id: "user_big2", firstName: "Ole", email: "ole@other.test" });
    directory.createOrg({ id: BIG, name: "Big Org", slug: "big-org" });
    directory.createOrg({ id: OTHER, name: "Other Org", slug: "other-org" });
    directory.createMembership({ orgId: BIG, userId: "user_big1", role: "org:admin" });
    directory.createMembership({ orgId: OTHER, userId: "user_big2", role: "org:admin" });
    expect(await flush()).toEqual(Array(6).fill("applied"));

    const seedStarted = performance.now();
    const big = { kind: "org", orgId: BIG } as const;
    const other = { kind: "org", orgId: OTHER } as const;
    await batchPut(table.doc, table.tableName, [
      ...Array.from({ length: MILESTONES }, (_, n) => milestoneItem(big, `bm${n}`, "user_big1", n)),
      ...Array.from({ length: AUDIT_ENTRIES }, (_, n) => auditItem(BIG, "user_big1", n)),
      ...Array.from({ length: 50 }, (_, n) => milestoneItem(other, `om${n}`, "user_big2", n)),
      ...Array.from({ length: 20 }, (_, n) => auditItem(OTHER, "user_big2", n)),
    ]);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    expect(await count(orgPartition(BIG))).toBe(MILESTONES);

    let worker = await startWorker();
    const deletedAt = performance.now();
    directory.deleteOrg(BIG);
    expect(await flush()).toEqual(["applied", "applied"]); // membership.deleted, org.deleted

    // Kill the worker once a good part, but not all, is gone.
    const until = Date.now() + 120_000;
    let left = MILESTONES;
    while (Date.now() < until) {
      left = await count(orgPartition(BIG));
      if (left < MILESTONES * 0.7) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));
    const leftAtKill = await count(orgPartition(BIG));
    expect(leftAtKill).toBeGreaterThan(0);
    expect(leftAtKill).toBeLessThan(MILESTONES);
    expect((await cleanupJob(table.doc, table.tableName, big))?.phase).not.toBe("done");

    // Other orgs' deliveries are unaffected, with or without a cleanup running.
    directory.updateOrg(OTHER, { name: "Other Org Renamed" });
    directory.createUser({ id: "user_big3", firstName: "Pia", email: "pia@other.test" });
    directory.createMembership({ orgId: OTHER, userId: "user_big3", role: "org:member" });
    expect(await flush()).toEqual(["applied", "applied", "applied"]);

    const restartedAt = performance.now();
    worker = await startWorker();
    directory.updateMembership(OTHER, "user_big3", { role: "org:admin" });
    expect(await flush()).toEqual(["applied"]);
    const job = await waitForJobPhase(
      table.doc,
      table.tableName,
      { kind: "org", orgId: BIG },
      "done",
      240_000,
    );
    const doneAt = performance.now();
    worker.kill("SIGTERM");

    // Nothing of the org is left but its tombstones.
    const mirror = mirrorReader(table.doc, table.tableName);
    expect(await count(orgPartition(BIG))).toBe(0);
    for (const sort of ["UPDATED_AT", "DUE_DATE"] as const) {
      expect(await count(keys.milestones(big, { sort }))).toBe(0);
    }
    for (const status of ["PLANNED", "IN_PROGRESS", "DONE", "BLOCKED"]) {
      expect(await count(keys.milestones(big, { sort: "UPDATED_AT", status }))).toBe(0);
    }
    expect(await count(keys.auditLog(BIG))).toBe(0);
    expect(await count(keys.orgSyncEvents(BIG))).toBe(0);
    expect(await mirror.orgMembers(BIG)).toEqual({});
    const remaining = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        ...toQueryParams({
          partitionKeyName: "PK",
          partitionKey: keys.orgPartition(BIG),
          sortKeyName: "SK",
          ascending: true,
        }),
        ConsistentRead: true,
      }),
    );
    expect((remaining.Items ?? []).map((item) => String(item.SK)).sort()).toEqual([
      "PROFILE",
      "TOMBSTONE#MEMBER#user_big1",
    ]);
    expect(job.round).toBeGreaterThan(1); // it handed over between invocations

    // The other org: all there, and its deliveries landed.
    expect(await count(keys.milestones(other, { sort: "UPDATED_AT" }))).toBe(50);
    expect(await count(keys.auditLog(OTHER))).toBe(20);
    expect(await mirror.org(OTHER)).toMatchObject({ name: "Other Org Renamed" });
    expect(await mirror.orgMembers(OTHER)).toEqual({
      user_big2: "org:admin",
      user_big3: "org:admin",
    });

    console.log(
      `org cleanup figures: ${JSON.stringify({
        items: MILESTONES + AUDIT_ENTRIES,
        seedSeconds: Number(seedSeconds.toFixed(1)),
        leftAtKill,
        secondsDeletionToDone: Number(((doneAt - deletedAt) / 1000).toFixed(1)),
        secondsRestartToDone: Number(((doneAt - restartedAt) / 1000).toFixed(1)),
        rounds: Number(job.round),
      })}`,
    );
  }, 400_000);
});
