import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../paths";
import { FIXTURE_BUILD } from "../stacks/dashboard-stack";
import { packageDashboard } from "./package";

const work = mkdtempSync(join(tmpdir(), "waypoint-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("packageDashboard", () => {
  it("adds the static files, the handler script and the start to the standalone server", () => {
    const pkg = packageDashboard({
      projectDir: REPO_ROOT,
      distDir: FIXTURE_BUILD,
      outDir: join(work, "a"),
    });
    expect(pkg.appDir).toBe(pkg.dir);
    expect(existsSync(join(pkg.dir, "server.js"))).toBe(true);
    expect(pkg.staticDir).toBe(join(pkg.dir, ".next", "static"));
    expect(
      readFileSync(join(pkg.staticDir, "chunks", "main-0123456789abcdef.js"), "utf8"),
    ).toContain("fixture");
    // The project has no public/ folder today.
    expect(pkg.publicDir).toBeUndefined();
    const run = join(pkg.dir, "run.sh");
    expect(statSync(run).mode & 0o755).toBe(0o755);
    expect(readFileSync(run, "utf8")).toBe(
      [
        "#!/bin/sh",
        "# The Lambda handler: AWS Lambda Web Adapter runs it (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap).",
        "set -e",
        'cd "$(dirname "$0")"',
        "exec node start.mjs",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(pkg.dir, "start.mjs"), "utf8")).toContain(
      'await import("./server.js")',
    );
  });

  it("empties the output folder first", () => {
    const outDir = join(work, "b");
    packageDashboard({ projectDir: REPO_ROOT, distDir: FIXTURE_BUILD, outDir });
    rmSync(join(outDir, "server.js"));
    packageDashboard({ projectDir: REPO_ROOT, distDir: FIXTURE_BUILD, outDir });
    expect(existsSync(join(outDir, "server.js"))).toBe(true);
  });

  it("refuses a build without a standalone server, naming what to do", () => {
    expect(() =>
      packageDashboard({ projectDir: REPO_ROOT, distDir: "infra", outDir: join(work, "c") }),
    ).toThrow(/no standalone build: run `next build` with output "standalone" first/);
  });
});
