import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

// Worker tests run inside workerd with real local D1/R2/Queues/Durable Objects;
// migrations are applied by test/setup.ts before each file.
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
            // The OpenAI-compatible mock started by test/global-setup.ts (Node).
            MOCK_LLM_URL: ctx.inject<string>("llmUrl"),
          },
        },
      })),
    ],
    test: {
      name: "worker",
      include: ["test/**/*.test.ts"],
      setupFiles: ["test/setup.ts"],
      globalSetup: ["test/global-setup.ts"],
      testTimeout: 20_000,
    },
  };
});
