import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// The dashboard's "@/…" imports (tsconfig paths) and its server-only guard, which would
// throw outside Next's server bundler.
const resolve = {
  alias: [
    { find: /^@\//, replacement: `${root}/` },
    { find: /^server-only$/, replacement: `${root}/app/lib/testing/server-only-stub.ts` },
  ],
};

/** Shared by the two integration projects (see below). */
const integration = {
  exclude: ["node_modules/**", "e2e/**", ".data/**", ".next/**"],
  environment: "node" as const,
  globalSetup: ["./local/testing/global-setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Two cores: one DynamoDB Local JVM shared by the files, which run in parallel.
  fileParallelism: true,
};
const RUN_ALONE = ["lambdas/cleanup/org-cleanup.int.test.ts", "lambdas/webhook/chaos.int.test.ts"];

// Three layers: unit (no I/O: core and pure helpers), component (React components in
// jsdom) and integration (real DynamoDB Local, real HTTP on loopback). The e2e layer runs
// under Playwright, not here.
export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".data/**", ".next/**"],
          environment: "node",
        },
      },
      {
        resolve,
        test: {
          name: "component",
          include: ["**/*.test.tsx"],
          exclude: ["node_modules/**", "e2e/**", ".data/**", ".next/**"],
          environment: "jsdom",
          setupFiles: ["./app/lib/testing/component-setup.ts"],
        },
      },
      {
        resolve,
        test: {
          ...integration,
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: [...integration.exclude, ...RUN_ALONE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve,
        test: {
          ...integration,
          // After the rest, on a DynamoDB Local of their own: the two files that load it
          // hardest (12,000 items through the cleanup; the chaos history and its replays).
          // Beside them the other files' JVM answered so slowly that the issuer retried its
          // deliveries and the reconcile test met a history it was not written for.
          name: "integration-alone",
          include: RUN_ALONE,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
