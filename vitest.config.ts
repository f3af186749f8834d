import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";

// Worker tests run inside workerd with real local D1/R2/Queues/Durable Objects;
// migrations are applied by test/setup.ts before each file. test/global-setup.mjs starts the
// Node-side servers (media renderer, ffprobe helper, mock Newport AI) whose URLs become bindings.
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
            MEDIA_RENDERER_URL: ctx.inject("rendererUrl"),
            TEST_PROBE_URL: ctx.inject("probeUrl"),
            TEST_NEWPORT_URL: ctx.inject("newportUrl"),
            TEST_MEDIA_SKIP: ctx.inject("mediaSkip"),
            TEST_FIXTURES: ctx.inject("fixtures"),
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
