import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createLocalDocumentClient } from "./dynamodb/table";
import { DEMO } from "./issuer/seed";
import { graphql, mintToken } from "./appsync/testing/client";
import { initialize, openRealtime, start } from "./appsync/testing/realtime-client";
import { nonLoopbackAddresses } from "./network-exposure";
import { batchPut, milestoneItem, waitForJobPhase } from "./testing/cleanup";
import { spawnDev } from "./testing/dev-process";
import { findProcesses, isAlive, processGroup } from "./testing/processes";
import { mirrorReader } from "./testing/webhooks";

const dataDir = mkdtempSync(join(tmpdir(), "waypoint-dev-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts `npm run dev`'s program on free ports; resolves when ready. */
async function startDev(
  overrides: Record<string, string | undefined> = {},
  readyTimeoutMs = 45_000,
) {
  const child = spawnDev(dataDir, overrides);
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev not ready:\n${output}`)), readyTimeoutMs);
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
  const webhookUrl = /Webhooks\s+(http:\/\/127\.0\.0\.1:\d+\/webhooks\/clerk)/.exec(output)?.[1];
  if (!dynamoPort || !issuerUrl || !webhookUrl) throw new Error(`URLs missing from:\n${output}`);
  const dashboardPort = /Dashboard\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  return { child, exited, dynamoPort, issuerUrl, webhookUrl, dashboardPort, output: () => output };
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
    // Warned once, when this machine has an interface DynamoDB Local is reachable on.
    const warnings = dev.output().split("DynamoDB Local listens on every interface").length - 1;
    expect(warnings).toBe(nonLoopbackAddresses().length > 0 ? 1 : 0);

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-(dev.child.pid ?? 0), "SIGINT");
    expect(await dev.exited).toBe(0);
    expect(jvms.filter(isAlive)).toEqual([]);
    expect(findProcesses("DynamoDBLocal.jar", `-port ${dev.dynamoPort}`)).toEqual([]);
    await expect(fetch(`${dev.issuerUrl}/healthz`)).rejects.toThrow();
  });

  it("seeds the demo tenants into DynamoDB through the real webhook path", async () => {
    // No ISSUER_WEBHOOK_URL: the issuer delivers to the stack's own receiver.
    const dev = await startDev({ ISSUER_WEBHOOK_URL: undefined, ISSUER_SEED: "1" });
    try {
      type Delivery = { status: string; attempts: number; type: string };
      let deliveries: Delivery[] = [];
      for (let i = 0; i < 100; i++) {
        const answer = await fetch(`${dev.issuerUrl}/admin/webhooks`);
        deliveries = ((await answer.json()) as { deliveries: Delivery[] }).deliveries;
        if (deliveries.length > 0 && deliveries.every((d) => d.status !== "pending")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // 6 users, 2 orgs, 5 memberships, 1 invitation. The issuer delivers concurrently, like Svix, so on a
      // loaded machine two transactions touching the same user may conflict: the receiver
      // answers 5xx and the retry lands (that path is what this asserts, not the timing).
      expect(deliveries).toHaveLength(14);
      expect(deliveries.map((d) => d.status)).toEqual(deliveries.map(() => "delivered"));

      const mirror = mirrorReader(
        createLocalDocumentClient(`http://127.0.0.1:${dev.dynamoPort}`),
        "waypoint",
      );
      for (const user of Object.values(DEMO.users)) {
        expect(await mirror.user(user.id)).toMatchObject({
          id: user.id,
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
        });
      }
      expect(await mirror.org(DEMO.orgs.acme.id)).toMatchObject({ name: "Acme", slug: "acme" });
      expect(await mirror.orgMembers(DEMO.orgs.acme.id)).toEqual({
        user_ada: "org:admin",
        user_alan: "org:member",
        user_grace: "org:member",
      });
      expect(await mirror.userOrgs(DEMO.users.globexAdmin.id)).toEqual({ org_globex: "org:admin" });
      expect(await mirror.userOrgs(DEMO.users.personal.id)).toEqual({});

      // A change made now reaches the mirror through the same path.
      await fetch(`${dev.issuerUrl}/admin/memberships/org_acme/user_grace`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "org:admin" }),
      });
      let role: unknown;
      for (let i = 0; i < 50 && role !== "org:admin"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        role = (await mirror.userOrgs("user_grace")).org_acme;
      }
      expect(role).toBe("org:admin");

      // A deletion's erasure runs in the stack too: the stream feeds the cleanup handler.
      const doc = createLocalDocumentClient(`http://127.0.0.1:${dev.dynamoPort}`);
      const personal = { kind: "personal", userId: DEMO.users.personal.id } as const;
      await batchPut(doc, "waypoint", [milestoneItem(personal, "devm1", personal.userId, 1)]);
      await fetch(`${dev.issuerUrl}/admin/users/${personal.userId}`, { method: "DELETE" });
      const job = await waitForJobPhase(
        doc,
        "waypoint",
        { kind: "user", userId: personal.userId },
        "done",
        20_000,
      );
      expect(job.removed).toBe(1);
      expect(await mirror.user(personal.userId)).toMatchObject({ deleted: true });
    } finally {
      process.kill(-(dev.child.pid ?? 0), "SIGINT");
      expect(await dev.exited).toBe(0);
    }
    expect(findProcesses("DynamoDBLocal.jar", `-port ${dev.dynamoPort}`)).toEqual([]);
    await expect(fetch(dev.webhookUrl, { method: "POST" })).rejects.toThrow();
  });

  it("serves the local AppSync with the real authorizer and the dev table, and stops it", async () => {
    const dev = await startDev({
      APPSYNC_API_MODULE: "local/appsync/testing/api.ts",
      ISSUER_WEBHOOK_URL: undefined,
    });
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
    // The real authorizer's Powertools lines, as a Lambda writes them (docs/operations.md).
    // A denial is one EMF line; allows are not emitted (Lambda's Invocations count them).
    expect(dev.output()).toMatch(
      /appsync\s+│ authorizer \{"_aws":\{.*"Namespace":"Waypoint".*"decision":"deny","reason":"token_\w+".*"AuthorizerDecisions":1\}/,
    );
    expect(dev.output()).not.toMatch(/"decision":"allow"/);
    expect(dev.output()).toMatch(/authorizer \{"_aws".*"service":"authorizer".*"ColdStart":1\}/);

    dev.child.kill("SIGTERM");
    await dev.exited;
    await expect(fetch(url, { method: "POST" })).rejects.toThrow();
  });

  it("serves the product API (api/resolvers.ts) by default, on the webhook-seeded mirror", async () => {
    const dev = await startDev({ ISSUER_WEBHOOK_URL: undefined, ISSUER_SEED: "1" });
    try {
      const url = /AppSync\s+(http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(dev.output())?.[1] ?? "";
      expect(dev.output()).toMatch(
        /AppSync\s+http:\/\/\S+\s+\(\d+ resolvers from api\/resolvers\.ts\)/,
      );
      const mirror = mirrorReader(
        createLocalDocumentClient(`http://127.0.0.1:${dev.dynamoPort}`),
        "waypoint",
      );
      for (let i = 0; i < 100 && !(await mirror.orgMembers("org_acme")).user_ada; i++)
        await new Promise((r) => setTimeout(r, 100));
      const token = await mintToken(dev.issuerUrl, { userId: "user_ada", orgId: "org_acme" });
      const me = await graphql(url, token, "{ me { userId orgId role firstName } }");
      expect(me.body).toEqual({
        data: {
          me: { userId: "user_ada", orgId: "org_acme", role: "org:admin", firstName: "Ada" },
        },
      });
      // Live updates: the real-time endpoint on the AppSync port, fed by the stream publisher.
      const realtimeUrl =
        /AppSync\s+(ws:\/\/127\.0\.0\.1:\d+\/graphql\/realtime)/.exec(dev.output())?.[1] ?? "";
      expect(new URL(realtimeUrl).port).toBe(new URL(url).port);
      const live = await openRealtime(realtimeUrl, token);
      expect((await initialize(live)).type).toBe("connection_ack");
      expect(
        await start(live, "dev", token, "subscription { onMilestoneChanged { kind milestoneId } }"),
      ).toEqual({ type: "start_ack", id: "dev" });
      const created = await graphql(
        url,
        token,
        'mutation { createMilestone(input: { title: "from dev" }) { id title owner { name } } }',
      );
      expect(created.body.data?.createMilestone).toMatchObject({
        title: "from dev",
        owner: { name: "Ada Lovelace" },
      });
      const id = (created.body.data?.createMilestone as { id: string }).id;
      const delivered = await live.next((m) => m.type === "data", 10_000);
      expect(delivered.payload?.data).toEqual({
        onMilestoneChanged: { kind: "CREATED", milestoneId: id },
      });
      live.close();
      // The seed's deliveries, counted and logged by the webhook's Powertools lines.
      expect(dev.output()).toMatch(
        /webhook\s+│ \{"_aws":\{.*"Namespace":"Waypoint".*"outcome":"applied","eventType":"user\.created".*"WebhookDeliveries":1\}/,
      );
      expect(dev.output()).toMatch(/webhook\s+│ \{"_aws".*"SyncLag":\d+\}/);
      expect(dev.output()).toMatch(/webhook\s+│ \{"level":"INFO".*"svix_id":"msg_\w+"/);
    } finally {
      process.kill(-(dev.child.pid ?? 0), "SIGINT");
      expect(await dev.exited).toBe(0);
    }
  });

  it("says the local AppSync is not started while there is no API definition", async () => {
    const dev = await startDev({
      APPSYNC_API_MODULE: "api/does-not-exist.ts",
      ISSUER_WEBHOOK_URL: undefined,
    });
    expect(dev.output()).toContain(
      "AppSync         not started: api/does-not-exist.ts does not exist yet",
    );
    dev.child.kill("SIGTERM");
    await dev.exited;
  });

  it("serves the dashboard (next dev) told the stack's URLs, and Ctrl-C stops Next's whole tree", async () => {
    const dev = await startDev(
      { WAYPOINT_DASHBOARD: "dev", ISSUER_WEBHOOK_URL: undefined },
      90_000,
    );
    let nextTree: number[] = [];
    try {
      const dashboardUrl = /Dashboard\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())?.[1];
      expect(dashboardUrl).toBeDefined();
      // The sign-in page lists the issuer's demo users: the dashboard reached this issuer.
      const signIn = await fetch(`${dashboardUrl ?? ""}/sign-in`, {
        signal: AbortSignal.timeout(120_000),
      });
      expect(signIn.status).toBe(200);
      const html = await signIn.text();
      expect(html).toContain("Sign in as Ada Lovelace");
      expect(html).toContain("Barbara Liskov");
      // Tokens minted for the dashboard carry its actual origin as azp.
      const token = await mintToken(dev.issuerUrl, { userId: "user_ada" });
      const payload = JSON.parse(
        Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
      ) as { azp: string };
      expect(payload.azp).toBe(dashboardUrl);
      const nextPid = Number(/next dev, pid (\d+)/.exec(dev.output())?.[1]);
      nextTree = processGroup(nextPid);
    } finally {
      process.kill(-(dev.child.pid ?? 0), "SIGINT");
      expect(await dev.exited).toBe(0);
    }
    expect(nextTree.length).toBeGreaterThan(0);
    expect(nextTree.filter(isAlive)).toEqual([]);
  }, 240_000);

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
    const child = spawnDev(dataDir);
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
