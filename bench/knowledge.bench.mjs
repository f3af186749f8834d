// Knowledge: indexing throughput, search latency over 10,000 chunks of one user on the local
// store, and recall@5 on the labelled set in bench/data/knowledge-recall.json.
//  - In Node: the Worker's own chunker and embedders (bundled from worker/ with esbuild) for
//    chunk+embed throughput and vector-only recall@5 of each available embedder.
//  - Against the real app (wrangler dev, local D1 + queue consumer): hybrid recall@5, end-to-end
//    indexing chunks/s and search p50/p99.
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startApp, newUser, json, load, fmt } from "./lib.mjs";

const PORT = 8792;
const TARGET_CHUNKS = Number(process.env.BENCH_CHUNKS ?? 10_000);
const root = new URL("..", import.meta.url).pathname;
const data = JSON.parse(readFileSync(new URL("./data/knowledge-recall.json", import.meta.url), "utf8"));

/** Bundles the Worker's TypeScript modules for Node, so the bench measures the same code. */
async function workerModules() {
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-"));
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { chunkText } from ${JSON.stringify(join(root, "worker/modules/knowledge/chunker.ts"))};`,
      `export { LexicalHashEmbedder } from ${JSON.stringify(join(root, "worker/platform/embedder/lexical-hash.ts"))};`,
      `export { LexicalConceptEmbedder } from ${JSON.stringify(join(root, "worker/platform/embedder/lexical-concepts.ts"))};`,
      `export { OpenAiEmbedder } from ${JSON.stringify(join(root, "worker/platform/embedder/openai.ts"))};`,
      `export { extractDocument } from ${JSON.stringify(join(root, "worker/modules/knowledge/extract.ts"))};`,
      `export { makePdf } from ${JSON.stringify(join(root, "test/support/fixtures/pdf.ts"))};`,
      `export { makeDocx } from ${JSON.stringify(join(root, "test/support/fixtures/docx.ts"))};`,
    ].join("\n"),
  );
  const outfile = join(dir, "out.mjs");
  // Conditions as wrangler resolves them for workerd (linkedom/worker, unpdf's worker build).
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser", "import"],
    mainFields: ["module", "main"],
    outfile,
    logLevel: "error",
    absWorkingDir: root,
  });
  return import(outfile);
}

/**
 * The transformers.js model the embeddings service (local-services/embeddings) would serve, called
 * in-process: the same load/pool/normalize code, minus HTTP. Only with model files on disk.
 */
async function transformersEmbedder() {
  const { findModelDir } = await import("../local-services/embeddings/find-model.mjs");
  const found = findModelDir();
  if (!("dir" in found)) return { reason: found.reason };
  const { loadModel } = await import("../local-services/embeddings/model.mjs");
  try {
    const model = await loadModel({ modelDir: found.dir });
    const embed = async (texts) => (await model.embed(texts)).vectors.map((v) => Float32Array.from(v));
    return { embedder: { id: `transformers.js:${model.name}@${model.dims}`, embed } };
  } catch (err) {
    return { reason: err.message };
  }
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const embedText = (c) => (c.heading ? `${c.heading}\n${c.content}` : c.content);

/** Rank (1-based) of the first chunk containing the answer, or Infinity. */
const rankOf = (contents, answer) => {
  const i = contents.findIndex((c) => c.includes(answer));
  return i < 0 ? Infinity : i + 1;
};

function summarize(ranks) {
  const n = ranks.length;
  const at = (k) => ranks.filter((r) => r <= k).length;
  return `recall@5 ${at(5)}/${n} = ${(at(5) / n).toFixed(2)}, recall@1 ${(at(1) / n).toFixed(2)}, MRR ${(ranks.reduce((s, r) => s + (r <= 5 ? 1 / r : 0), 0) / n).toFixed(2)}`;
}

/** Vector-only ranking: each question's top-5 chunks by cosine; a hit contains the answer phrase. */
async function vectorRecall(m, embedder) {
  const chunks = data.documents.flatMap((d) => m.chunkText(d.content, true).map((c) => ({ ...c, title: d.title })));
  const vecs = await embedder.embed(chunks.map(embedText), "document");
  const ranks = [];
  for (const { q, answer } of data.questions) {
    const [qv] = await embedder.embed([q], "query");
    const top = vecs
      .map((v, i) => ({ i, s: v.reduce((acc, x, j) => acc + x * qv[j], 0) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 5);
    ranks.push(
      rankOf(
        top.map(({ i }) => chunks[i].content),
        answer,
      ),
    );
  }
  return { ranks, chunks: chunks.length };
}

/** Deterministic pseudo-text: Zipf-distributed made-up words, so FTS and vectors see realistic skew. */
function corpus(seed = 42) {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const syl = ["ka", "lo", "mi", "ten", "sor", "vel", "dra", "qui", "ban", "op", "rus", "fen", "ti", "gal", "mor", "zu", "pe", "lin", "sha", "cor"];
  const vocab = Array.from({ length: 5000 }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syl[Math.floor(rnd() * syl.length)]).join(""));
  const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(rnd() * Math.log(vocab.length))) - 1)];
  const sentence = () => {
    const w = Array.from({ length: 8 + Math.floor(rnd() * 8) }, word).join(" ");
    return w[0].toUpperCase() + w.slice(1) + ".";
  };
  const paragraph = () => Array.from({ length: 7 }, sentence).join(" ");
  return { paragraph, word };
}

/**
 * Extraction speed of the indexing job's extractors on ~1 MB inputs of each format, in Node with the
 * Worker's own code: ms per MB of file and per MB of extracted text (median of 3 runs after a warm-up).
 */
async function extractionBench(m, gen) {
  const paras = (n) => Array.from({ length: n }, gen.paragraph);
  const mb = (n) => (n / 1048576).toFixed(2);
  const inputs = [];
  // PDF: pages of ~40 wrapped lines (uncompressed content streams, as simple PDF writers make).
  const pdfPages = [];
  for (let size = 0; size < 1048576; ) {
    const lines = paras(6)
      .join(" ")
      .match(/.{1,90}(\s|$)/g)
      .slice(0, 40);
    pdfPages.push(lines);
    size += lines.join("").length + 200;
  }
  inputs.push({ format: "PDF", mime: "application/pdf", bytes: m.makePdf(pdfPages) });
  // DOCX: headings every 10 paragraphs and a table per section; zipped, so ~1 MB of file is several MB of XML.
  const blocks = [];
  let docx;
  for (let i = 0; ; i++) {
    blocks.push({ heading: 1 + (i % 2), text: `Section ${i}` }, ...paras(10).map((text) => ({ text })), {
      table: [
        ["Key", "Value"],
        [gen.word(), gen.word()],
      ],
    });
    if (i % 20 === 19) {
      docx = m.makeDocx(blocks);
      if (docx.length >= 1048576) break;
    }
  }
  inputs.push({ format: "DOCX", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: docx });
  // HTML: a blog page with navigation, sidebar, ads and a long article (Readability on, as for web pages).
  const nav = `<nav>${Array.from({ length: 30 }, (_, i) => `<a href="/p/${i}">${gen.word()}</a>`).join(" ")}</nav>`;
  let article = "";
  for (let i = 0; article.length < 1000000; i++)
    article += `<h2>Part ${i}</h2>${paras(6)
      .map((p) => `<p>${p}</p>`)
      .join("")}`;
  const html = `<!doctype html><html><head><title>Bench</title></head><body><header>${nav}</header><aside>${paras(3).join(" ")}</aside><main><article><h1>Bench article</h1>${article}</article></main><footer>${nav}</footer></body></html>`;
  inputs.push({ format: "HTML (web page)", mime: "text/html", bytes: new TextEncoder().encode(html), main: true });
  for (const { format, mime, bytes, main } of inputs) {
    const run = () => m.extractDocument(bytes, mime, undefined, undefined, { mainContent: !!main });
    const first = await run();
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const ms = times[1];
    const chars = first.chunks.reduce((n, c) => n + c.content.length, 0);
    console.log(
      `extract ${format}: ${mb(bytes.length)} MB file → ${mb(chars)} M chars, ${first.chunks.length} chunks in ${ms.toFixed(0)} ms = ${(ms / (bytes.length / 1048576)).toFixed(0)} ms/MB of file, ${(ms / (chars / 1048576)).toFixed(0)} ms/M chars`,
    );
  }
}

export default async function () {
  // Offline answering on the labelled personas (issue #15): before/after side by side, dev/test, speed.
  await (await import("./knowledge-offline.mjs")).default();
  if (process.env.BENCH_KNOWLEDGE_APP === "0") return console.log("app part skipped (BENCH_KNOWLEDGE_APP=0)");
  const m = await workerModules();

  await extractionBench(m, corpus());
  if (process.env.BENCH_KNOWLEDGE_EXTRACT_ONLY) return;

  // ---- Node: the same chunker + lexical embedder code, no I/O
  const gen = corpus();
  const text = Array.from({ length: 2000 }, gen.paragraph).join("\n\n");
  const lexical = new m.LexicalHashEmbedder();
  let t = performance.now();
  const chunks = m.chunkText(text, true);
  await lexical.embed(chunks.map(embedText), "document");
  const nodeRate = chunks.length / ((performance.now() - t) / 1000);
  console.log(`chunk+embed in Node (${lexical.id}): ${chunks.length} chunks at ${Math.round(nodeRate)} chunks/s`);

  // ---- recall@5 per available embedder (vector only)
  const embedders = [lexical, new m.LexicalConceptEmbedder()];
  if (process.env.EMBEDDINGS_BASE_URL && process.env.EMBEDDINGS_DIMENSIONS) {
    embedders.push(
      new m.OpenAiEmbedder({
        baseUrl: process.env.EMBEDDINGS_BASE_URL,
        apiKey: process.env.EMBEDDINGS_API_KEY,
        model: process.env.EMBEDDINGS_MODEL ?? "text-embedding-3-small",
        dims: Number(process.env.EMBEDDINGS_DIMENSIONS),
      }),
    );
  } else console.log("openai-compatible embedder: skipped (set EMBEDDINGS_BASE_URL, EMBEDDINGS_DIMENSIONS to include it)");
  console.log("workers-ai embedder: skipped (needs the AI binding of a Cloudflare account; not available offline)");
  const tj = await transformersEmbedder();
  if (tj.embedder) embedders.push(tj.embedder);
  else console.log(`transformers.js embedder: skipped (${tj.reason})`);
  for (const e of embedders) {
    const r = await vectorRecall(m, e);
    console.log(`vector-only ${e.id}: ${summarize(r.ranks)} (${r.chunks} chunks, ${r.ranks.length} questions)`);
  }

  // ---- the real app
  rmSync(join(root, `.wrangler/bench-${PORT}`), { recursive: true, force: true });
  const app = await startApp(PORT, { inspectorPort: 8083 });
  try {
    const waitReady = async (token, n, timeoutMs) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const docs = [];
        let cursor = null;
        do {
          const r = await json(app.base, "GET", `/api/knowledge?limit=100&status=ready${cursor ? `&cursor=${cursor}` : ""}`, { token });
          docs.push(...r.body.items);
          cursor = r.body.nextCursor;
        } while (cursor);
        if (docs.length >= n) return docs;
        if (Date.now() > until) throw new Error(`only ${docs.length}/${n} documents ready after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };

    // Hybrid recall@5 (configured embedder + FTS5, fused) on the labelled set.
    const small = await newUser(app.base);
    for (const d of data.documents) await json(app.base, "POST", "/api/knowledge", { token: small.token, body: d });
    await waitReady(small.token, data.documents.length, 60_000);
    const health = await json(app.base, "GET", "/api/health");
    const ranks = [];
    for (const { q, answer } of data.questions) {
      const r = await json(app.base, "GET", `/api/knowledge/search?k=5&q=${encodeURIComponent(q)}`, { token: small.token });
      ranks.push(
        rankOf(
          r.body.results.map((x) => x.content),
          answer,
        ),
      );
    }
    console.log(`hybrid via the app (${health.body.ports.embedder.adapter} + FTS5, RRF): ${summarize(ranks)}`);

    // Indexing: notes of ~200 paragraphs each until TARGET_CHUNKS, end to end through the queue.
    const big = await newUser(app.base);
    const perNote = 200;
    const notes = Math.ceil(TARGET_CHUNKS / perNote);
    t = performance.now();
    for (let i = 0; i < notes; i++) {
      const content = Array.from({ length: perNote }, gen.paragraph).join("\n\n");
      const r = await json(app.base, "POST", "/api/knowledge", { token: big.token, body: { title: `Bench note ${i}`, content } });
      if (r.status !== 201) throw new Error(`note: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const ready = await waitReady(big.token, notes, 600_000);
    const secs = (performance.now() - t) / 1000;
    const total = ready.reduce((n, d) => n + d.chunkCount, 0);
    console.log(`indexing end to end (POST → queue → ready): ${total} chunks in ${secs.toFixed(1)} s = ${Math.round(total / secs)} chunks/s`);

    // Search latency over the user's ~10,000 chunks: sequential requests, then 10 connections.
    const queries = Array.from({ length: 200 }, () => `${gen.word()} ${gen.word()} ${gen.word()}`);
    const cold = performance.now();
    await json(app.base, "GET", `/api/knowledge/search?q=${encodeURIComponent(queries[0])}`, { token: big.token });
    console.log(`first search after indexing (decodes the user's vectors into the isolate cache): ${(performance.now() - cold).toFixed(1)} ms`);
    for (const q of queries.slice(0, 10)) await json(app.base, "GET", `/api/knowledge/search?q=${encodeURIComponent(q)}`, { token: big.token }); // warm-up
    const lat = [];
    for (const q of queries) {
      const s = performance.now();
      const r = await json(app.base, "GET", `/api/knowledge/search?q=${encodeURIComponent(q)}&k=5`, { token: big.token });
      if (r.status !== 200) throw new Error(`search: ${r.status}`);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    console.log(
      `search over ${total} chunks (one user, local D1 store, hybrid): p50 ${pct(lat, 50).toFixed(1)} ms  p99 ${pct(lat, 99).toFixed(1)} ms  (${lat.length} sequential queries)`,
    );
    const conc = await load(`${app.base}/api/knowledge/search?q=${encodeURIComponent(queries[0])}`, {
      connections: 10,
      duration: 5,
      headers: { authorization: `Bearer ${big.token}` },
    });
    console.log(fmt("search, 10 connections", conc));
  } finally {
    app.stop();
  }
}
