import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

// Worker tests run inside workerd with real local D1/R2/Queues/Durable Objects;
// migrations are applied by test/setup.ts before each file. test/global-setup.mjs (Node)
// starts the local HTTP server that stands in for external APIs; its URL is a binding.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/db/migrations");
  return {
    plugins: [
      cloudflareTest((ctx) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-signing",
            TEST_MOCK_API_URL: ctx.inject("mockApiUrl"),
            // QStash push delivery is verified with these keys (tests sign with them).
            QSTASH_CURRENT_SIGNING_KEY: "sig_test_current_signing_key_0123456789",
            QSTASH_NEXT_SIGNING_KEY: "sig_test_next_signing_key_9876543210",
          },
        },
      })),
    ],
    test: {
      name: "worker",
      include: ["test/**/*.test.ts"],
      setupFiles: ["test/setup.ts"],
      globalSetup: ["test/global-setup.mjs"],
      testTimeout: 20_000,
    },
  };
});
