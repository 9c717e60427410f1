/**
 * The chaos test: a random history of Clerk events delivered the way Svix can deliver
 * it — duplicated, reordered within a sliding window, retried after 5xx — mixed with
 * forged and expired deliveries, while DynamoDB Local is stopped and restarted. The mirror
 * must end up equal to the directory's final state, item by item; then, after every TTL has
 * passed, a third of the history is replayed and the mirror must still be equal (deletions
 * are final). Seeded (CHAOS_SEED): a failure replays.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it, vi } from "vitest";
import { startDynamoDbLocal, type DynamoDbLocal } from "../../local/dynamodb/launcher";
import { createLocalClient, ensureTable } from "../../local/dynamodb/table";
import { startFunctionUrlServer, type FunctionUrlServer } from "../../local/function-url";
import { Directory } from "../../local/issuer/directory";
import { runRandomHistory } from "../../local/testing/history";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { diffMirror, scanAll } from "../../local/testing/mirror-truth";
import { createRandom } from "../../local/testing/random";
import { clerkBody, OTHER_SECRET, svixHeaders } from "../../local/testing/webhooks";
import { createWebhookHandler } from "./app";
import { createDocumentClient } from "./dynamodb";
import { createMirrorStore } from "./mirror-store";

const SEED = Number(process.env.CHAOS_SEED ?? 20_261_126);
const MIN_EVENTS = 2_000;
const WINDOW = 40; // deliveries may overtake each other by up to this many places
const WORKERS = 6;
const TABLE = "chaos";
const avatarUrl = (id: string) => `https://img.test/${id}.png`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface GenuineEvent {
  svixId: string;
  type: string;
  body: string;
}

type Job =
  | { kind: "genuine"; event: GenuineEvent; attempt: number }
  | {
      kind: "forged" | "tampered" | "expired";
      svixId: string;
      body: string;
      headers: Record<string, string>;
    };

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  while (cleanups.length)
    await cleanups
      .pop()?.()
      .catch(() => {});
});

/** A version of the event that would visibly win if it were accepted. */
function forgeBody(event: GenuineEvent, random: ReturnType<typeof createRandom>, ids: string[]) {
  const parsed = JSON.parse(event.body) as { type: string; data: Record<string, unknown> };
  const data = parsed.data;
  if (typeof data.updated_at === "number") data.updated_at += 1e9;
  if (event.type.startsWith("user.")) data.first_name = "FORGED";
  if (event.type.startsWith("organization.")) data.name = "FORGED";
  if (event.type.startsWith("organizationMembership.")) data.role = "org:forged";
  if (event.type.endsWith(".deleted") && !event.type.startsWith("organizationMembership")) {
    data.id = random.pick(ids);
  }
  return JSON.stringify(parsed);
}

