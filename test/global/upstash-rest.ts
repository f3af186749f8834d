// vitest globalSetup (runs in Node): a real redis-server behind the Upstash-REST endpoint, so the
// Upstash adapters are tested through @upstash/redis against Redis itself. A second endpoint whose
// redis-server is not running stands for "cache backend down".
import type { TestProject } from "vitest/node";
import { hasRedisServer, startRedisServer } from "../../local-services/upstash-rest/redis-process.mjs";
import { startUpstashRest } from "../../local-services/upstash-rest/server.mjs";
import { freePort } from "../support/free-port.mjs";

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
  const [redisPort, deadRedisPort, apiPort, downPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const redis = await startRedisServer(redisPort);
  let api, down;
  try {
    api = await startUpstashRest({ port: apiPort, redisUrl: `redis://127.0.0.1:${redisPort}`, token: TOKEN });
    // Nothing listens on deadRedisPort: this endpoint answers, but its Redis is down.
    down = await startUpstashRest({ port: downPort, redisUrl: `redis://127.0.0.1:${deadRedisPort}`, token: TOKEN });
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
