import { describe, expect, it } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../../local/testing/issuer";
import { clerkBody, functionUrlEvent } from "../../local/testing/webhooks";
import { createWebhookHandler } from "./app";
import { loadWebhookEnv } from "./config";
import type { MirrorStore } from "./mirror-store";
import { createSecretsExtensionLoader, SigningSecretUnavailableError } from "./signing-secret";

const ARN =
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-waypoint/clerk-webhook-AbCdEf";

/** A fake extension endpoint: records each request, answers from a script. */
function fakeExtension(answers: (() => Response | Promise<Response>)[]) {
  const requests: { url: string; token: string | null }[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    requests.push({
      url: input instanceof Request ? input.url : input.toString(),
      token: new Headers(init?.headers).get("x-aws-parameters-secrets-token"),
    });
    const next = answers.shift();
    if (!next) throw new Error("unexpected request");
    return Promise.resolve(next());
  };
  return { fetch, requests };
}

const secretResponse = (value: unknown) =>
  new Response(JSON.stringify({ ARN, Name: "x", SecretString: value }), { status: 200 });

describe("createSecretsExtensionLoader", () => {
  it("reads the secret once, with the session token, and keeps it", async () => {
    const extension = fakeExtension([() => secretResponse(TEST_WEBHOOK_SECRET)]);
    const load = createSecretsExtensionLoader({
      secretId: ARN,
      sessionToken: "session-token",
      port: 2773,
      fetch: extension.fetch,
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect([a, b, await load()]).toEqual([
      TEST_WEBHOOK_SECRET,
      TEST_WEBHOOK_SECRET,
      TEST_WEBHOOK_SECRET,
    ]);
    expect(extension.requests).toEqual([
      {
        url: `http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(ARN)}`,
        token: "session-token",
      },
    ]);
  });

  it("keeps no failure: an error answer, an unreachable extension or a placeholder value is read again next time", async () => {
    const extension = fakeExtension([
      () => new Response("not ready", { status: 400 }),
      () => Promise.reject(new TypeError("fetch failed")),
      () => secretResponse("Xk3/generated-by-cloudformation-placeholder"),
      () => secretResponse(TEST_WEBHOOK_SECRET),
    ]);
    const load = createSecretsExtensionLoader({
      secretId: ARN,
      sessionToken: "t",
      fetch: extension.fetch,
    });
    await expect(load()).rejects.toThrow(/extension answered 400/);
    await expect(load()).rejects.toThrow(/extension unreachable \(TypeError\)/);
    const placeholder = await load().catch((error: unknown) => error);
    expect(placeholder).toBeInstanceOf(SigningSecretUnavailableError);
    expect(String(placeholder)).not.toContain("placeholder");
    await expect(load()).resolves.toBe(TEST_WEBHOOK_SECRET);
    expect(extension.requests).toHaveLength(4);
  });

  it("refuses to ask without a session token", async () => {
    const load = createSecretsExtensionLoader({ secretId: ARN, sessionToken: undefined });
    await expect(load()).rejects.toThrow(/AWS_SESSION_TOKEN/);
  });
});

describe("the webhook handler with a loaded signing secret", () => {
  const body = clerkBody("user.created", {
    id: "user_1",
    first_name: "A",
    updated_at: 1,
    email_addresses: [],
  });
  const store: MirrorStore = {
    applyDelivery: () => Promise.resolve("applied"),
    applyWrites: () => Promise.resolve(true),
    runCascade: () => Promise.resolve(0),
  };

  it("answers 503 while the secret cannot be had, then verifies with it, loading it once", async () => {
    let calls = 0;
    const lines: string[] = [];
    const handler = createWebhookHandler({
      signingSecret: () => {
        calls++;
        return calls === 1
          ? Promise.reject(new SigningSecretUnavailableError("extension answered 400"))
          : Promise.resolve(TEST_WEBHOOK_SECRET);
      },
      store,
      log: (line) => lines.push(line),
    });
    const event = () => functionUrlEvent({ secret: TEST_WEBHOOK_SECRET, svixId: "msg_1", body });
    expect((await handler(event())).statusCode).toBe(503);
    expect((await handler(event())).statusCode).toBe(200);
    expect((await handler(event())).statusCode).toBe(200);
    expect(calls).toBe(2);
    expect(lines.join("\n")).toMatch(/signing secret unavailable: extension answered 400/);
  });
});

describe("loadWebhookEnv: where the signing secret comes from", () => {
  it("takes the secret's ARN instead of the secret, never both or neither", () => {
    expect(loadWebhookEnv({ CLERK_WEBHOOK_SECRET_ARN: ARN, TABLE_NAME: "prod-waypoint" })).toEqual({
      CLERK_WEBHOOK_SECRET_ARN: ARN,
      TABLE_NAME: "prod-waypoint",
    });
    expect(() =>
      loadWebhookEnv({
        CLERK_WEBHOOK_SECRET_ARN: ARN,
        CLERK_WEBHOOK_SIGNING_SECRET: TEST_WEBHOOK_SECRET,
        TABLE_NAME: "waypoint",
      }),
    ).toThrow(/exactly one/);
    expect(() => loadWebhookEnv({ TABLE_NAME: "waypoint" })).toThrow(/exactly one/);
    expect(() =>
      loadWebhookEnv({ CLERK_WEBHOOK_SECRET_ARN: "prod-secret", TABLE_NAME: "waypoint" }),
    ).toThrow(/CLERK_WEBHOOK_SECRET_ARN: expected a secret ARN/);
  });

  it('takes a blank variable as unset (a stack that passes CLERK_WEBHOOK_SIGNING_SECRET="")', () => {
    expect(
      loadWebhookEnv({
        CLERK_WEBHOOK_SECRET_ARN: ARN,
        CLERK_WEBHOOK_SIGNING_SECRET: "",
        DYNAMODB_ENDPOINT: " ",
        TABLE_NAME: "prod-waypoint",
      }),
    ).toEqual({ CLERK_WEBHOOK_SECRET_ARN: ARN, TABLE_NAME: "prod-waypoint" });
    expect(() =>
      loadWebhookEnv({ CLERK_WEBHOOK_SIGNING_SECRET: " ", TABLE_NAME: "waypoint" }),
    ).toThrow(/^invalid webhook environment: CLERK_WEBHOOK_SIGNING_SECRET: set exactly one/);
    expect(() => loadWebhookEnv({ CLERK_WEBHOOK_SECRET_ARN: ARN, TABLE_NAME: "" })).toThrow(
      /^invalid webhook environment: TABLE_NAME: /,
    );
  });
});
