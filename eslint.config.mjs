// Flat, type-aware ESLint config: typescript-eslint's type-checked rules everywhere,
// Next.js rules for the dashboard, Prettier owns formatting.
import appsync from "@aws-appsync/eslint-plugin";
import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".data/",
      ".cache/",
      ".next/",
      ".next-test/",
      ".next-deploy/",
      "next-env.d.ts",
      "cdk.out/",
      "test-results/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/ban-ts-comment": [
        "error",
        { "ts-expect-error": "allow-with-description" },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-console": "off",
    },
  },
  {
    // Plain JS config files are not part of the TypeScript program.
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    extends: [...nextVitals],
    settings: { next: { rootDir: "." } },
  },
  {
    // core/ is the framework-free domain: no I/O, no framework, no SDK.
    files: ["core/**/*.ts"],
    ignores: ["core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:*",
                "fs",
                "http",
                "https",
                "net",
                "child_process",
                "path",
                "os",
                "crypto",
              ],
              message: "core/ does no I/O.",
            },
            {
              group: [
                "next",
                "next/*",
                "react",
                "react-*",
                "@clerk/*",
                "@aws-sdk/*",
                "aws-cdk-lib",
                "aws-cdk-lib/*",
                "svix",
                "jose",
              ],
              message: "core/ imports no framework or SDK.",
            },
          ],
        },
      ],
    },
  },
  {
    // APPSYNC_JS resolver and function code: only what AppSync's runtime supports (no
    // try/catch, classes, classic for loops, regex literals, async…). Checked statically
    // here; the local runtime enforces what can only be caught when the code runs.
    // core/portable/ is bundled into them, so it is held to the same rules.
    files: [
      "api/resolvers/**/*.ts",
      "local/appsync/testing/resolvers/**/*.ts",
      "core/portable/**/*.ts",
    ],
    ignores: ["**/*.test.ts"],
    ...appsync.configs.recommended,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // core/portable/ runs everywhere (APPSYNC_JS, the browser, Node): it imports only its own
    // modules, never the Node-only core (zod at load, classes, throw) nor any package.
    files: ["core/portable/**/*.ts"],
    ignores: ["core/portable/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!\\./)",
              message:
                "core/portable/ imports only its own modules (./…): it must run in APPSYNC_JS.",
            },
          ],
        },
      ],
    },
  },
  {
    // The resolvers and the client components take from core/ only its portable part: the
    // rest needs Node (zod built at load, classes, throw) and would not run in APPSYNC_JS,
    // or would ship zod to the browser.
    files: ["api/resolvers/**/*.ts", "app/components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)core/(?!portable/)",
              message: "Import core/portable/ only: the rest of core/ is Node-only.",
            },
          ],
        },
      ],
    },
  },
  {
    // The emulator stays out of what deploys: lambdas/, api/, app/ and infra/ import nothing
    // from local/ (its defaults and fakes must never reach production). Tests, e2e/ and
    // bench/ may: they drive the local stack. Relative paths (`../local/x`, `../../local`,
    // `./../local/x`) and the `@/local/…` alias alike. (A `..` path to another folder named
    // `local` matches too; there is none under these roots but app/api/local's routes, which
    // nothing imports.) Its own rule, @typescript-eslint/no-restricted-imports: the same rule
    // set by two config blocks for one file does not merge (the later replaces it), so this
    // fence stays whole beside the other fences' no-restricted-imports. Checked by
    // local/import-fence.test.ts.
    files: [
      "lambdas/**/*.{ts,tsx,mts}",
      "api/**/*.{ts,tsx,mts}",
      "app/**/*.{ts,tsx,mts}",
      "infra/**/*.{ts,tsx,mts}",
    ],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "**/*.int.test.ts", "e2e/**", "bench/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?:\\.{1,2}/)*\\.\\./local(?:/.*)?$",
              message:
                "local/ is the emulator: production code may not import it (docs/local-stack.md).",
            },
            {
              regex: "^@/local(?:/.*)?$",
              message:
                "local/ is the emulator: production code may not import it (docs/local-stack.md).",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
