/**
 * The metric and log lines the Lambdas write, read back as CloudWatch would read them: the
 * webhook and the authorizer run in-process (as the local stack runs them, and as their own
 * tests do) with their output captured, and each EMF line is checked for its namespace,
 * dimension sets and values. Then the default output (stdout, as on Lambda) and the masking.
 */
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { clerkBody, functionUrlEvent } from "../../local/testing/webhooks";
import { createHandler } from "../authorizer/authorizer";
import { createWebhookHandler } from "../webhook/app";
import type { MirrorStore } from "../webhook/mirror-store";
import { METRIC_NAMESPACE } from "./names";
import { createTelemetry } from "./telemetry";

interface Emf {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

const isEmf = (record: Record<string, unknown>): record is Emf => "_aws" in record;

/** The EMF records carrying `metric`. */
function metricLines(records: Record<string, unknown>[], metric: string): Emf[] {
  return records
    .filter(isEmf)
    .filter((r) => r._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === metric));
}

const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0);

// Lambda sets this; Powertools counts a cold start only in an on-demand environment (the
// local stack sets it too: local/dev.ts). Set before the handlers below are built.
vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("the webhook's output", () => {
  const lines: string[] = [];
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  let outcome: () => Promise<"applied" | "duplicate"> = () => Promise.resolve("applied");
  const store: MirrorStore = {
    applyDelivery: () => outcome(),
    applyWrites: () => Promise.resolve(true),
    runCascade: () => Promise.resolve(0),
  };
  const handler = createWebhookHandler({
    signingSecret: TEST_WEBHOOK_SECRET,
    store,
    now: () => NOW_MS,
    log: (line) => lines.push(line),
    env: { WAYPOINT_STAGE: "qa" },
  });
  const body = clerkBody(
    "user.updated",
    // Clerk changed the user 1.5 s before the delivery arrived.
    { id: "user_1", first_name: "A", updated_at: NOW_MS - 1500, email_addresses: [] },
    NOW_MS,
  );

  it("counts an applied delivery by outcome and by outcome + type, and its sync lag", async () => {
    const event = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_1", body });
    // Lambda's context carries the request id (the local receiver's event does, too).
    expect((await handler(event, { awsRequestId: "req-webhook-1" })).statusCode).toBe(200);

    const [delivery, ...more] = metricLines(records(), "WebhookDeliveries");
    expect(more).toEqual([]);
    expect(delivery?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: "Waypoint",
        Dimensions: [
          ["service", "stage", "outcome"],
          ["service", "stage", "outcome", "eventType"],
        ],
        Metrics: [{ Name: "WebhookDeliveries", Unit: "Count" }],
      },
    ]);
    expect(delivery).toMatchObject({
      service: "webhook",
      stage: "qa",
      outcome: "applied",
      eventType: "user.updated",
      WebhookDeliveries: 1,
    });

    const [lag] = metricLines(records(), "SyncLag");
    expect(lag?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: METRIC_NAMESPACE,
      Dimensions: [["service", "stage"]],
      Metrics: [{ Name: "SyncLag", Unit: "Milliseconds" }],
    });
    expect(lag).toMatchObject({ service: "webhook", stage: "qa", SyncLag: 1500 });

    // The first invocation of this handler is its cold start (Powertools' own metric).
    const [cold, ...again] = metricLines(records(), "ColdStart");
    expect(again).toEqual([]);
    expect(cold).toMatchObject({ service: "webhook", stage: "qa", ColdStart: 1 });

    // The delivery's log line: structured, with the request id, svix id and event type.
    const log = records().find((r) => !isEmf(r));
    expect(log).toMatchObject({
      level: "INFO",
      service: "webhook",
      stage: "qa",
      request_id: "req-webhook-1",
      svix_id: "msg_1",
      event_type: "user.updated",
      outcome: "applied",
    });
    expect(lines.join("\n")).not.toContain("first_name");
  });

  it("counts refusals as rejected and store failures as errors, with no second cold start", async () => {
    lines.length = 0;
    const forged = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_2", body });
    forged.headers["svix-signature"] = "v1,AAAA";
    expect((await handler(forged)).statusCode).toBe(400);
    outcome = () => Promise.reject(Object.assign(new Error("x"), { name: "ThrottlingException" }));
    const throttled = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_3", body });
    expect((await handler(throttled)).statusCode).toBe(503);
    outcome = () => Promise.resolve("duplicate");
    const repeated = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_1", body });
    expect((await handler(repeated)).statusCode).toBe(200);

    const deliveries = metricLines(records(), "WebhookDeliveries");
    expect(deliveries.map((d) => [d.outcome, d.eventType])).toEqual([
      ["rejected", undefined],
      ["error", "user.updated"],
      ["duplicate", "user.updated"],
    ]);
    // A refused request is counted by outcome only: its type is not known yet.
    expect(deliveries[0]?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ["service", "stage", "outcome"],
    ]);
    // Sync lag is for applied changes only.
    expect(metricLines(records(), "SyncLag")).toEqual([]);
    expect(metricLines(records(), "ColdStart")).toEqual([]);
  });

  it("names only Clerk's mirrored types as dimension values", async () => {
    lines.length = 0;
    outcome = () => Promise.resolve("applied");
    const odd = clerkBody("session.created", { id: "sess_1" }, NOW_MS);
    await handler(functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_4", body: odd }));
    expect(metricLines(records(), "WebhookDeliveries")[0]).toMatchObject({ eventType: "other" });
  });
});

