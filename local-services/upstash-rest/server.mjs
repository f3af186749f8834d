// An Upstash-REST-compatible HTTP endpoint over a real redis-server, for tests and `npm start`.
// It speaks what @upstash/redis and @upstash/ratelimit send: POST / with one command as a JSON
// array, POST /pipeline and POST /multi-exec with an array of commands, bearer-token auth,
// `Upstash-Encoding: base64` (every string in a result base64-encoded), errors as {error}.
// (The only npm package found, @humanwhocodes/upstash-redis-server 1.0.0, lacks /multi-exec,
// the base64 encoding and the script-flag rewrite that @upstash/ratelimit needs.)
import { createServer } from "node:http";
import { timingSafeEqual } from "node:crypto";
import Redis from "ioredis";
import { ScriptTable, adaptCommand } from "./scripts.mjs";

const MAX_BODY = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const toArg = (v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function toCommand(table, raw) {
  if (!Array.isArray(raw) || raw.length === 0 || typeof raw[0] !== "string")
    throw new HttpError(400, "ERR a command must be a non-empty JSON array starting with its name");
  return adaptCommand(table, raw[0].toUpperCase(), raw.slice(1).map(toArg));
}

/** Results arrive as Buffers (binary-safe); strings become base64 when the client asked for it. */
function encode(value, base64) {
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return base64 ? Buffer.from(value).toString("base64") : value;
  if (Array.isArray(value)) return value.map((v) => encode(v, base64));
  return value ?? null;
}

const redisError = (err) => String(err?.message ?? err);
// A reply error (bad command, wrong type, script error) is the caller's: 400. Anything else
// (redis unreachable) is ours: 503.
const statusOf = (err) => (err?.name === "ReplyError" ? 400 : 503);

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, "ERR request body too large");
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new HttpError(400, "ERR request body is not valid JSON");
  }
}

/**
 * Starts the endpoint. `redisUrl` like redis://127.0.0.1:6390. Resolves to { url, close }.
 */
export async function startUpstashRest({ port, host = "127.0.0.1", redisUrl, token }) {
  if (!token) throw new Error("a token is required");
  // No offline queue and no per-request retries: when redis is down, answer at once with an error.
  const redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  redis.on("error", () => {}); // reported per request instead
  await redis.connect().catch(() => {}); // starting before redis is allowed; ioredis reconnects
  const scripts = new ScriptTable();
  const expected = Buffer.from(`Bearer ${token}`);

  async function run([name, args, post]) {
    const result = await redis.callBuffer(name, ...args);
    return post ? post(result) : result;
  }

  async function handle(req) {
    const auth = Buffer.from(req.headers.authorization ?? "");
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) throw new HttpError(401, "Unauthorized");
    if (req.method !== "POST") throw new HttpError(405, "ERR only POST is supported");
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const path = new URL(req.url, "http://x").pathname.replace(/\/+$/, "") || "/";
    const body = await readJson(req);

    if (path === "/") {
      try {
        return [200, { result: encode(await run(toCommand(scripts, body)), base64) }];
      } catch (err) {
        if (err instanceof HttpError) throw err;
        return [statusOf(err), { error: redisError(err) }];
      }
    }
    if (path !== "/pipeline" && path !== "/multi-exec") throw new HttpError(404, `ERR unknown endpoint ${path}`);
    if (!Array.isArray(body) || body.length === 0) throw new HttpError(400, "ERR expected a non-empty array of commands");
    const commands = body.map((c) => toCommand(scripts, c));

    if (path === "/pipeline") {
      // Independent commands: each gets its own result or error, in order.
      const settled = await Promise.allSettled(commands.map(run));
      if (settled.every((s) => s.status === "rejected" && statusOf(s.reason) === 503)) return [503, { error: redisError(settled[0].reason) }];
      return [200, settled.map((s) => (s.status === "fulfilled" ? { result: encode(s.value, base64) } : { error: redisError(s.reason) }))];
    }
    // MULTI/EXEC: all or nothing. A command redis refuses while queueing aborts the whole transaction.
    const tx = redis.multi();
    for (const [name, args] of commands) tx.callBuffer(name, ...args);
    try {
      const results = await tx.exec();
      return [
        200,
        results.map(([err, value], i) => (err ? { error: redisError(err) } : { result: encode(commands[i][2] ? commands[i][2](value) : value, base64) })),
      ];
    } catch (err) {
      return [statusOf(err), { error: redisError(err) }];
    }
  }

  const server = createServer((req, res) => {
    handle(req)
      .catch((err) => (err instanceof HttpError ? [err.status, { error: err.message }] : [500, { error: redisError(err) }]))
      .then(([status, payload]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      });
  });
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      await new Promise((r) => server.close(r));
      redis.disconnect();
    },
  };
}
