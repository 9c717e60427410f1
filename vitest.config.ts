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
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".data/**", ".next/**"],
          environment: "node",
          globalSetup: ["./local/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: one DynamoDB Local JVM shared by the files, which run in parallel.
          fileParallelism: true,
        },
      },
    ],
  },
});
