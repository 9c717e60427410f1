/**
 * Key formats have one home, core/portable/keys.ts: no other production file may spell the
 * milestone, membership or audit key prefixes. Production code is everything git tracks
 * except tests (`*.test.ts(x)`), e2e, bench and docs. Test support in `local/testing/` counts
 * as production here: it builds its keys with core's builders like everything else.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const HOME = "core/portable/keys.ts";
const PREFIXES = ["MILESTONE#", "MEMBER#", "AUDIT#", "STATS#"];

const isProduction = (path: string) =>
  !/\.test\.tsx?$/.test(path) &&
  !/^(e2e|bench|docs)\//.test(path) &&
  !path.endsWith(".md") &&
  path !== HOME;

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((path) => path !== "" && /\.(ts|tsx|mts|mjs|js|json|graphql)$/.test(path));
}

describe("one home for key formats", () => {
  it("finds the key prefixes in core/portable/keys.ts (the search works)", () => {
    const home = readFileSync(join(ROOT, HOME), "utf8");
    for (const prefix of PREFIXES) expect(home).toContain(prefix);
  });

  it("finds them in no other production file", () => {
    const files = trackedFiles().filter(isProduction);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((path) => {
      const text = readFileSync(join(ROOT, path), "utf8");
      return PREFIXES.filter((prefix) => text.includes(prefix)).map((p) => `${path}: ${p}`);
    });
    expect(offenders).toEqual([]);
  });
});
