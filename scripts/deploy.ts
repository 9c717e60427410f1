/**
 * `npm run deploy -- -c stage=prod [-c name=value …] [cdk deploy options]`: the one deploy.
 *
 * 1. Reads the stage's configuration exactly as the CDK app will (cdk.json + `-c`), with
 *    `requireClerk`, so a missing Clerk setting fails here, before anything is built.
 * 2. Builds the dashboard once: `next build` in Clerk mode with `output: "standalone"` into
 *    its own folder (.next-deploy), the publishable key inlined, the custom domain (if any)
 *    as a server-action origin. No secret is in the build's environment.
 * 3. `cdk deploy --all` with that build: CDK orders the stacks by their references — data,
 *    then api, then dashboard (it reads the API's URL).
 */
import { spawnSync } from "node:child_process";
import { ConfigError, loadWaypointConfig } from "../infra/config";
import { cdkJsonContext } from "../infra/testing/synth";
import { contextArgs } from "./deploy-args";

/** Where the deploy's build goes: apart from .next (dev) and .next-test (tests). */
export const DEPLOY_DIST_DIR = ".next-deploy";

function run(command: string, args: string[], env: Record<string, string>): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function main(): void {
  const args = process.argv.slice(2);
  const context = {
    ...cdkJsonContext(),
    ...contextArgs(args),
    requireClerk: "true",
    dashboardBuild: DEPLOY_DIST_DIR,
  };
  let config;
  try {
    config = loadWaypointConfig((key) => context[key as keyof typeof context]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  console.log(
    `deploy: building the dashboard for ${config.stage} (next build → ${DEPLOY_DIST_DIR})`,
  );
  run("npx", ["next", "build"], {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    WAYPOINT_NEXT_DIST_DIR: DEPLOY_DIST_DIR,
    WAYPOINT_AUTH_MODE: "clerk",
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: config.dashboard.publishableKey ?? "",
    WAYPOINT_SERVER_ACTIONS_ALLOWED_ORIGINS: config.dashboard.domain?.name ?? "",
  });
  console.log("deploy: data, api, dashboard (cdk deploy --all, in dependency order)");
  run(
    "npx",
    [
      "cdk",
      "deploy",
      "--all",
      "--no-notices",
      "-c",
      "requireClerk=true",
      "-c",
      `dashboardBuild=${DEPLOY_DIST_DIR}`,
      ...args,
    ],
    { CDK_DISABLE_CLI_TELEMETRY: "true", CDK_DISABLE_VERSION_CHECK: "1" },
  );
}

main();
