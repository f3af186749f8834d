import type { Env as WorkerEnv } from "../worker/env";
import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** Node-side helpers started by test/global-setup.mjs. */
      TEST_PROBE_URL: string;
      TEST_NEWPORT_URL: string;
      /** Why renderer-backed tests skip ("" when ffmpeg and espeak-ng are present). */
      TEST_MEDIA_SKIP: string;
      /** Base64 media fixtures made with ffmpeg. */
      TEST_FIXTURES: { video: string; photo: string; noFace: string };
      /** The Upstash-REST endpoint over redis-server ("" when redis-server is not installed). */
      TEST_UPSTASH_URL: string;
      /** An endpoint whose redis-server is down. */
      TEST_UPSTASH_DOWN_URL: string;
      TEST_UPSTASH_TOKEN: string;
      MOCK_LLM_URL: string;
      /** Base URL of the local stand-in for external HTTP APIs (test/global-setup.ts). */
      TEST_MOCK_API_URL: string;
      /** The local web site web-page imports fetch (test/global/web-pages.mjs). */
      TEST_WEB_URL: string;
    }
  }
}

declare module "vitest" {
  interface ProvidedContext {
    webPagesUrl: string;
    rendererUrl: string;
    probeUrl: string;
    newportUrl: string;
    mediaSkip: string;
    fixtures: { video: string; photo: string; noFace: string };
  }
}
