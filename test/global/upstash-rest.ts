// vitest globalSetup (runs in Node): a real redis-server behind the Upstash-REST endpoint, so the
// Upstash adapters are tested through @upstash/redis against Redis itself. A second endpoint whose
// redis-server is not running stands for "cache backend down".
import type { TestProject } from "vitest/node";
import { hasRedisServer, startRedisServer } from "../../local-services/upstash-rest/redis-process.mjs";
import { startUpstashRest } from "../../local-services/upstash-rest/server.mjs";

const TOKEN = "test-upstash-token";

declare module "vitest" {
  export interface ProvidedContext {
    upstashRestUrl: string;
    upstashRestDownUrl: string;
    upstashRestToken: string;
  }
}

export default async function setup({ provide }: TestProject) {
  provide("upstashRestToken", TOKEN);
  if (!hasRedisServer()) {
    console.warn("⚠ redis-server is not installed: the Upstash adapter tests are skipped (apt-get install redis-server).");
    provide("upstashRestUrl", "");
    provide("upstashRestDownUrl", "");
    return;
  }
  const redis = await startRedisServer(6390);
  let api, down;
  try {
    api = await startUpstashRest({ port: 8079, redisUrl: "redis://127.0.0.1:6390", token: TOKEN });
    // Nothing listens on 6391: this endpoint answers, but its Redis is down.
    down = await startUpstashRest({ port: 8080, redisUrl: "redis://127.0.0.1:6391", token: TOKEN });
  } catch (err) {
    await api?.close();
    await redis.stop();
    throw err;
  }
  provide("upstashRestUrl", api.url);
  provide("upstashRestDownUrl", down.url);
  return async () => {
    await api!.close();
    await down!.close();
    await redis.stop();
  };
}
