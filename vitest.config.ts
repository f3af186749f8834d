import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import solid from "vite-plugin-solid";

// Two projects. "worker": the Worker suite inside workerd with real local D1/R2/Queues/Durable
// Objects (migrations applied by test/support/setup.ts before each file); its globalSetup files start
// the Node-side servers (redis-server + Upstash-REST endpoint, media renderer, ffprobe helper,
// mock Newport AI, mock OpenAI-compatible LLM and embeddings/QStash APIs, a local web site) whose URLs become
// bindings. "web": the Solid client's stores and components in Node with happy-dom. "node": the
// Node-side local services' own tests (the transformers.js embeddings service).
// The Worker's npm dependencies, pre-bundled once per run by Vite's optimizer. The Cloudflare pool inlines
// every dependency and starts one runtime per test file, and each runtime fetched and evaluated ~380 of
// these modules one by one (drizzle-orm alone is 101): "setup" added up to 785 s over the 63 files. Bundled,
// it is 374 s, and the worker project took 296 s instead of 453 s (same machine, back to back). A package
// missing here still works, unbundled; list the specifiers the Worker imports (subpaths included).
const WORKER_DEPS = [
  "@hono/zod-openapi",
  "@hono/swagger-ui",
  "@mozilla/readability",
  "@upstash/qstash",
  "@upstash/ratelimit",
  "@upstash/redis/cloudflare",
  "drizzle-orm",
  "drizzle-orm/d1",
  "drizzle-orm/sqlite-core",
  "fflate",
  "groq-sdk",
  "hono",
  "hono/body-limit",
  "hono/cors",
  "hono/factory",
  "hono/http-exception",
  "hono/secure-headers",
  "hono/streaming",
  "hono/utils/http-status",
  "htmlparser2",
  "ipaddr.js",
  "jose",
  "linkedom/worker",
  "stemmer",
  "tinyld/light",
  "unpdf",
  "zod",
];

// Generated data modules (the 4 MB WordNet table, the 0.7 MB word vectors) get no source map in the worker project. Vite inlines
// each module's map with its full source into what every test file's runtime fetches, which doubled
// the table's size per file: 3.5 s of each file's setup went to it (one empty test file: 8.0 s → 4.6 s
// without the map). A stack trace into a data string has nothing to point at anyway.
const GENERATED_DATA = /\/worker\/shared\/(?:lexicon|word-vectors)-data\.ts$|\/node_modules\//;
const noMapForGeneratedData: Plugin = {
  name: "no-source-map-for-generated-data",
  enforce: "post",
  transform: (code, id) => (GENERATED_DATA.test(id) ? { code, map: { mappings: "" } } : undefined),
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations("worker/platform/db/migrations");
  return {
    test: {
      // vitest's default is one worker per core minus one, i.e. 1 on a 2-core CI box, which ran the 60
      // worker files one after another. Most of a file's time is waiting on workerd and the Node-side
      // servers, so 3 in parallel measured 247 s against 375 s with no change in results.
      maxWorkers: 3,
      projects: [
        {
          plugins: [
            noMapForGeneratedData,
            cloudflareTest(({ inject }) => ({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  JWT_SECRET: "test-secret-that-is-long-enough-for-hs256-signing",
                  // The suite registers many users from one "IP" and one user makes many calls: the
                  // limits are lifted here, and test/rate-limit.test.ts sets the real ones per request.
                  RATE_LIMIT_PER_MINUTE: "100000",
                  AUTH_RATE_LIMIT_PER_MINUTE: "100000",
                  PUBLIC_RATE_LIMIT_PER_MINUTE: "100000",
                  TEST_UPSTASH_URL: inject("upstashRestUrl"),
                  TEST_UPSTASH_DOWN_URL: inject("upstashRestDownUrl"),
                  TEST_UPSTASH_TOKEN: inject("upstashRestToken"),
                  // An upper bound, not a speed check: with 3 files at a time on 2 cores (and more work
                  // beside CI) a REST call to the local redis-server took over the production 1 s, the
                  // limiter failed open, and the rate-limit test saw 401 where it waits for 429.
                  UPSTASH_TIMEOUT_MS: "10000",
                  MEDIA_RENDERER_URL: inject("rendererUrl"),
                  TEST_PROBE_URL: inject("probeUrl"),
                  TEST_NEWPORT_URL: inject("newportUrl"),
                  TEST_MEDIA_SKIP: inject("mediaSkip"),
                  TEST_FIXTURES: inject("fixtures"),
                  MOCK_LLM_URL: inject<string>("llmUrl"),
                  TEST_MOCK_API_URL: inject("mockApiUrl"),
                  // A local web site for web-page imports; loopback fetches are allowed outside production only with this.
                  TEST_WEB_URL: inject("webPagesUrl"),
                  KNOWLEDGE_FETCH_ALLOW_LOOPBACK: "true",
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
            setupFiles: ["test/support/setup.ts"],
            deps: { optimizer: { ssr: { enabled: true, include: WORKER_DEPS } } },
            globalSetup: [
              "test/global/upstash-rest.ts",
              "test/global/media.mjs",
              "test/global/openai-mock.ts",
              "test/global/mock-apis.mjs",
              "test/global/web-pages.mjs",
            ],
            // An upper bound, not a speed check (speed lives in npm run bench): with 3 files at a time on 2
            // cores a cold isolate's first PDF parse (pdf.js) took 15–19 s where it takes 5 s alone.
            testTimeout: 45_000,
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
        {
          test: {
            name: "node",
            include: ["local-services/**/*.test.mjs", "scripts/**/*.test.mjs"],
            environment: "node",
            testTimeout: 30_000,
          },
        },
      ],
    },
  };
});
