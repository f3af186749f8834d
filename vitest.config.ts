import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import solid from "vite-plugin-solid";

// Two projects: the Worker suite runs inside workerd with real local D1/R2/Queues/Durable Objects
// (migrations applied by test/setup.ts before each file); the web suite runs the Solid client's
// stores and components in Node with happy-dom.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/db/migrations");
  return {
    test: {
      projects: [
        {
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
        },
        {
          plugins: [solid()],
          resolve: { conditions: ["development", "browser"] },
          test: {
            name: "web",
            root: "./web",
            include: ["test/**/*.test.{ts,tsx}"],
            environment: "happy-dom",
            setupFiles: ["test/setup.ts"],
          },
        },
      ],
    },
  };
});
