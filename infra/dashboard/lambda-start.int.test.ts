/**
 * The package's start (lambda-start.mjs, shipped as start.mjs) against a stand-in for the
 * AWS Parameters and Secrets extension on loopback (its HTTP API: the session token header,
 * /secretsmanager/get, /systemsmanager/parameters/get): the secrets land in the server's
 * environment, and a start without them fails instead of serving.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const work = mkdtempSync(join(tmpdir(), "waypoint-start-"));
const TOKEN = "session-token";
const CLERK_ARN =
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-waypoint/dashboard/clerk-AbCdEf";
const ORIGIN_ARN =
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod-waypoint/dashboard/origin-AbCdEf";
const PARAMETER = "/prod-waypoint/dashboard/origin";

let secrets: Record<string, string> = {};
let extension: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  cpSync(fileURLToPath(new URL("./lambda-start.mjs", import.meta.url)), join(work, "start.mjs"));
  writeFileSync(join(work, "package.json"), '{ "type": "module" }');
  // A server.js that reports the environment it was started with.
  writeFileSync(
    join(work, "server.js"),
    `const pick = ["CLERK_SECRET_KEY", "WAYPOINT_ORIGIN_SECRET", "WAYPOINT_ORIGIN_SECRET_PREVIOUS", "CLERK_AUTHORIZED_PARTIES", "WAYPOINT_DASHBOARD_ORIGIN"];
console.log(JSON.stringify(Object.fromEntries(pick.map((k) => [k, process.env[k] ?? null]))));`,
  );
  extension = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    seen.push(url.pathname);
    if (request.headers["x-aws-parameters-secrets-token"] !== TOKEN) {
      response.writeHead(401).end();
      return;
    }
    if (url.pathname === "/secretsmanager/get") {
      const value = secrets[url.searchParams.get("secretId") ?? ""];
      if (value === undefined) response.writeHead(400).end("not found");
      else response.writeHead(200).end(JSON.stringify({ SecretString: value }));
      return;
    }
    if (
      url.pathname === "/systemsmanager/parameters/get" &&
      url.searchParams.get("name") === PARAMETER
    ) {
      response
        .writeHead(200)
        .end(JSON.stringify({ Parameter: { Value: "https://admin.example.com" } }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => extension.listen(0, "127.0.0.1", resolve));
  port = (extension.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => extension.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

function start(
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // Lambda sets no NODE_ENV, which Next's typings make required in ProcessEnv.
    const childEnv: Record<string, string | undefined> = {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
      ...env,
    };
    const child = spawn(process.execPath, ["start.mjs"], {
      cwd: work,
      env: childEnv as NodeJS.ProcessEnv,
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}

const AWS_ENV = {
  AWS_SESSION_TOKEN: TOKEN,
  WAYPOINT_CLERK_SECRET_ARN: CLERK_ARN,
  WAYPOINT_ORIGIN_SECRET_ARN: ORIGIN_ARN,
  WAYPOINT_DASHBOARD_ORIGIN_PARAMETER: PARAMETER,
};

describe("the package's start", () => {
  it("reads both secrets and the origin into the environment, then starts server.js", async () => {
    secrets = {
      [CLERK_ARN]: JSON.stringify({ CLERK_SECRET_KEY: "sk_live_abc" }),
      [ORIGIN_ARN]: JSON.stringify({ current: "new-value", previous: "old-value" }),
    };
    const { code, out } = await start(AWS_ENV);
    expect(code).toBe(0);
    expect(JSON.parse(out.trim())).toEqual({
      CLERK_SECRET_KEY: "sk_live_abc",
      WAYPOINT_ORIGIN_SECRET: "new-value",
      WAYPOINT_ORIGIN_SECRET_PREVIOUS: "old-value",
      CLERK_AUTHORIZED_PARTIES: "https://admin.example.com",
      WAYPOINT_DASHBOARD_ORIGIN: "https://admin.example.com",
    });
  });

  it("starts with the environment as it is when no secret is named (a local run)", async () => {
    const { code, out } = await start({ CLERK_SECRET_KEY: "sk_test_local" });
    expect(code).toBe(0);
    expect(JSON.parse(out.trim())).toMatchObject({ CLERK_SECRET_KEY: "sk_test_local" });
  });

  it("refuses to start while the Clerk secret holds no key, and says so without the value or the ARN", async () => {
    secrets = {
      [CLERK_ARN]: JSON.stringify({ note: "placeholder" }),
      [ORIGIN_ARN]: JSON.stringify({ current: "new-value", previous: "" }),
    };
    const { code, out, err } = await start(AWS_ENV);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain("the Clerk secret has no CLERK_SECRET_KEY yet");
    expect(err).not.toContain(CLERK_ARN);
    expect(err).not.toContain("new-value");
  });

  it("refuses to start when the extension refuses it (no session token: no secrets)", async () => {
    const { code, err } = await start({ ...AWS_ENV, AWS_SESSION_TOKEN: "wrong" });
    expect(code).toBe(1);
    expect(err).toContain("the secrets extension answered 401");
  });
});
