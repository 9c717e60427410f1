/**
 * The admin commands as a person runs them: `npm run reconcile` and `npm run migrate`
 * against a local stack (a test issuer, DynamoDB Local), and the same commands refusing to
 * run on half a configuration when they target Clerk or AWS.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userTombstone } from "../core/mirror";
import type { Issuer } from "../local/issuer/server";
import { createTestTable } from "../local/testing/dynamodb";
import { startTestIssuer, TEST_SECRET_KEY } from "../local/testing/issuer";
import { mirrorReader } from "../local/testing/webhooks";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = promisify(execFile);

/** This process's environment without any variable the commands or the local stack read. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(CLERK_|ISSUER_|DYNAMODB_|AWS_|TABLE_NAME$|WAYPOINT_)/.test(name)) delete env[name];
  }
  // Set (blank is unset) so that a developer's .env cannot fill them in either.
  return { ...env, CLERK_SECRET_KEY: "", CLERK_API_URL: "", AWS_REGION: "", ...extra };
}

async function npm(script: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", script, "--", ...args], {
      cwd: root,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let table: Awaited<ReturnType<typeof createTestTable>>;
let issuer: Issuer;
beforeAll(async () => {
  table = await createTestTable("admin");
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer?.close();
  await table?.drop();
});

describe("npm run reconcile", { timeout: 60_000 }, () => {
  it("reads the local issuer into the local table with the stack's own variables", async () => {
    issuer.directory.createUser({ id: "user_cli", firstName: "Cli", email: "cli@x.test" });
    const result = await npm(
      "reconcile",
      [],
      cleanEnv({
        ISSUER_PORT: new URL(issuer.url).port,
        ISSUER_SECRET_KEY: TEST_SECRET_KEY,
        DYNAMODB_ENDPOINT: table.endpoint,
        TABLE_NAME: table.tableName,
      }),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `reconcile: reading the Backend API at ${issuer.url} into table "${table.tableName}"`,
    );
    expect(result.stdout).toMatch(
      /created 1, .* \(read 1 users, 0 orgs, 0 memberships, 0 invitations\)/,
    );
    const user = await mirrorReader(table.doc, table.tableName).user("user_cli");
    expect(user).toMatchObject({ id: "user_cli", firstName: "Cli" });
  });

  it("with CLERK_SECRET_KEY, takes nothing from the local stack, and never prints the key", async () => {
    const key = "sk_live_not-a-real-key-but-secret";
    const result = await npm(
      "reconcile",
      [],
      cleanEnv({ CLERK_SECRET_KEY: key, ISSUER_PORT: new URL(issuer.url).port }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^reconcile failed: invalid reconcile environment: TABLE_NAME: [^;]*$/,
    );
    expect(result.stdout + result.stderr).not.toContain(key);
  });
});

describe("npm run migrate", { timeout: 60_000 }, () => {
  it("makes the local table's tombstones permanent", async () => {
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...userTombstone("user_old", 5), expiresAt: 1_700_000_000 },
      }),
    );
    const result = await npm(
      "migrate",
      [],
      cleanEnv({ DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName }),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("migrate: done, 1 tombstones made permanent");
    const tombstone = await mirrorReader(table.doc, table.tableName).user("user_old");
    expect(tombstone).toMatchObject({ deleted: true });
    expect(tombstone).not.toHaveProperty("expiresAt");
  });

  it("with --aws, takes no local table: TABLE_NAME must be given", async () => {
    const result = await npm("migrate", ["--aws"], cleanEnv({ DYNAMODB_PORT: "8000" }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "migrate failed: invalid migrate environment: TABLE_NAME: Invalid input: expected string, received undefined",
    );
  });
});
