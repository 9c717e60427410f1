/**
 * `npm run bench:dashboard-cold`: process start → first `/milestones` 200 (signed in, rows
 * rendered) of the packaged dashboard, started as the Lambda Web Adapter starts it (`run.sh`
 * → start.mjs → Next's standalone server.js), against a bare `next start` of the same build
 * in the same run (the baseline). Median of 5 fresh processes each, alternated A/B so machine
 * drift hits both, after one warm-up of each (disk caches). Against the local stack, started
 * once, on free ports.
 *
 * Also reports the package's size: unzipped (Lambda's limit for a function and its layers is
 * 250 MB unzipped) and zipped (what is uploaded; `zip -r` like the CDK asset, deflate).
 *
 * The build is the tests' .next-test (scripts/dashboard-build.ts), built first when stale.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ORIGIN_SECRET_HEADER } from "../app/lib/origin-guard";
import { packageDashboard } from "../infra/dashboard/package";
import { REPO_ROOT } from "../infra/paths";
import { mintToken, graphql } from "../local/appsync/testing/client";
import { DEMO } from "../local/issuer/seed";
import { freePort } from "../local/dynamodb/launcher";
import { startDevStack, stopGroup } from "../local/testing/dev-process";
import { E2E_DIST_DIR, ensureTestBuild } from "../scripts/dashboard-build";
import { median, printVerdict } from "./lib/figures";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_RATIO = 1.2;
const LAMBDA_UNZIPPED_LIMIT_MB = 250;
const ORIGIN_SECRET = randomBytes(32).toString("base64url");
const SESSION_SECRET = randomBytes(32).toString("base64url");

type Kind = "packaged" | "next-start";

/** One fresh server process; resolves with ms from spawn to the first /milestones 200. */
async function coldStartMs(
  kind: Kind,
  options: { packageDir: string; port: number; env: Record<string, string>; cookie: string },
): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    PORT: String(options.port),
    HOSTNAME: "127.0.0.1",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  const nextBin = join(
    dirname(createRequire(join(REPO_ROOT, "package.json")).resolve("next/package.json")),
    "dist",
    "bin",
    "next",
  );
  const started = performance.now();
  const child =
    kind === "packaged"
      ? spawn("/bin/sh", [join(options.packageDir, "run.sh")], {
          cwd: options.packageDir,
          detached: true,
          stdio: "ignore",
          env,
        })
      : spawn(
          process.execPath,
          [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(options.port)],
          {
            cwd: REPO_ROOT,
            detached: true,
            stdio: "ignore",
            env: { ...env, WAYPOINT_NEXT_DIST_DIR: E2E_DIST_DIR },
          },
        );
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${options.port}/milestones`, {
          headers: { cookie: options.cookie, [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET },
          redirect: "manual",
        });
        const html = await response.text();
        if (response.status === 200 && html.includes("Bench milestone")) {
          return performance.now() - started;
        }
        if (response.status !== 200) throw new Error(`/milestones answered ${response.status}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("/milestones")) throw error;
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${kind}: no /milestones 200 in time`);
      if (child.exitCode !== null) throw new Error(`${kind}: exited before serving`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stopGroup(child);
  }
}

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

if (ensureTestBuild(REPO_ROOT, "bench:dashboard-cold") !== 0) process.exit(1);
const work = mkdtempSync(join(tmpdir(), "waypoint-bench-cold-"));
let stack: Awaited<ReturnType<typeof startDevStack>> | undefined;
try {
  const pkg = packageDashboard({
    projectDir: REPO_ROOT,
    distDir: E2E_DIST_DIR,
    outDir: join(work, "package"),
  });
  const unzipped = sizeOf(pkg.dir);
  const zipFile = join(work, "package.zip");
  const zip = spawnSync("zip", ["-qr", "-X", zipFile, "."], { cwd: pkg.dir });
  if (zip.status !== 0) throw new Error("zip failed (is the zip command installed?)");
  const zipped = statSync(zipFile).size;

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  stack = await startDevStack(join(work, "data"), {
    ISSUER_SEED: "1",
    ISSUER_WEBHOOK_URL: undefined,
    WAYPOINT_PERSIST: "0",
    ISSUER_AUTHORIZED_PARTY: origin,
  });
  const admin = DEMO.users.acmeAdmin.id;
  const acme = DEMO.orgs.acme.id;
  const token = await mintToken(stack.issuerUrl, { userId: admin, orgId: acme });
  // The seed reaches the table through the webhooks: until Ada's membership is mirrored,
  // the API refuses her.
  for (let attempt = 0; ; attempt++) {
    const created = await graphql(
      stack.apiUrl,
      token,
      "mutation ($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }",
      { input: { title: "Bench milestone" } },
    );
    if (!created.body.errors) break;
    if (attempt > 300) throw new Error(created.text);
    await new Promise((r) => setTimeout(r, 100));
  }
  const env = {
    WAYPOINT_AUTH_MODE: "local",
    WAYPOINT_ALLOW_LOCAL_AUTH: "1",
    WAYPOINT_SESSION_SECRET: SESSION_SECRET,
    WAYPOINT_API_URL: stack.apiUrl,
    WAYPOINT_ISSUER_URL: stack.issuerUrl,
    WAYPOINT_ORIGIN_SECRET: ORIGIN_SECRET,
  };

  // The session cookie, once: the same secret signs it for every process that follows.
  const signer = spawn("/bin/sh", [join(pkg.dir, "run.sh")], {
    cwd: pkg.dir,
    detached: true,
    stdio: "ignore",
    env: {
      PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      NODE_ENV: "production",
      ...env,
    },
  });
  let cookie = "";
  try {
    for (let i = 0; i < 600 && !cookie; i++) {
      try {
        const signIn = await fetch(`${origin}/api/local/sign-in`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin,
            [ORIGIN_SECRET_HEADER]: ORIGIN_SECRET,
          },
          body: JSON.stringify({ userId: admin, orgId: acme }),
          redirect: "manual",
        });
        cookie = signIn.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await stopGroup(signer);
  }
  if (!cookie) throw new Error("could not sign in");

  const options = { packageDir: pkg.dir, port, env, cookie };
  await coldStartMs("packaged", options); // warm-up
  await coldStartMs("next-start", options);
  const packaged: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    packaged.push(await coldStartMs("packaged", options));
    baseline.push(await coldStartMs("next-start", options));
  }
  const value = Math.round(median(packaged));
  const base = Math.round(median(baseline));
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  console.log(
    `packaged (run.sh → server.js) → /milestones 200 (ms): ${fmt(packaged)}   median ${value}`,
  );
  console.log(
    `next start, same build → /milestones 200 (ms):      ${fmt(baseline)}   median ${base}`,
  );
  console.log(
    `package: ${mb(unzipped)} MB unzipped (Lambda: ${LAMBDA_UNZIPPED_LIMIT_MB} MB with layers, ` +
      `${((unzipped / (LAMBDA_UNZIPPED_LIMIT_MB * 1024 * 1024)) * 100).toFixed(0)} % used), ` +
      `${mb(zipped)} MB zipped`,
  );
  printVerdict({
    bench: "dashboard-cold",
    metric: "median_ms_process_start_to_first_milestones_200",
    value,
    baseline: base,
    ratio: value / base,
    target: TARGET_RATIO,
    package_unzipped_mb: mb(unzipped),
    package_zip_mb: mb(zipped),
    lambda_unzipped_limit_mb: LAMBDA_UNZIPPED_LIMIT_MB,
  });
} finally {
  if (stack) await stopGroup(stack.child);
  rmSync(work, { recursive: true, force: true });
}
