import type { Env as WorkerEnv } from "../worker/env";
import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** The Upstash-REST endpoint over redis-server ("" when redis-server is not installed). */
      TEST_UPSTASH_URL: string;
      /** An endpoint whose redis-server is down. */
      TEST_UPSTASH_DOWN_URL: string;
      TEST_UPSTASH_TOKEN: string;
    }
  }
}
