// Shared helpers for benchmarks: start the real app (wrangler dev) and measure with autocannon.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";

const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** Starts wrangler dev on `port` with its own persisted state; resolves once /api/health answers. */
/** `inspectorPort`: wrangler's debugger port (default 9229) must differ when several apps run at once,
 * so it is derived from the app port. BENCH_PORT_OFFSET shifts every bench's port for parallel runs. */
export async function startApp(basePort, { persistTo = `.wrangler/bench-${basePort}`, vars = {}, inspectorPort } = {}) {
  const port = basePort + Number(process.env.BENCH_PORT_OFFSET ?? 0);
  inspectorPort ??= port + 1000;
  spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "error"], { stdio: "inherit", env });
  spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { stdio: "ignore", env });
  const args = ["wrangler", "dev", "--port", String(port), "--ip", "127.0.0.1", "--log-level", "error", "--persist-to", persistTo, "--show-interactive-dev-session=false"];
  if (inspectorPort) args.push("--inspector-port", String(inspectorPort));
  // One bench client is one user on one IP sending thousands of requests: the limits (tested in
  // the suites) are lifted so the numbers measure the work, not the 429s.
  const limits = { JWT_SECRET: randomBytes(32).toString("hex"), RATE_LIMIT_PER_MINUTE: "100000000", AUTH_RATE_LIMIT_PER_MINUTE: "100000000", PUBLIC_RATE_LIMIT_PER_MINUTE: "100000000" };
  for (const [k, v] of Object.entries({ ...limits, ...vars })) args.push("--var", `${k}:${v}`);
  const child = spawn("npx", args, { stdio: ["ignore", "ignore", "inherit"], env, detached: true });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, pid: child.pid, stop: () => process.kill(-child.pid, "SIGTERM") };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  process.kill(-child.pid, "SIGTERM");
  throw new Error("wrangler dev did not start");
}

export async function json(base, method, path, { token, body } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function newUser(base, name = "Bench User") {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const r = await json(base, "POST", "/api/auth/register", { body: { name, email, password: "bench-password-1" } });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return { token: r.body.tokens.accessToken, user: r.body.user };
}

/** Runs autocannon; returns req/s, latency percentiles (ms) and non-2xx count. */
export async function load(url, { connections = 100, duration = 10, headers = {}, method = "GET", body } = {}) {
  const r = await autocannon({ url, connections, duration, headers, method, body });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export const fmt = (label, m) =>
  `${label.padEnd(34)} ${String(m.rps).padStart(6)} req/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(5)} ms   non-2xx ${m.non2xx}`;
