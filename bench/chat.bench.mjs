// Chat: server time before the first streamed token (auth + conversation check + storing the
// question + context: profile, last 10 messages, hybrid retrieval (vectors + FTS5) over 10,000
// chunks, seeded with the same offline embedder the app uses), with the LLM port
// answering instantly (no GROQ_API_KEY → the offline extractive responder). Measured at the client
// on loopback from request start to the first `token` SSE event, against a bare Hono route on its own
// wrangler dev (started here) in the same run; then search throughput at 10 connections.
import { spawnSync } from "node:child_process";
import { writeFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startApp, startBare, json, loadWithCpu, roundTrips } from "./lib.mjs";

const root = new URL("..", import.meta.url).pathname;

/**
 * The Worker's own offline embedder (the one the container picks with no keys) and D1 vector
 * encoding, bundled for Node, so seeded chunks get the vectors indexing would give them: under
 * another embedder's id the app's vector search would scan none of them.
 */
async function vectorModules() {
  const dir = mkdtempSync(join(tmpdir(), "chat-bench-"));
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { LexicalConceptEmbedder } from ${JSON.stringify(join(root, "worker/platform/embedder/lexical-concepts.ts"))};`,
      `export { encodeVector } from ${JSON.stringify(join(root, "worker/platform/vector-store/d1.ts"))};`,
    ].join("\n"),
  );
  const outfile = join(dir, "out.mjs");
  await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "error", absWorkingDir: root });
  return import(outfile);
}

async function newUser(base, name) {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const r = await json(base, "POST", "/api/auth/register", { body: { name, email, password: "bench-password-1" } });
  if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
  return { email, user: r.body.user };
}

const PORT = 8793;
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const PERSIST = `.wrangler/bench-chat-${Date.now()}`;

// Deterministic synthetic notes: a Zipf-ish vocabulary so FTS5 sees realistic term statistics.
function* words(seed) {
  let x = seed;
  const base =
    "climb violin bakery lisbon porto data pipeline garden tomato cello travel winter coffee novel chess river bike kafka sql teacher sister cat piano".split(
      " ",
    );
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const r = x / 2 ** 31;
    yield r < 0.15 ? base[Math.floor(r * 1000) % base.length] : `w${Math.floor(1 / (r + 0.0005)) % 3000}`;
  }
}

/** The seed's SQL, and the id of the embedder its vectors are stored under. */
export async function seedSql(userId) {
  const { LexicalConceptEmbedder, encodeVector } = await vectorModules();
  const embedder = new LexicalConceptEmbedder();
  const t = Date.now();
  const gen = words(42);
  const lines = [];
  const docs = Math.ceil(CHUNKS / 50);
  for (let d = 0; d < docs; d++) {
    lines.push(
      `INSERT INTO knowledge_documents (id, user_id, title, source, mime_type, status, chunk_count, created_at, updated_at) VALUES ('doc_b${d}', '${userId}', 'Bench note ${d}', 'note', 'text/plain', 'ready', 50, ${t}, ${t});`,
    );
    const rows = [];
    for (let p = 0; p < 50 && d * 50 + p < CHUNKS; p++) {
      const sentences = Array.from({ length: 6 }, () => Array.from({ length: 12 }, () => gen.next().value).join(" ") + ".");
      rows.push({ id: `chk_b${d}_${p}`, position: p, content: sentences.join(" ") });
    }
    lines.push(
      `INSERT INTO knowledge_chunks (id, document_id, user_id, position, content, created_at) VALUES ${rows.map((r) => `('${r.id}', 'doc_b${d}', '${userId}', ${r.position}, '${r.content}', ${t})`).join(",")};`,
    );
    const vectors = await embedder.embed(
      rows.map((r) => r.content),
      "document",
    );
    lines.push(
      `INSERT INTO knowledge_vectors (chunk_id, user_id, document_id, embedder, dims, vector) VALUES ${rows.map((r, i) => `('${r.id}', '${userId}', 'doc_b${d}', '${embedder.id}', ${embedder.dims}, '${encodeVector(vectors[i])}')`).join(",")};`,
    );
  }
  return { sql: lines.join("\n"), embedderId: embedder.id };
}

/** Time (ms) from sending the request to the first `token` event; the rest of the stream is drained. */
async function firstToken(base, token, conversationId, message) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/chat/stream`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ conversation_id: conversationId, message }),
  });
  if (res.status !== 200) throw new Error(`stream: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  let ttft = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    if (ttft === null && buf.includes("event: token")) ttft = performance.now() - t0;
  }
  if (!buf.includes("event: done")) throw new Error(`no done event: ${buf.slice(-300)}`);
  return { ttft, total: performance.now() - t0 };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (label, xs) => `${label.padEnd(44)} p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms   p99 ${pct(xs, 99).toFixed(1).padStart(6)} ms   (n=${xs.length})`;

async function timeGet(url) {
  const t0 = performance.now();
  await (await fetch(url)).text();
  return performance.now() - t0;
}

/** Searches per second over the 10,000 chunks at 10 connections (the issue measured 29/s, p50 333 ms before). */
async function searchThroughput(base, pid, token, questions) {
  const requests = questions.map((q) => ({ method: "GET", path: `/api/knowledge/search?k=5&q=${encodeURIComponent(q)}` }));
  const m = await loadWithCpu(`${base}/api/knowledge/search`, pid, {
    connections: 10,
    duration: Number(process.env.BENCH_SECONDS ?? 10),
    headers: { authorization: `Bearer ${token}` },
    requests,
  });
  console.log(`GET /api/knowledge/search, 10 connections: ${m.rps} searches/s   p50 ${m.p50} ms   p99 ${m.p99} ms   non-2xx ${m.non2xx}   errors ${m.errors}`);
  // The app's dev server (workerd: the Worker, D1, the Durable Objects) per search: hardly moved by other load on the machine.
  if (m.cpuMs != null) console.log(`  CPU per search (app's dev server processes): ${m.cpuMs.toFixed(2)} ms`);
}

export default async function () {
  const bareHono = await startBare(PORT + 1);
  // Seed while no dev server holds the local database: register, stop, insert, restart, log in.
  let app = await startApp(PORT, { persistTo: PERSIST });
  let token;
  try {
    const u = await newUser(app.base, "Bench Clone");
    app.stop();
    await new Promise((r) => setTimeout(r, 1500));
    const sqlFile = `${PERSIST}/seed.sql`;
    const seed = await seedSql(u.user.id);
    writeFileSync(sqlFile, seed.sql);
    const t = performance.now();
    const r = spawnSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", PERSIST, "--file", sqlFile, "--yes"], {
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr || r.stdout}`);
    console.log(`seeded ${CHUNKS} chunks with their vectors in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    app = await startApp(PORT, { persistTo: PERSIST });
    // The vectors must be the app's own embedder's, or its vector search scans none of them.
    const health = await json(app.base, "GET", "/api/health");
    if (!JSON.stringify(health.body).includes(`[${seed.embedderId}]`))
      throw new Error(`the app's embedder is not ${seed.embedderId}: ${JSON.stringify(health.body)}`);
    const login = await json(app.base, "POST", "/api/auth/login", { body: { email: u.email, password: "bench-password-1" } });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    token = login.body.tokens.accessToken;
    const questions = [
      "Where do you climb in Porto?",
      "Tell me about the violin and the cello",
      "What is your data pipeline like with kafka and sql?",
      "Do you grow tomato plants in the garden?",
      "What do you do in winter?",
    ];
    const convs = [];
    for (let i = 0; i < 5; i++) convs.push((await json(app.base, "POST", "/api/conversations", { token, body: {} })).body.id);
    for (let i = 0; i < 20; i++) await firstToken(app.base, token, convs[i % 5], questions[i % 5]); // warm-up
    for (let i = 0; i < 20; i++) await timeGet(`${bareHono.base}/api/bare`);

    const bare = [];
    const ttft = [];
    const total = [];
    for (let i = 0; i < REQUESTS; i++) {
      bare.push(await timeGet(`${bareHono.base}/api/bare`));
      const m = await firstToken(app.base, token, convs[i % 5], questions[i % 5]);
      ttft.push(m.ttft);
      total.push(m.total);
    }
    console.log(`sequential, ${CHUNKS} chunks, offline LLM (instant):`);
    console.log(fmt("bare Hono (own wrangler dev)", bare));
    console.log(fmt("POST /api/chat/stream → first token", ttft));
    console.log(fmt("POST /api/chat/stream → done (reply saved)", total));
    console.log(`first token p50 / bare Hono p50: ×${(pct(ttft, 50) / pct(bare, 50)).toFixed(2)} (target ≤ 3)`);

    // Concurrency: 8 clients at once.
    const conc = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < REQUESTS / 8; i++) conc.push((await firstToken(app.base, token, convs[(w + i) % 5], questions[(w + i) % 5])).ttft);
      }),
    );
    console.log(fmt("first token, 8 concurrent clients", conc));
    await searchThroughput(app.base, app.pid, token, questions);

    // Where a search's milliseconds go: the same database, restarted with TRACE_ROUND_TRIPS=1.
    app.stop();
    await new Promise((r) => setTimeout(r, 1500));
    app = await startApp(PORT, { persistTo: PERSIST, vars: { TRACE_ROUND_TRIPS: "1" } });
    // Each start gets a fresh JWT secret: sign in again.
    token = (await json(app.base, "POST", "/api/auth/login", { body: { email: u.email, password: "bench-password-1" } })).body.tokens.accessToken;
    console.log("breakdown of one search (D1 / Durable Object round trips, and ms waited on each):");
    for (const q of questions) {
      const url = `${app.base}/api/knowledge/search?k=5&q=${encodeURIComponent(q)}`;
      await fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer()); // fills the isolate's caches
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`search: ${res.status}`);
      const ms = /rt-ms;desc="d1=([\d.]+) do=([\d.]+)/.exec(res.headers.get("server-timing") ?? "");
      const rt = roundTrips(res);
      console.log(
        `  ${q.padEnd(52)} total ${(performance.now() - t0).toFixed(1).padStart(6)} ms   D1 ${rt?.d1} (${ms?.[1]} ms)   DO ${rt?.do} (${ms?.[2]} ms)`,
      );
    }
    // A whole JSON turn (its reply saved before the response): the conversation's check, the question
    // and the memory window are one batch; then the knowledge version, the reply, the conversation's touch.
    const conv = (await json(app.base, "POST", "/api/conversations", { token, body: {} })).body.id;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.base}/api/chat/send`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ conversation_id: conv, message: questions[i] }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`send: ${res.status}`);
      const rt = roundTrips(res);
      if (i === 1) console.log(`round trips of one chat turn (POST /api/chat/send, warm): D1 ${rt?.d1}   Durable Object ${rt?.do}   Upstash ${rt?.upstash}`);
    }
  } finally {
    bareHono.stop();
    app.stop();
    rmSync(PERSIST, { recursive: true, force: true });
  }
}
