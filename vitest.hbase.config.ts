import { defineConfig } from "vitest/config";

// Suites that need a running HBase (make hbase-up); `make test-hbase` runs them.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.hbase.test.ts", "test/**/*.hbase.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
