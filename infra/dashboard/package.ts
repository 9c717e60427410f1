/**
 * The dashboard's Lambda package, made from a `next build` with `output: "standalone"`: the
 * one function the CDK construct ships and the packaged-server test and benchmark start, so
 * what is tested is what is deployed.
 *
 * Next's standalone folder holds `server.js` and the traced node_modules but, by design, not
 * the build's static files nor public/ (a CDN is expected to serve them). The package adds
 * them, so the same folder also serves on its own (the test, a Function URL hit directly),
 * plus what the AWS Lambda Web Adapter runs as the function's handler:
 *
 * - `run.sh` — the handler. With `AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap` the adapter's
 *   bootstrap execs it; it starts the server on `PORT` and the adapter proxies Lambda's
 *   events to it (docs: awslabs.github.io/aws-lambda-web-adapter, "Zip Packages").
 * - `start.mjs` — reads the dashboard's secrets into the environment before Next's server
 *   loads (lambda-start.mjs), then imports `server.js` unchanged.
 */
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** What `packageDashboard` made. */
export interface DashboardPackage {
  /** The Lambda code folder: `run.sh` at its root. */
  dir: string;
  /** Where `server.js` (and `start.mjs`) are, inside `dir` (the app's folder in the trace). */
  appDir: string;
  /** The build's hashed assets, to be served at `/_next/static/`. */
  staticDir: string;
  /** public/'s files, to be served at `/`; undefined when the project has none. */
  publicDir: string | undefined;
}

export interface PackageOptions {
  /** The project root (where next.config.mjs and public/ are). */
  projectDir: string;
  /** The build's output folder (`.next`, `.next-test`, or a fixture), absolute or relative to projectDir. */
  distDir: string;
  /** An empty or disposable folder to write the package into (emptied first). */
  outDir: string;
}

/** The part of `required-server-files.json` the package needs. */
const requiredServerFiles = z.object({
  /** The app's folder relative to the tracing root (where server.js lands in standalone/). */
  relativeAppDir: z.string().default(""),
  config: z.object({ distDir: z.string() }),
});

const START_SCRIPT = fileURLToPath(new URL("./lambda-start.mjs", import.meta.url));

/**
 * The handler script. The runtime starts it with the function's environment (PORT and
 * HOSTNAME among it: Next's server binds where they say, the adapter calls that port);
 * `exec`, so that the adapter's SIGTERM at shutdown reaches Node.
 */
function runScript(appDir: string): string {
  const dir = appDir === "" ? '"$(dirname "$0")"' : `"$(dirname "$0")/${appDir}"`;
  return [
    "#!/bin/sh",
    "# The Lambda handler: AWS Lambda Web Adapter runs it (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap).",
    "set -e",
    `cd ${dir}`,
    "exec node start.mjs",
    "",
  ].join("\n");
}

export function packageDashboard(options: PackageOptions): DashboardPackage {
  const distDir = resolve(options.projectDir, options.distDir);
  const standalone = join(distDir, "standalone");
  const manifestFile = join(distDir, "required-server-files.json");
  if (!existsSync(join(standalone)) || !existsSync(manifestFile)) {
    throw new Error(
      `${options.distDir} has no standalone build: run \`next build\` with output "standalone" first`,
    );
  }
  const manifest = requiredServerFiles.parse(JSON.parse(readFileSync(manifestFile, "utf8")));
  const appDir = manifest.relativeAppDir;
  // Inside standalone/, the build folder keeps the name Next was configured with.
  const distName = basename(manifest.config.distDir);

  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(dirname(options.outDir), { recursive: true });
  cpSync(standalone, options.outDir, { recursive: true, verbatimSymlinks: true });
  const app = join(options.outDir, appDir);
  if (!existsSync(join(app, "server.js"))) {
    throw new Error(`the standalone build has no server.js in ${appDir || "its root"}`);
  }
  const staticDir = join(app, distName, "static");
  cpSync(join(distDir, "static"), staticDir, { recursive: true });
  const publicSource = join(options.projectDir, "public");
  let publicDir: string | undefined;
  if (existsSync(publicSource)) {
    publicDir = join(app, "public");
    cpSync(publicSource, publicDir, { recursive: true });
  }
  // The build's dev-only and cache folders are not needed at run time.
  rmSync(join(app, distName, "cache"), { recursive: true, force: true });
  cpSync(START_SCRIPT, join(app, "start.mjs"));
  const run = join(options.outDir, "run.sh");
  writeFileSync(run, runScript(appDir));
  chmodSync(run, 0o755);
  return { dir: options.outDir, appDir: app, staticDir, publicDir };
}

/** For the report and the benchmark: the package's files, relative to its root. */
export function packageRelative(pkg: DashboardPackage, path: string): string {
  return relative(pkg.dir, path);
}
