import type { Env as WorkerEnv } from "../worker/env";
import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      MOCK_LLM_URL: string;
    }
  }
}
