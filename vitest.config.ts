import { defineConfig } from "vitest/config";

// Two layers: unit (no I/O: core and pure helpers) and integration (real DynamoDB Local,
// real HTTP on loopback). The e2e layer runs under Playwright, not here.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", "e2e/**", ".data/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".data/**"],
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