describe("the authorizer's output", () => {
  const ISSUER = "https://clerk.example.test";
  const PARTY = "https://app.example.test";
  let privateKey: CryptoKey;
  let pem: string;
  beforeAll(async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    privateKey = pair.privateKey;
    pem = await exportSPKI(pair.publicKey);
  });
  const token = () =>
    new SignJWT({ sid: "sess_1", azp: PARTY, v: 2, sts: "active" })
      .setProtectedHeader({ alg: "RS256", kid: "ins_1", typ: "JWT" })
      .setIssuer(ISSUER)
      .setSubject("user_1")
      .setIssuedAt()
      .setNotBefore("0s")
      .setExpirationTime("1m")
      .sign(privateKey);
  const event = (authorizationToken: string) => ({
    authorizationToken,
    requestContext: {
      requestId: "req-auth-1",
      apiId: "a",
      accountId: "1",
      queryString: "{ a }",
      variables: {},
    },
  });
  const env = () => ({
    CLERK_JWT_KEY: pem,
    CLERK_ISSUER: ISSUER,
    CLERK_AUTHORIZED_PARTIES: PARTY,
    WAYPOINT_STAGE: "qa",
  });

  it("counts each decision by decision, and a deny by its reason too", async () => {
    const records: Record<string, unknown>[] = [];
    const handler = createHandler(env(), { log: (entry) => records.push(entry) });
    expect(await handler(event(await token()))).toMatchObject({ isAuthorized: true });
    expect(await handler(event("Bearer not-a-jwt"))).toEqual({
      isAuthorized: false,
      ttlOverride: 0,
    });

    // One line for the denial; none for the allow (Lambda's Invocations count the decisions).
    const [deny, ...more] = metricLines(records, "AuthorizerDecisions");
    expect(more).toEqual([]);
    expect(deny?._aws.CloudWatchMetrics[0]?.Namespace).toBe("Waypoint");
    expect(deny?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([
      { Name: "AuthorizerDecisions", Unit: "Count" },
    ]);
    expect(deny).toMatchObject({ service: "authorizer", stage: "qa" });
    expect(deny?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      ["service", "stage", "decision"],
      ["service", "stage", "decision", "reason"],
    ]);
    expect(deny).toMatchObject({
      decision: "deny",
      reason: "token_malformed",
      AuthorizerDecisions: 1,
    });
    expect(metricLines(records, "ColdStart")).toHaveLength(1);
    expect(records.find((r) => !isEmf(r))).toMatchObject({
      level: "WARN",
      service: "authorizer",
      event: "denied",
      reason: "token_malformed",
      request_id: "req-auth-1",
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("writes the same lines to stdout when given no sink, as on Lambda", async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const handler = createHandler(env());
    await handler(event("Bearer not-a-jwt"));
    vi.restoreAllMocks();
    const records = written
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metricLines(records, "AuthorizerDecisions")[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: "Waypoint" }] },
      decision: "deny",
      reason: "token_malformed",
    });
  });
});

describe("log masking", () => {
  it("logs no ARN, account id, URL, error message or stack", () => {
    const lines: string[] = [];
    const { logger } = createTelemetry("webhook", { env: {}, output: (l) => lines.push(l) });
    logger.error("failed", {
      detail:
        "User arn:aws:sts::123456789012:assumed-role/r/x may not call https://internal.example/x",
      error: new Error("the secret whsec_abc"),
    });
    const record = JSON.parse(lines.join("")) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: "ERROR",
      stage: "local",
      detail: "User <arn> may not call <url>",
      error: { name: "Error" },
    });
    expect(lines.join("")).not.toMatch(/whsec_|stack|123456789012/);
  });

  it("refuses a stage that is not a stage name", () => {
    expect(() => createTelemetry("webhook", { env: { WAYPOINT_STAGE: "prod env" } })).toThrow(
      /WAYPOINT_STAGE/,
    );
  });
});

describe("Powertools' own warnings", () => {
  afterEach(() => vi.restoreAllMocks());

  it("drops the shared-key notice of our overlapping dimension sets, logs others structured", () => {
    const lines: string[] = [];
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    const telemetry = createTelemetry("webhook", { env: {}, output: (l) => lines.push(l) });
    telemetry.emit({
      name: "WebhookDeliveries",
      unit: "Count",
      value: 1,
      dimensionSets: [{ outcome: "applied" }, { outcome: "applied", eventType: "user.created" }],
    });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.filter((r) => "level" in r)).toEqual([]);
    expect(metricLines(records, "WebhookDeliveries")).toHaveLength(1);

    // A dimension Powertools refuses (an empty value) is still said, as a log record.
    telemetry.emit({
      name: "WebhookDeliveries",
      unit: "Count",
      value: 1,
      dimensionSets: [{ outcome: "" }],
    });
    const warnings = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.level === "WARN");
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]?.message)).toMatch(/dimension outcome/);
    expect(warned).not.toHaveBeenCalled();
  });
});
