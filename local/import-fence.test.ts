/**
 * The "no local/ import" fence of eslint.config.mjs, run as ESLint runs it: production code
 * under lambdas/, api/, app/ and infra/ may not import the emulator; tests may.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const RULE = "@typescript-eslint/no-restricted-imports";

// The project's own config, without type information (the files below do not exist on
// disk, so the project service has none to give), and only the fence's rule.
const eslint = new ESLint({
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === RULE,
});

async function fenceMessages(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  // A parse error would hide the rule's silence: fail on it instead.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe("the local/ fence", { timeout: 60_000 }, () => {
  it("refuses local/ in production code, by any relative path or the @/ alias", async () => {
    const cases: [string, string][] = [
      ['import { loadLocalEnv } from "../../local/config";', "lambdas/webhook/x.ts"],
      ['import type { LocalEnv } from "../../local/config";', "lambdas/authorizer/x.ts"],
      ['export { startIssuer } from "../local/issuer/server";', "api/x.ts"],
      ['import { DEFAULT } from "./../../local/dashboard";', "infra/constructs/x.ts"],
      ['import { startIssuer } from "@/local/issuer/server";', "app/lib/x.ts"],
      ['import * as local from "../../../local";', "app/components/shell/x.tsx"],
    ];
    for (const [code, filePath] of cases) {
      const messages = await fenceMessages(code, filePath);
      expect(messages, `${filePath}: ${code}`).toHaveLength(1);
      expect(messages[0]).toContain("local/ is the emulator: production code may not import it");
    }
  });

  it("lets tests, e2e/, bench/ and local/ itself import it, and passes look-alikes", async () => {
    const code = 'import { startTestIssuer } from "../../local/testing/issuer";';
    for (const filePath of [
      "lambdas/webhook/x.test.ts",
      "lambdas/webhook/x.int.test.ts",
      "app/components/x.test.tsx",
      "e2e/x.spec.ts",
      "bench/x.ts",
      "scripts/x.ts",
      "local/x.ts",
    ]) {
      expect(await fenceMessages(code, filePath), filePath).toEqual([]);
    }
    for (const lookAlike of [
      'import { setSessionCookie } from "./local-cookie";',
      'import { x } from "@/app/lib/session/local-cookie";',
      'import { y } from "../locales/en";',
    ]) {
      expect(await fenceMessages(lookAlike, "app/lib/session/x.ts"), lookAlike).toEqual([]);
    }
  });
});
