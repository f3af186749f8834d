// Shared helpers for benchmarks: start the real app (wrangler dev) and measure with autocannon.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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
  const args = [
    "wrangler",
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--log-level",
    "error",
    "--persist-to",
    persistTo,
    "--show-interactive-dev-session=false",
  ];
  if (inspectorPort) args.push("--inspector-port", String(inspectorPort));
  // One bench client is one user on one IP sending thousands of requests: the limits (tested in
  // the suites) are lifted so the numbers measure the work, not the 429s.
  const limits = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    RATE_LIMIT_PER_MINUTE: "100000000",
    AUTH_RATE_LIMIT_PER_MINUTE: "100000000",
    PUBLIC_RATE_LIMIT_PER_MINUTE: "100000000",
  };
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

/**
 * The baseline: a bare Hono route (bench/bare-hono) on its own `wrangler dev`, so every figure of
 * the app can be printed as a ratio against what the runtime itself does on this machine, in the same run.
 */
export async function startBare(basePort) {
  const port = basePort + Number(process.env.BENCH_PORT_OFFSET ?? 0);
  const args = ["wrangler", "dev", "--config", "bench/bare-hono/wrangler.toml", "--port", String(port), "--ip", "127.0.0.1", "--log-level", "error"];
  args.push("--inspector-port", String(port + 1000), "--show-interactive-dev-session=false");
  const child = spawn("npx", args, { stdio: ["ignore", "ignore", "inherit"], env, detached: true });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/api/bare`)).ok) return { base, pid: child.pid, stop: () => process.kill(-child.pid, "SIGTERM") };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  process.kill(-child.pid, "SIGTERM");
  throw new Error("bare Hono wrangler dev did not start");
}

/** Round trips (D1, Durable Objects, Upstash) the app reports for one response; needs TRACE_ROUND_TRIPS=1. */
export function roundTrips(res) {
  const m = /rt;desc="d1=(\d+) do=(\d+) upstash=(\d+)"/.exec(res.headers.get("server-timing") ?? "");
  return m ? { d1: Number(m[1]), do: Number(m[2]), upstash: Number(m[3]) } : null;
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

/** Runs autocannon; returns req/s, latency percentiles (ms), timeouts (after `timeout` s), other errors and non-2xx count. */
export async function load(url, { connections = 100, duration = 10, headers = {}, method = "GET", body, timeout = 10, requests } = {}) {
  const r = await autocannon({ url, connections, duration, headers, method, body, timeout, ...(requests ? { requests } : {}) });
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    timeouts: r.timeouts,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    /** Responses received (2xx and others). */
    total: r.requests.total,
  };
}

/**
 * CPU milliseconds used so far by every process of a dev server's process group (wrangler, its
 * workerd processes), from /proc; null where there is no /proc. Unlike req/s on a shared machine,
 * CPU per request hardly depends on what else runs beside the bench.
 */
export function groupCpuMs(pgid) {
  let ticks = 0;
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  for (const p of entries) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) === pgid) ticks += Number(f[11]) + Number(f[12]); // pgrp, utime, stime
    } catch {}
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** `load`, plus the dev server's CPU milliseconds per response over the run (cpuMs: null without /proc). */
export async function loadWithCpu(url, pgid, opts) {
  const before = groupCpuMs(pgid);
  const m = await load(url, opts);
  const after = groupCpuMs(pgid);
  return { ...m, cpuMs: before === null || after === null || !m.total ? null : (after - before) / m.total };
}

export const fmt = (label, m) =>
  `${label.padEnd(34)} ${String(m.rps).padStart(6)} req/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(5)} ms   non-2xx ${m.non2xx}   timeouts ${m.timeouts ?? "-"}${m.cpuMs != null ? `   CPU ${m.cpuMs.toFixed(2)} ms/req` : ""}`;