describe("chaos: Svix-like delivery into DynamoDB Local that goes away", () => {
  it("converges to the final truth, item by item, and forged deliveries write nothing", async () => {
    const random = createRandom(SEED);

    // ---- a history, in Clerk's shapes, on a deterministic clock -------------------
    const events: GenuineEvent[] = [];
    const membersCount = new Map<string, number>();
    let clock = 1_764_000_000_000;
    const now = vi.spyOn(Date, "now").mockImplementation(() => clock);
    // Clerk does not promise an `organizationMembership.deleted` for each membership that a
    // user's or org's deletion ends: for half of the deletions, those events are not sent,
    // so only the receiver's own cascade and its user/org checks can keep the mirror right.
    let silentCascade = false;
    let silencedMembershipDeletions = 0;
    const directory = new Directory((type, data) => {
      if (silentCascade && type === "organizationMembership.deleted") {
        silencedMembershipDeletions++;
        return;
      }
      if (type === "organization.created" || type === "organization.updated") {
        membersCount.set(String(data.id), Number(data.members_count));
      }
      const svixId = `msg_chaos_${events.length + 1}`;
      events.push({ svixId, type, body: clerkBody(type, data, clock) });
      clock += random.int(0, 3); // often the same millisecond: ordering must not care
    }, avatarUrl);
    for (const method of ["deleteUser", "deleteOrg"] as const) {
      const remove = directory[method].bind(directory);
      directory[method] = (id: string) => {
        silentCascade = random.chance(0.5);
        try {
          remove(id);
        } finally {
          silentCascade = false;
        }
      };
    }
    let history: ReturnType<typeof runRandomHistory>;
    try {
      history = runRandomHistory(directory, random, () => events.length >= MIN_EVENTS, {
        prefix: "c",
        maxLiveUsers: 45,
        maxLiveOrgs: 9,
      });
    } finally {
      now.mockRestore();
    }
    expect(history.stats.usersCreated).toBeGreaterThanOrEqual(50);
    expect(history.stats.orgsCreated).toBeGreaterThanOrEqual(10);

    // ---- the delivery plan --------------------------------------------------------
    const jobs: { order: number; job: Job }[] = [];
    let duplicates = 0;
    let forged = 0;
    let expired = 0;
    const allIds = [...history.users, ...history.orgs];
    events.forEach((event, index) => {
      const at = () => index + random.next() * WINDOW;
      jobs.push({ order: at(), job: { kind: "genuine", event, attempt: 0 } });
      if (random.chance(0.35)) {
        duplicates++;
        jobs.push({ order: at(), job: { kind: "genuine", event, attempt: 0 } });
      }
      if (random.chance(0.09)) {
        forged++;
        const body = forgeBody(event, random, allIds);
        const sameId = random.chance(0.5);
        const svixId = sameId ? event.svixId : `msg_forged_${index}`;
        if (random.chance(0.5)) {
          jobs.push({
            order: at(),
            job: { kind: "forged", svixId, body, headers: svixHeaders(OTHER_SECRET, svixId, body) },
          });
        } else {
          // The genuine signature over the genuine body, sent with a changed body.
          jobs.push({
            order: at(),
            job: {
              kind: "tampered",
              svixId,
              body,
              headers: svixHeaders(TEST_WEBHOOK_SECRET, svixId, event.body),
            },
          });
        }
      }
      if (random.chance(0.02)) {
        expired++;
        const body = forgeBody(event, random, allIds);
        const svixId = `msg_expired_${index}`;
        const signedAt = new Date(Date.now() - random.int(6, 120) * 60_000);
        jobs.push({
          order: at(),
          job: {
            kind: "expired",
            svixId,
            body,
            headers: svixHeaders(TEST_WEBHOOK_SECRET, svixId, body, signedAt),
          },
        });
      }
    });
    const queue: Job[] = jobs.sort((a, b) => a.order - b.order).map((j) => j.job);
    const planned = queue.length;

    // ---- the stack: a DynamoDB Local of its own (persistent, so it can restart) ------
    // On tmpfs when there is one: DynamoDB Local's SQLite commits would wait on the disk.
    const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
    const dbPath = mkdtempSync(join(base, "waypoint-chaos-"));
    cleanups.push(() => Promise.resolve(rmSync(dbPath, { recursive: true, force: true })));
    let dynamo: DynamoDbLocal = await startDynamoDbLocal({ port: 0, dbPath });
    cleanups.push(() => dynamo.stop());
    await ensureTable(createLocalClient(dynamo.endpoint), TABLE);
    const doc = createDocumentClient(dynamo.endpoint);
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store: createMirrorStore(doc, TABLE),
      log: () => {},
    });
    const server: FunctionUrlServer = await startFunctionUrlServer({
      port: 0,
      path: "/webhooks/clerk",
      handler,
    });
    cleanups.push(() => server.close());

    // ---- deliver, like Svix: retry every non-2xx with backoff, each attempt re-signed --
    const BACKOFF_MS = [50, 100, 200, 400, 800, 1_000, 1_000];
    const MAX_ATTEMPTS = 40;
    let sent = 0;
    let retried = 0;
    let serverErrors = 0;
    let forgedAccepted = 0;
    let rejected = 0;
    let waitingRetries = 0;
    let outage: Promise<void> | undefined;
    let outageMs = 0;
    const failures: string[] = [];
    const outcomes = new Map<string, number>();
    /** Per genuine event: answers "applied" or "stale" (must be at most 1), and any 5xx. */
    const decisions = new Map<string, number>();
    const erred = new Set<string>();

    const restartDynamo = async () => {
      const started = performance.now();
      const port = dynamo.port;
      await dynamo.stop();
      await sleep(1_500); // deliveries meanwhile meet a closed port
      dynamo = await startDynamoDbLocal({ port, dbPath });
      outageMs = Math.round(performance.now() - started);
    };

    const post = async (svixId: string, headers: Record<string, string>, body: string) => {
      sent++;
      if (!outage && sent >= planned * 0.4) outage = restartDynamo();
      try {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        });
        return { status: response.status, json: (await response.json()) as { outcome?: string } };
      } catch {
        return { status: 0, json: {} };
      }
    };

    const worker = async () => {
      for (;;) {
        const job = queue.shift();
        if (!job) {
          if (waitingRetries === 0) return;
          await sleep(20);
          continue;
        }
        if (job.kind !== "genuine") {
          const { status } = await post(job.svixId, job.headers, job.body);
          if (status === 400) rejected++;
          else {
            forgedAccepted++;
            failures.push(`${job.kind} ${job.svixId} answered ${status}`);
          }
          continue;
        }
        const { event } = job;
        const { status, json } = await post(
          event.svixId,
          svixHeaders(TEST_WEBHOOK_SECRET, event.svixId, event.body),
          event.body,
        );
        if (status === 200) {
          outcomes.set(json.outcome ?? "?", (outcomes.get(json.outcome ?? "?") ?? 0) + 1);
          if (json.outcome === "applied" || json.outcome === "stale") {
            decisions.set(event.svixId, (decisions.get(event.svixId) ?? 0) + 1);
          }
          continue;
        }
        if (status !== 0 && status < 500) failures.push(`${event.svixId} answered ${status}`);
        if (status >= 500 || status === 0) erred.add(event.svixId);
        if (status >= 500) serverErrors++;
        if (job.attempt + 1 >= MAX_ATTEMPTS) {
          failures.push(`${event.svixId} gave up after ${MAX_ATTEMPTS} attempts`);
          continue;
        }
        retried++;
        waitingRetries++;
        setTimeout(
          () => {
            waitingRetries--;
            queue.push({ ...job, attempt: job.attempt + 1 });
          },
          BACKOFF_MS[Math.min(job.attempt, BACKOFF_MS.length - 1)],
        );
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await outage;
    const seconds = (performance.now() - started) / 1000;

    // ---- the mirror against the truth ------------------------------------------------
    const result = await diffMirror(doc, TABLE, {
      directory,
      userIds: history.users,
      orgIds: history.orgs,
      avatarUrl,
      membersCount,
    });
    const figures = {
      seed: SEED,
      events: events.length,
      users: history.stats.usersCreated,
      orgs: history.stats.orgsCreated,
      sent,
      silencedMembershipDeletions,
      duplicates,
      duplicateShare: Number((duplicates / events.length).toFixed(3)),
      forged,
      expired,
      forgedShare: Number(((forged + expired) / planned).toFixed(3)),
      retried,
      serverErrors,
      outageMs,
      outcomes: Object.fromEntries(outcomes),
      seconds: Number(seconds.toFixed(1)),
      mismatches: result.mismatches.length,
      decidedOnlyByLostAnswers: events.length - decisions.size,
    };
    console.log(`chaos figures: ${JSON.stringify(figures)}`);
    if (result.mismatches.length) console.log(result.mismatches.slice(0, 20).join("\n"));

    expect(failures).toEqual([]);
    expect(silencedMembershipDeletions).toBeGreaterThan(0);
    expect(duplicates / events.length).toBeGreaterThanOrEqual(0.3);
    expect(forged / planned).toBeGreaterThanOrEqual(0.05);
    expect(expired).toBeGreaterThan(0);
    expect(serverErrors).toBeGreaterThan(0); // the outage was felt, and retried through
    expect(forgedAccepted).toBe(0);
    expect(rejected).toBe(forged + expired);
    expect(result.mismatches).toEqual([]);
    // One record per genuine event, none for a forged or expired id.
    expect(result.records).toBe(events.length);
    // Each event is decided (applied or stale) once and never twice. The one exception: an
    // attempt that committed during the outage but whose answer was lost (a 5xx, so Svix
    // retries) leaves its event with "duplicate" answers only; the record proves it landed.
    expect([...decisions].filter(([, count]) => count > 1)).toEqual([]);
    const undecided = events.filter((e) => !decisions.has(e.svixId)).map((e) => e.svixId);
    expect(undecided.filter((id) => !erred.has(id))).toEqual([]);
    expect(undecided.length).toBeLessThanOrEqual(WORKERS); // one per request in flight at the stop

    // ---- replays beyond the dedupe window ----------------------------------------------
    // Weeks later: every item with a TTL is gone (the svix-id records, as DynamoDB's TTL
    // would remove them; tombstones have none), and Clerk replays a third of the history,
    // shuffled, half under the old svix ids and half as new messages. Deletions stay final.
    let expiredItems = 0;
    for (const item of await scanAll(doc, TABLE)) {
      if (item.expiresAt === undefined) continue;
      await doc.send(new DeleteCommand({ TableName: TABLE, Key: { PK: item.PK, SK: item.SK } }));
      expiredItems++;
    }
    const replays = events
      .filter(() => random.chance(0.33))
      .map((event, index) => ({
        ...event,
        svixId: random.chance(0.5) ? event.svixId : `msg_replay_${index}`,
        order: random.next(),
      }))
      .sort((a, b) => a.order - b.order);
    const replayOutcomes = new Map<string, number>();
    const replayFailures: string[] = [];
    for (const replay of replays) {
      const { status, json } = await post(
        replay.svixId,
        svixHeaders(TEST_WEBHOOK_SECRET, replay.svixId, replay.body),
        replay.body,
      );
      if (status !== 200) replayFailures.push(`${replay.svixId} answered ${status}`);
      const outcome = json.outcome ?? "?";
      replayOutcomes.set(outcome, (replayOutcomes.get(outcome) ?? 0) + 1);
    }
    const afterReplay = await diffMirror(doc, TABLE, {
      directory,
      userIds: history.users,
      orgIds: history.orgs,
      avatarUrl,
      membersCount,
    });
    const replayedDeletions = replays.filter((r) => r.type.endsWith(".deleted")).length;
    console.log(
      `chaos replay figures: ${JSON.stringify({
        expiredItems,
        replays: replays.length,
        replayedDeletions,
        outcomes: Object.fromEntries(replayOutcomes),
        mismatches: afterReplay.mismatches.length,
      })}`,
    );
    if (afterReplay.mismatches.length) console.log(afterReplay.mismatches.slice(0, 20).join("\n"));
    expect(expiredItems).toBeGreaterThanOrEqual(events.length);
    expect(replayedDeletions).toBeGreaterThan(0);
    expect(replayFailures).toEqual([]);
    expect(afterReplay.mismatches).toEqual([]);
  }, 300_000);
});
