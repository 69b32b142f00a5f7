import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "services/*/src/**/*.test.ts", "test/**/*.test.ts"],
    // Suites that need a running HBase run in `make test-hbase` (vitest.hbase.config.ts).
    exclude: ["**/node_modules/**", "**/*.hbase.test.ts"],
    // End-to-end suites start real processes; they get their own generous timeouts.
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Suites that start services bind fixed-free ports; keep files in separate forks.
    pool: "forks",
  },
});
