import { describe, expect, it } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { apiGatewayEvent, clerkBody, functionUrlEvent } from "../../local/testing/webhooks";
import { createWebhookHandler, isTransient, MAX_BODY_BYTES } from "./app";
import { loadWebhookEnv } from "./config";
import type { MirrorStore } from "./mirror-store";

/** A store stub at the boundary: records what it is asked, answers as told. */
function stubStore(answer: () => Promise<"applied">) {
  const calls: Parameters<MirrorStore["applyDelivery"]>[0][] = [];
  const store: MirrorStore = {
    applyDelivery: (input) => {
      calls.push(input);
      return answer();
    },
    applyWrites: () => Promise.resolve(true),
    runCascade: () => Promise.resolve(0),
  };
  return { store, calls };
}

const body = clerkBody("user.created", {
  id: "user_1",
  first_name: "A",
  updated_at: 1,
  email_addresses: [],
});

describe("the webhook handler, with its store stubbed", () => {
  it("hands the verified, parsed event to the store with the receiving time", async () => {
    const { store, calls } = stubStore(() => Promise.resolve("applied"));
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      now: () => Date.UTC(2026, 10, 26),
      log: () => {},
    });
    const result = await handler(
      functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_1", body }),
    );
    expect(result.statusCode).toBe(200);
    expect(calls).toEqual([
      {
        svixId: "msg_1",
        parsed: expect.objectContaining({
          kind: "mirrored",
          type: "user.created",
          objectId: "user_1",
        }) as unknown,
        receivedAt: "2026-11-26T00:00:00.000Z",
        nowMs: Date.UTC(2026, 10, 26),
      },
    ]);
  });

  it("takes API Gateway's REST proxy event (payload 1.0), as deployed behind the WAF", async () => {
    const { store, calls } = stubStore(() => Promise.resolve("applied"));
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    const result = await handler(
      apiGatewayEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_rest",
        body,
        upperCaseHeaders: true,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(calls.map((c) => c.svixId)).toEqual(["msg_rest"]);
    const get = await handler(
      apiGatewayEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_get", body, method: "GET" }),
    );
    expect(get.statusCode).toBe(405);
  });

  it("refuses on the cheap checks first: svix headers, then the declared Content-Length", async () => {
    const { store, calls } = stubStore(() => Promise.resolve("applied"));
    const lines: string[] = [];
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: (line) => lines.push(line),
    });
    // Junk without svix headers is refused as such, whatever its size: the body is not
    // measured, decoded or verified.
    const junk = { ...functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_j", body }) };
    junk.headers = { "content-type": "text/plain" };
    junk.body = "x".repeat(MAX_BODY_BYTES + 1);
    expect(JSON.parse((await handler(junk)).body)).toMatchObject({
      error: { code: "missing_headers" },
    });
    // A declared length over the limit is refused before the body is looked at, even when
    // the body itself is small and validly signed.
    for (const length of [String(MAX_BODY_BYTES + 1), "99999999999999999999", "-1", "1e9"]) {
      const event = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_cl", body });
      event.headers["content-length"] = length;
      const result = await handler(event);
      expect(result.statusCode, length).toBe(413);
    }
    const honest = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_ok", body });
    honest.headers["content-length"] = String(Buffer.byteLength(body));
    expect((await handler(honest)).statusCode).toBe(200);
    expect(calls.map((c) => c.svixId)).toEqual(["msg_ok"]);
    // No signature check was spent on any refusal above.
    expect(lines.filter((l) => l.includes("webhook rejected"))).toEqual([]);
  });

  it("answers 503 for transient failures and 500 for anything else, naming no detail", async () => {
    const throttled = Object.assign(new Error("Rate exceeded for user_1"), {
      name: "ThrottlingException",
    });
    const bug = new TypeError("cannot read properties of undefined (user_1)");
    for (const [failure, status] of [
      [throttled, 503],
      [bug, 500],
    ] as const) {
      const lines: string[] = [];
      const { store } = stubStore(() => Promise.reject(failure));
      const handler = createWebhookHandler({
        signingSecret: TEST_WEBHOOK_SECRET,
        store,
        log: (l) => lines.push(l),
      });
      const result = await handler(
        functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_2", body }),
      );
      expect(result.statusCode).toBe(status);
      expect(result.body).not.toContain("user_1");
      expect(lines.join("\n")).toContain(failure.name);
      expect(lines.join("\n")).not.toContain(failure.message);
    }
  });

  it("takes a body of exactly 1 MB and refuses one byte more", async () => {
    const { store, calls } = stubStore(() => Promise.resolve("applied"));
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    const padded = (size: number) => {
      const base = JSON.stringify({ type: "x", data: {}, timestamp: 1, pad: "" });
      return base.replace('"pad":""', `"pad":"${"x".repeat(size - base.length)}"`);
    };
    const atLimit = await handler(
      functionUrlEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_3",
        body: padded(MAX_BODY_BYTES),
      }),
    );
    expect(atLimit.statusCode).toBe(200);
    const over = await handler(
      functionUrlEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_4",
        body: padded(MAX_BODY_BYTES + 1),
      }),
    );
    expect(over.statusCode).toBe(413);
    expect(calls).toHaveLength(1);
  });
});

