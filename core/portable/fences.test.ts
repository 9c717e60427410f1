/**
 * The lint fences of eslint.config.mjs, shown to fail on deliberate violations: ESLint run
 * programmatically on small snippets placed (by filePath) inside the fenced folders. The
 * paths are real files, so the type-aware rules see them as part of the project; the text
 * linted is the snippet, never the file on disk.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function rulesFired(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const PORTABLE = "core/portable/key-part.ts";
const RESOLVER = "api/resolvers/Query.me.table.ts";
const CLIENT = "app/components/milestones/status.tsx";

// The first lint builds the TypeScript program for type-aware rules: tens of seconds on a busy machine.
describe("lint fences", { timeout: 180_000 }, () => {
  it("passes the portable part's own code (the baseline the violations are measured against)", async () => {
    const ok = "export const isShort = (v: string): boolean => v.length < 3;\n";
    expect(await rulesFired(ok, PORTABLE)).toEqual([]);
  });

  it.each([
    [
      "try/catch",
      "export function f(): number {\n  try {\n    return 1;\n  } catch {\n    return 2;\n  }\n}\n",
      "@aws-appsync/no-try",
    ],
    ["a class", "export class K {\n  n = 1;\n}\n", "@aws-appsync/no-classes"],
    [
      "a classic for loop",
      "export function f(): number {\n  let n = 0;\n  for (let i = 0; i < 3; i += 1) n += i;\n  return n;\n}\n",
      "@aws-appsync/no-for",
    ],
    [
      "a while loop",
      "export function f(): number {\n  let n = 0;\n  while (n < 3) n += 1;\n  return n;\n}\n",
      "@aws-appsync/no-while",
    ],
    [
      "a regex literal",
      "export const ok = (v: string): boolean => /^a+$/.test(v);\n",
      "@aws-appsync/no-regex",
    ],
    [
      "async",
      "export async function f(): Promise<number> {\n  return Promise.resolve(1);\n}\n",
      "@aws-appsync/no-async",
    ],
  ])("refuses %s in core/portable (APPSYNC_JS rules)", async (_name, code, rule) => {
    expect(await rulesFired(code, PORTABLE)).toContain(rule);
  });

  it("refuses an import of the Node-only core, or of zod, in core/portable", async () => {
    expect(
      await rulesFired('import { keys } from "../table";\nexport const k = keys;\n', PORTABLE),
    ).toContain("no-restricted-imports");
    expect(
      await rulesFired('import { z } from "zod";\nexport const s = z.string();\n', PORTABLE),
    ).toContain("no-restricted-imports");
  });

  it("refuses a resolver importing core/milestone.ts, and allows core/portable", async () => {
    const bad =
      'import { milestoneCreateSchema } from "../../core/milestone";\nexport const s = milestoneCreateSchema;\n';
    const good =
      'import { MILESTONE_LIMITS } from "../../core/portable/milestone";\nexport const m = MILESTONE_LIMITS.titleMax;\n';
    expect(await rulesFired(bad, RESOLVER)).toContain("no-restricted-imports");
    expect(await rulesFired(good, RESOLVER)).not.toContain("no-restricted-imports");
  });

  it("refuses a client component importing core/table.ts (alias or relative path)", async () => {
    const alias = '"use client";\nimport { TABLE } from "@/core/table";\nexport const t = TABLE;\n';
    const relative =
      '"use client";\nimport { TABLE } from "../../../core/table";\nexport const t = TABLE;\n';
    expect(await rulesFired(alias, CLIENT)).toContain("no-restricted-imports");
    expect(await rulesFired(relative, CLIENT)).toContain("no-restricted-imports");
  });
});
