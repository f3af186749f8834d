import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

// Worker tests run inside workerd with real local D1/R2/Queues/Durable Objects;
// migrations are applied by test/setup.ts before each file.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/db/migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-signing",
          },
        },
      }),
    ],
    test: {
      name: "worker",
      include: ["test/**/*.test.ts"],
      setupFiles: ["test/setup.ts"],
      testTimeout: 20_000,
    },
  };
});
