#!/usr/bin/env node
// `node local-services/upstash-rest/cli.mjs`: redis-server on REDIS_PORT (6390) behind the
// Upstash-REST endpoint on PORT (8079), accepting UPSTASH_REDIS_REST_TOKEN.
import { hasRedisServer, startRedisServer } from "./redis-process.mjs";
import { startUpstashRest } from "./server.mjs";

const redisPort = Number(process.env.REDIS_PORT ?? 6390);
const port = Number(process.env.PORT ?? 8079);
const token = process.env.UPSTASH_REDIS_REST_TOKEN || "local-dev-token";

if (!hasRedisServer()) {
  console.warn("ℹ redis-server is not installed (apt-get install redis-server): the Upstash-REST endpoint is not started.");
  process.exit(0);
}
const redis = await startRedisServer(redisPort);
const api = await startUpstashRest({ port, redisUrl: `redis://127.0.0.1:${redisPort}`, token });
console.log(`Upstash-REST endpoint on ${api.url} (redis-server :${redisPort})`);
const stop = async () => {
  await api.close();
  await redis.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
