import type { Env as WorkerEnv } from "../worker/env";
import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** Base URL of the local stand-in for external HTTP APIs (test/global-setup.ts). */
      TEST_MOCK_API_URL: string;
    }
  }
}