describe("the webhook's direct end of live updates (the stream path is the retried one)", () => {
  const deleted = (type: string, id: string) =>
    clerkBody(type, { id, deleted: true, object: type.split(".")[0] });

  it("an applied org or user deletion ends the org's or the user's subscriptions", async () => {
    const { store } = stubStore(() => Promise.resolve("applied"));
    const targets: unknown[] = [];
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
      invalidateSubscriptions: (target) => {
        targets.push(target);
        return Promise.resolve();
      },
    });
    for (const [svixId, type, id] of [
      ["msg_org", "organization.deleted", "org_gone"],
      ["msg_user", "user.deleted", "user_gone"],
    ] as const) {
      const result = await handler(
        functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId, body: deleted(type, id) }),
      );
      expect(result.statusCode).toBe(200);
    }
    expect(targets).toEqual([
      { reach: "ORG", orgId: "org_gone" },
      { reach: "USER", userId: "user_gone" },
    ]);
  });

  it("a failed direct call is logged as a warning, and the delivery still succeeds", async () => {
    const { store } = stubStore(() => Promise.resolve("applied"));
    const lines: string[] = [];
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: (line) => lines.push(line),
      invalidateSubscriptions: () => Promise.reject(new Error("AppSync answered 503")),
    });
    const result = await handler(
      functionUrlEvent({
        secret: TEST_WEBHOOK_SECRET,
        svixId: "msg_org2",
        body: deleted("organization.deleted", "org_gone"),
      }),
    );
    expect(result.statusCode).toBe(200);
    const warning = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => String(entry.message).startsWith("live updates not ended directly"));
    expect(warning).toMatchObject({ level: "WARN", reach: "ORG", org_id: "org_gone" });
    expect(JSON.stringify(warning)).not.toContain("503");
  });
});

describe("malformed svix headers", () => {
  it.each([
    ["svix-timestamp", "yesterday"],
    ["svix-timestamp", "-1"],
    ["svix-signature", "v1"],
    ["svix-signature", "v2,abc v1,"],
    ["svix-id", "msg_other"],
  ])("%s = %j is a 400 that reaches no store", async (name, value) => {
    const { store, calls } = stubStore(() => Promise.resolve("applied"));
    const handler = createWebhookHandler({
      signingSecret: TEST_WEBHOOK_SECRET,
      store,
      log: () => {},
    });
    const event = functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_5", body });
    event.headers[name] = value;
    const result = await handler(event);
    expect(result.statusCode).toBe(400);
    expect(calls).toEqual([]);
  });
});

describe("isTransient", () => {
  it("knows throttling, conflicts, 5xx and network errors from the rest", () => {
    const named = (name: string) => Object.assign(new Error("x"), { name });
    expect(isTransient(named("ProvisionedThroughputExceededException"))).toBe(true);
    expect(isTransient(named("TransactionConflictException"))).toBe(true);
    expect(isTransient(Object.assign(new Error("x"), { $metadata: { httpStatusCode: 500 } }))).toBe(
      true,
    );
    expect(isTransient(Object.assign(new Error("fetch failed"), { code: "ECONNREFUSED" }))).toBe(
      true,
    );
    expect(isTransient(named("ValidationException"))).toBe(false);
    expect(isTransient(named("ResourceNotFoundException"))).toBe(false);
    expect(isTransient("nope")).toBe(false);
  });
});

describe("loadWebhookEnv", () => {
  it("needs the signing secret and table, and names what is wrong without echoing it", () => {
    expect(
      loadWebhookEnv({ CLERK_WEBHOOK_SIGNING_SECRET: TEST_WEBHOOK_SECRET, TABLE_NAME: "waypoint" }),
    ).toEqual({
      CLERK_WEBHOOK_SIGNING_SECRET: TEST_WEBHOOK_SECRET,
      TABLE_NAME: "waypoint",
    });
    let message = "";
    try {
      loadWebhookEnv({ CLERK_WEBHOOK_SIGNING_SECRET: "whsec_short", DYNAMODB_ENDPOINT: "nope" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /CLERK_WEBHOOK_SIGNING_SECRET[\s\S]*TABLE_NAME[\s\S]*DYNAMODB_ENDPOINT/,
    );
    expect(message).not.toContain("whsec_short");
  });
});
