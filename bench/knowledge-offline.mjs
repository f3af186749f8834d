// Offline answering (issue #15), in Node with the Worker's own modules: the labelled set
// bench/data/knowledge-personas.json run through the real HybridSearch + KeywordSearch (FTS5 on
// node:sqlite, the same SQL as D1) + an exact in-memory vector store, then the offline responder.
//  - BEFORE: the pipeline before #15 (lexical-hash-v1, unexpanded FTS, plain RRF, no floor, the old responder,
//    read from git), AFTER: this branch's (lexical-hash-v5, expanded FTS, relevance floor, new responder).
//  - The floor, fusion weights and relevance weights are chosen on the DEV split (grid printed) and
//    reported on the TEST split; the constants in the code are checked against the choice.
//  - Indexing speed and search latency over 10,000 chunks, before and after, same run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
// The tip of #13 (the feature layout) before #15 was merged onto it.
const BEFORE_15 = "904b30f7ac835bd2fe2dd6937f70dba8e8e15a77";
const data = JSON.parse(readFileSync(new URL("./data/knowledge-personas.json", import.meta.url), "utf8"));
// Written after everything above was chosen, and reported apart: no weight is tuned on them (each "about" says more).
// Each has been looked at question by question after its first, blind run (its "about" gives that run): the next
// should be written fresh.
const holdouts = [
  { file: "knowledge-holdout.json", label: "held out", blind: false },
  { file: "knowledge-holdout2.json", label: "held out 2", blind: false },
  { file: "knowledge-holdout3.json", label: "held out 3", blind: false },
  { file: "knowledge-holdout4.json", label: "held out 4", blind: false },
].map((h) => ({ ...h, set: JSON.parse(readFileSync(new URL(`./data/${h.file}`, import.meta.url), "utf8")) }));

async function modules() {
  const dir = mkdtempSync(join(tmpdir(), "kb-offline-"));
  const w = (p) => JSON.stringify(join(root, p));
  // The responder before #15, for an honest "before", read from git at a pinned commit (the feature
  // layout of #13, just before #15 was merged onto it: "main" would be #15 itself once merged). Its
  // relative imports are pointed at this tree's files, resolved from the file's own folder.
  let oldResponder = null;
  try {
    const src = execFileSync("git", ["show", `${BEFORE_15}:worker/platform/llm/offline.ts`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    oldResponder = join(dir, "old-offline-llm.ts");
    writeFileSync(
      oldResponder,
      src.replace(/from "(\.{1,2}\/[^"]+)"/g, (_, p) => `from ${JSON.stringify(resolve(root, "worker/platform/llm", p))}`),
    );
  } catch {
    console.log(`(commit ${BEFORE_15} not in this clone: BEFORE uses the current responder)`);
  }
  const entry = join(dir, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { chunkText } from ${w("worker/modules/knowledge/chunker.ts")};`,
      `export { LexicalHashEmbedder } from ${w("worker/platform/embedder/lexical-hash.ts")};`,
      `export { LexicalConceptEmbedder, CONCEPT_WEIGHT } from ${w("worker/platform/embedder/lexical-concepts.ts")};`,
      `export { HybridSearch } from ${w("worker/modules/knowledge/hybrid-search.ts")};`,
      `export { KeywordSearch } from ${w("worker/modules/knowledge/keyword-search.ts")};`,
      `export { KnowledgeIndex, KnowledgeIndexCache } from ${w("worker/modules/knowledge/keyword-index.ts")};`,
      `export { keywordExpansions, RELEVANCE_WEIGHTS, RELEVANCE_FLOOR } from ${w("worker/shared/relevance.ts")};`,
      `export { OFFLINE_HYBRID } from ${w("worker/modules/knowledge/offline-retrieval.ts")};`,
      `export { answer } from ${w("worker/platform/llm/offline.ts")};`,
      `export { buildPersonaPrompt } from ${w("worker/shared/persona.ts")};`,
      `export { terms } from ${w("worker/shared/text.ts")};`,
      `export { lemmas, vocabulary } from ${w("worker/shared/lexicon.ts")};`,
      oldResponder ? `export { answer as oldAnswer } from ${JSON.stringify(oldResponder)};` : "export const oldAnswer = null;",
    ].join("\n"),
  );
  const outfile = join(dir, "out.mjs");
  await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "node", outfile, logLevel: "error", absWorkingDir: root });
  return import(outfile);
}

/** The knowledge tables (with the kind and source_url of later migrations) and FTS5 index of migrations/0001 on node:sqlite, behind D1's prepare/bind/all. */
function localD1() {
  const db = new DatabaseSync(":memory:");
  db.exec(`
    CREATE TABLE knowledge_documents (id TEXT PRIMARY KEY, user_id TEXT, title TEXT, status TEXT, kind TEXT, source_url TEXT);
    CREATE TABLE knowledge_chunks (id TEXT UNIQUE, document_id TEXT, user_id TEXT, position INTEGER, heading TEXT, content TEXT);
    CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(content, heading, content='knowledge_chunks', content_rowid='rowid', tokenize='porter unicode61');
    CREATE TRIGGER knowledge_chunks_ai AFTER INSERT ON knowledge_chunks BEGIN
      INSERT INTO knowledge_chunks_fts(rowid, content, heading) VALUES (new.rowid, new.content, new.heading);
    END;`);
  const d1 = {
    prepare: (sql) => ({
      bind: (...args) => ({ all: async () => ({ results: db.prepare(sql).all(...args) }) }),
    }),
  };
  const insertDoc = db.prepare("INSERT INTO knowledge_documents VALUES (?, ?, ?, 'ready', 'document', NULL)");
  const insertChunk = db.prepare("INSERT INTO knowledge_chunks VALUES (?, ?, ?, ?, ?, ?)");
  const byId = db.prepare(
    "SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE c.id = ? AND c.user_id = ?",
  );
  const allOf = db.prepare(
    "SELECT c.id, c.document_id, d.title, d.kind, d.source_url, c.position, c.heading, c.content FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id WHERE c.user_id = ? ORDER BY c.document_id, c.position",
  );
  const repo = {
    readyChunks: async (userId, ids) => ids.map((id) => byId.get(id, userId)).filter(Boolean),
    // KnowledgeIndexSource, for the in-memory index the app searches users' knowledge with (written once, so one version).
    knowledgeVersion: async () => 1,
    readySize: async (userId) => {
      const rows = allOf.all(userId);
      return { chunks: rows.length, chars: rows.reduce((n, r) => n + r.content.length + r.heading.length, 0) };
    },
    allReadyChunks: async (userId) => allOf.all(userId).map((r) => [r.id, r.document_id, r.title, r.kind, r.source_url, r.position, r.heading, r.content]),
  };
  return { db, d1, repo, insertDoc, insertChunk };
}

/** Exact cosine search, per user and embedder id, like the D1 store. */
function memoryVectors() {
  const rows = new Map();
  return {
    adapter: "memory",
    async upsert(userId, embedder, records) {
      const k = `${userId}|${embedder}`;
      if (!rows.has(k)) rows.set(k, []);
      rows.get(k).push(...records);
    },
    async query(userId, embedder, v, topK) {
      const list = rows.get(`${userId}|${embedder}`) ?? [];
      const scored = list.map((r) => {
        let s = 0;
        for (let i = 0; i < v.length; i++) s += r.vector[i] * v[i];
        return { chunkId: r.chunkId, score: s };
      });
      return scored.sort((a, b) => b.score - a.score).slice(0, topK);
    },
    async delete() {},
  };
}

const embedText = (c) => (c.heading ? `${c.heading}\n${c.content}` : c.content);

/** Indexes each persona's documents as its own user; returns the chunk count. */
async function indexPersonas(m, store, vectors, embedders, set = data) {
  let n = 0;
  for (const p of set.personas) {
    for (const [di, d] of p.documents.entries()) {
      const docId = `doc_${p.id}_${di}`;
      store.insertDoc.run(docId, p.id, d.title);
      const chunks = m.chunkText(d.content, true);
      chunks.forEach((c, i) => store.insertChunk.run(`chk_${p.id}_${di}_${i}`, docId, p.id, c.position, c.heading, c.content));
      for (const e of embedders) {
        const vs = await e.embed(chunks.map(embedText), "document");
        await vectors.upsert(
          p.id,
          e.id,
          chunks.map((c, i) => ({ chunkId: `chk_${p.id}_${di}_${i}`, documentId: docId, vector: vs[i] })),
        );
      }
      n += chunks.length;
    }
  }
  return n;
}

const split = (i) => (i % 2 === 0 ? "dev" : "test");
const cited = (reply) => /\[\d+\]/.test(reply);
const declined = (reply) => !cited(reply) && /haven't shared|have not shared|not shared/i.test(reply);

/** Runs one pipeline over the questions of one split ("all": every question of `set`). */
async function evaluate(m, pipe, which, set = data) {
  const personas = new Map(set.personas.map((p) => [p.id, p]));
  const prof = (p) => ({
    name: p.name,
    headline: p.headline,
    bio: p.bio,
    language: p.language,
    personality: { formality: 50, enthusiasm: 50, verbosity: 25, humor: 0 },
  });
  let hit = 0,
    fact = 0,
    asked = 0,
    refused = 0,
    unanswerable = 0;
  const misses = [];
  const recallMisses = [];
  for (const [i, x] of set.questions.entries()) {
    if (which !== "all" && split(i) !== which) continue;
    const p = personas.get(x.persona);
    const results = await pipe.search.search(p.id, x.q, 5);
    const rank = results.findIndex((r) => r.content.includes(x.answer));
    const reply = pipe.answer(m.buildPersonaPrompt({ profile: prof(p), history: [], chunks: results, question: x.q }));
    asked++;
    if (rank >= 0) hit++;
    else recallMisses.push(x.q);
    if (reply.toLowerCase().includes(x.fact.toLowerCase())) fact++;
    else misses.push(`${x.q} → ${reply.slice(0, 90)}`);
  }
  for (const [i, x] of set.unanswerable.entries()) {
    if (which !== "all" && split(i) !== which) continue;
    const p = personas.get(x.persona);
    const results = await pipe.search.search(p.id, x.q, 5);
    const reply = pipe.answer(m.buildPersonaPrompt({ profile: prof(p), history: [], chunks: results, question: x.q }));
    unanswerable++;
    if (declined(reply)) refused++;
    else misses.push(`(unanswerable) ${x.q} → ${reply.slice(0, 90)}`);
  }
  return { recall: hit / asked, fact: fact / asked, decline: refused / unanswerable, asked, unanswerable, misses, recallMisses };
}

const f2 = (x) => x.toFixed(2);
const line = (label, r) =>
  `${label.padEnd(58)} recall@5 ${f2(r.recall)}  fact ${f2(r.fact)}  declined ${f2(r.decline)}  (${r.asked} questions, ${r.unanswerable} unanswerable)`;

/** Checks the labelled set's promise: paraphrases share no content word (stem or lemma) with their answer sentence. */
export function paraphraseCheck(m, set = data) {
  const sentenceOf = (x) => {
    const p = set.personas.find((y) => y.id === x.persona);
    for (const d of p.documents) for (const s of d.content.split(/(?<=[.!?])\s+|\n+/)) if (s.includes(x.answer)) return s;
    return null;
  };
  const words = (t) => new Set(m.terms(t).flatMap((w) => [w.stem, ...m.lemmas(w.surface)]));
  const bad = [];
  for (const x of set.questions.filter((q) => q.paraphrase)) {
    const s = sentenceOf(x);
    if (!s) bad.push(`${x.q}: answer not found`);
    else {
      const a = words(s);
      const shared = [...words(x.q)].filter((w) => a.has(w));
      if (shared.length) bad.push(`${x.q}: shares ${shared.join(", ")}`);
    }
  }
  return { paraphrases: set.questions.filter((q) => q.paraphrase).length, bad };
}

/** Deterministic English-like text: Zipf-distributed real words from the lexicon, so lemma and concept lookups do real work. */
function corpus(words, seed = 7) {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const word = () => words[Math.min(words.length - 1, Math.floor(Math.exp(rnd() * Math.log(words.length))) - 1)];
  const sentence = () => {
    const w = Array.from({ length: 8 + Math.floor(rnd() * 8) }, word).join(" ");
    return w[0].toUpperCase() + w.slice(1) + ".";
  };
  return { paragraph: () => Array.from({ length: 7 }, sentence).join(" "), word };
}

export default async function offline() {
  const m = await modules();
  const check = paraphraseCheck(m);
  console.log(
    `labelled set: ${data.personas.length} personas, ${data.questions.length} questions (${check.paraphrases} paraphrases sharing no content word with the answer sentence${check.bad.length ? `; VIOLATIONS: ${check.bad.join(" | ")}` : ""}), ${data.unanswerable.length} unanswerable; dev/test alternate`,
  );

  const store = localD1();
  const vectors = memoryVectors();
  const v1 = new m.LexicalHashEmbedder();
  const v2 = new m.LexicalConceptEmbedder();
  await indexPersonas(m, store, vectors, [v1, v2]);
  for (const h of holdouts) await indexPersonas(m, store, vectors, [v1, v2], h.set);

  const before = {
    search: new m.HybridSearch(v1, vectors, new m.KeywordSearch(store.d1), store.repo),
    answer: m.oldAnswer ?? m.answer,
  };
  // As the app composes it (worker/modules/knowledge/index.ts): keyword hits and relevance profiles from the in-memory index.
  const index = { index: new m.KnowledgeIndex(store.repo, new m.KnowledgeIndexCache()), expand: m.keywordExpansions };
  const after = (opts = m.OFFLINE_HYBRID, tuning = {}) => ({
    search: new m.HybridSearch(v2, vectors, new m.KeywordSearch(store.d1, m.keywordExpansions), store.repo, { ...opts, index }),
    answer: (prompt) => m.answer(prompt, tuning),
  });

  // ---- choose on dev
  const grid = [];
  let bestPipe = null;
  if (!process.env.BENCH_SPEED_ONLY) {
    const up = m.RELEVANCE_WEIGHTS.up;
    // BENCH_GRID=0: only the code's own setting (quick lexicon sweeps; the printed choice is then that setting).
    const quick = process.env.BENCH_GRID === "0";
    const code = m.OFFLINE_HYBRID.relevance;
    const axis = (values, own) => (quick ? [own] : values);
    // The re-scored pool only matters for users with more chunks than it: the labelled set's personas have fewer
    // than 10, so it is fixed here (10, the least the code allows for k = 5).
    const pool = code.pool ?? 10;
    // Not rank 1: it lets "Where did you grow up?" be answered by "I build web apps" (test/unit/relevance.test.ts),
    // a case the labelled set does not have; the dev grid preferred it (0.95 / 0.95 / 0.93 with related 1).
    const RANKS = [0.9, 0.8];
    for (const floor of axis([0.4, 0.45, 0.5, 0.55, 0.6], code.floor))
      for (const vector of axis([0.5, 1], m.OFFLINE_HYBRID.weights.vector / m.OFFLINE_HYBRID.weights.keyword))
        for (const boost of axis([0, 0.05], code.boost))
          for (const deep of axis([0.7, 0.5, 0], m.RELEVANCE_WEIGHTS.deep))
            for (const rank of axis(RANKS, m.RELEVANCE_WEIGHTS.rank))
              for (const sibling of axis([0, 0.3], m.RELEVANCE_WEIGHTS.sibling))
                for (const verb of axis([0.3, 0.5], m.RELEVANCE_WEIGHTS.verb))
                  for (const related of axis([0, 0.7, 1], m.RELEVANCE_WEIGHTS.related)) {
                    const weights = { ...m.RELEVANCE_WEIGHTS, up, deep, rank, sibling, verb, related };
                    const r = await evaluate(
                      m,
                      after({ weights: { vector, keyword: 1 }, relevance: { floor, boost, weights, pool } }, { floor, weights }),
                      "dev",
                    );
                    grid.push({ floor, vector, boost, pool, up, deep, rank, sibling, verb, related, r, score: r.recall + r.fact + r.decline });
                  }
    grid.sort((a, b) => b.score - a.score || Math.abs(a.floor - 0.5) - Math.abs(b.floor - 0.5));
    console.log(
      "dev grid, best 5 of",
      grid.length,
      "(floor, vector weight vs keyword 1, coverage boost, re-scored pool, up, deep, rank, sibling, verb, word-vector relatedness → recall / fact / declined):",
    );
    for (const g of grid.slice(0, Number(process.env.BENCH_GRID_SHOW ?? 5)))
      console.log(
        `  floor ${g.floor} vector ${g.vector} boost ${g.boost} pool ${g.pool} up ${g.up} deep ${g.deep} rank ${g.rank} sibling ${g.sibling} verb ${g.verb} related ${g.related} → ${f2(g.r.recall)} / ${f2(g.r.fact)} / ${f2(g.r.decline)}`,
      );
    const best = grid[0];
    const bestWeights = {
      ...m.RELEVANCE_WEIGHTS,
      up: best.up,
      deep: best.deep,
      rank: best.rank,
      sibling: best.sibling,
      verb: best.verb,
      related: best.related,
    };
    bestPipe = after(
      { weights: { vector: best.vector, keyword: 1 }, relevance: { floor: best.floor, boost: best.boost, weights: bestWeights, pool: best.pool } },
      { floor: best.floor, weights: bestWeights },
    );
    const inCode = {
      floor: m.OFFLINE_HYBRID.relevance.floor,
      vector: m.OFFLINE_HYBRID.weights.vector / m.OFFLINE_HYBRID.weights.keyword,
      boost: m.OFFLINE_HYBRID.relevance.boost,
      pool: m.OFFLINE_HYBRID.relevance.pool ?? 10,
      up: m.RELEVANCE_WEIGHTS.up,
      deep: m.RELEVANCE_WEIGHTS.deep,
      rank: m.RELEVANCE_WEIGHTS.rank,
      sibling: m.RELEVANCE_WEIGHTS.sibling,
      verb: m.RELEVANCE_WEIGHTS.verb,
      related: m.RELEVANCE_WEIGHTS.related,
    };
    const same = Object.keys(inCode).every((k) => inCode[k] === best[k]);
    const codeScore = grid.find((g) => Object.keys(inCode).every((k) => inCode[k] === g[k]))?.score;
    console.log(
      `chosen on dev: floor ${best.floor}, vector ${best.vector}, boost ${best.boost}, pool ${best.pool}, up ${best.up}, deep ${best.deep}, rank ${best.rank}, sibling ${best.sibling}, verb ${best.verb}, related ${best.related}; in the code: ${JSON.stringify(inCode)} ${same ? "(same)" : codeScore === best.score ? "(a different setting, tied with it on dev)" : `(DIFFERENT: dev score ${codeScore?.toFixed(3)} vs best ${best.score.toFixed(3)})`}`,
    );

    // Weights that act on a handful of questions each get their own axis, the rest as chosen: a full axis would double
    // the grid for them. The answer type ("type") acts on which/what questions; "gloss" on a note word whose gloss
    // names the question's word ("uncle": "the brother of your father or mother"), which "down" credited before.
    const sweep = async (key, values) => {
      const out = [];
      for (const v of values) {
        const weights = { ...bestWeights, [key]: v };
        const r = await evaluate(
          m,
          after(
            { weights: { vector: best.vector, keyword: 1 }, relevance: { floor: best.floor, boost: best.boost, weights, pool: best.pool } },
            { floor: best.floor, weights },
          ),
          "dev",
        );
        out.push(`${v} → ${f2(r.recall)} / ${f2(r.fact)} / ${f2(r.decline)}`);
      }
      return out;
    };
    const typeSweep = await sweep("type", [0, 0.5, 0.7, 0.9]);
    const glossSweep = await sweep("gloss", [0, 0.3, 0.5, 0.7]);
    console.log(`gloss-link weight on dev, the rest as chosen (in the code: ${m.RELEVANCE_WEIGHTS.gloss}): ${glossSweep.join(", ")}`);
    console.log(`answer-type weight on dev, the rest as chosen (in the code: ${m.RELEVANCE_WEIGHTS.type}): ${typeSweep.join(", ")}`);

    // ---- report on test (and all), before and after, side by side
    for (const which of ["test", "dev", "all"]) {
      const b = await evaluate(m, before, which);
      // BENCH_USE_BEST=1 reports the dev-best setting instead of the code's (for sweeps of the lexicon's build options).
      const a = await evaluate(m, process.env.BENCH_USE_BEST ? bestPipe : after(), which);
      console.log(line(`${which}: BEFORE ${v1.id} + plain FTS/RRF, no floor, ${m.oldAnswer ? "old responder" : "current responder"}`, b));
      console.log(line(`${which}: AFTER  ${v2.id} + expanded FTS, floor ${m.OFFLINE_HYBRID.relevance.floor}`, a));
      // What the ranking alone finds (floor 0): the gap to the line above is what the floor gives up for honest declines.
      const ranking = await evaluate(m, after({ ...m.OFFLINE_HYBRID, relevance: { ...m.OFFLINE_HYBRID.relevance, floor: 0 } }), which);
      console.log(`${which}: AFTER ranking without the floor: recall@5 ${f2(ranking.recall)}`);
      if (process.env.BENCH_VERBOSE && which !== "all")
        for (const q of ranking.recallMisses) console.log(`    ${which} not in the top 5 even without the floor: ${q}`);
      if (which === "all") {
        const v1now = await evaluate(
          m,
          {
            search: new m.HybridSearch(v1, vectors, new m.KeywordSearch(store.d1, m.keywordExpansions), store.repo, m.OFFLINE_HYBRID),
            answer: (p) => m.answer(p),
          },
          which,
        );
        console.log(line(`${which}: ${v1.id} in the new pipeline (embedder alone swapped)`, v1now));
      }
      if (process.env.BENCH_VERBOSE && which !== "all") for (const x of a.misses) console.log(`    ${which} miss: ${x}`);
    }
    for (const { file, label, blind, set } of holdouts) {
      const held = paraphraseCheck(m, set);
      const hb = await evaluate(m, before, "all", set);
      const ha = await evaluate(m, after(), "all", set);
      console.log(
        `${label} (bench/data/${file}, written after the choices above; ${blind ? "blind: misses are not printed" : 'no weight tuned on it, but no longer blind: see its "about"'}): ${set.personas.length} persona(s), ${set.questions.length} questions (${held.paraphrases} paraphrases${held.bad.length ? `; VIOLATIONS: ${held.bad.join(" | ")}` : ""}), ${set.unanswerable.length} unanswerable`,
      );
      console.log(line(`${label}: BEFORE`, hb));
      console.log(line(`${label}: AFTER`, ha));
      const ranking = await evaluate(m, after({ ...m.OFFLINE_HYBRID, relevance: { ...m.OFFLINE_HYBRID.relevance, floor: 0 } }), "all", set);
      console.log(`${label}: AFTER ranking without the floor: recall@5 ${f2(ranking.recall)}`);
      if (process.env.BENCH_VERBOSE && (!blind || process.env.BENCH_UNBLIND))
        for (const x of [...ha.recallMisses.map((q) => `(not in the top 5) ${q}`), ...ha.misses]) console.log(`    ${label} miss: ${x}`);
    }
  }

  // ---- the same questions for owners with many notes: each labelled and held-out owner's notes among NOISE generated
  // chunks of their own, random words from the lexicon (so some share the question's words, or link to them, by chance).
  // The personas alone have fewer notes than the re-scored pool, so there every note is a candidate; here it must be found,
  // and dense unrelated text must not pass the floor. (Other owners' notes are no distractor: written in the first person,
  // each would be a true answer for an owner who had written it.)
  if (!process.env.BENCH_SPEED_ONLY && process.env.BENCH_SCALE !== "0") {
    const NOISE = Number(process.env.BENCH_NOISE ?? 500);
    const gen = corpus(
      m
        .vocabulary()
        .filter((_, i) => i % 13 === 0)
        .slice(0, 5000),
      11,
    );
    const big = localD1();
    const bigVectors = memoryVectors();
    const sets = [data, ...holdouts.map((h) => h.set)];
    for (const set of sets) await indexPersonas(m, big, bigVectors, [v2], set);
    for (const p of sets.flatMap((x) => x.personas)) {
      const chunks = m.chunkText(Array.from({ length: NOISE }, gen.paragraph).join("\n\n"), true).slice(0, NOISE);
      big.insertDoc.run(`doc_${p.id}_noise`, p.id, "Notes");
      chunks.forEach((c, i) => big.insertChunk.run(`chk_${p.id}_noise_${i}`, `doc_${p.id}_noise`, p.id, 1000 + i, c.heading, c.content));
      const vs = await v2.embed(chunks.map(embedText), "document");
      await bigVectors.upsert(
        p.id,
        v2.id,
        chunks.map((c, i) => ({ chunkId: `chk_${p.id}_noise_${i}`, documentId: `doc_${p.id}_noise`, vector: vs[i] })),
      );
    }
    const bigIndex = { index: new m.KnowledgeIndex(big.repo, new m.KnowledgeIndexCache()), expand: m.keywordExpansions };
    const pipe = {
      search: new m.HybridSearch(v2, bigVectors, new m.KeywordSearch(big.d1, m.keywordExpansions), big.repo, { ...m.OFFLINE_HYBRID, index: bigIndex }),
      answer: (prompt) => m.answer(prompt),
    };
    const label = ["labelled", ...holdouts.map((h) => h.label)];
    const rows = [];
    for (const [i, set] of sets.entries()) {
      const r = await evaluate(m, pipe, "all", set);
      rows.push(`${label[i]} ${f2(r.recall)} / ${f2(r.fact)} / ${f2(r.decline)}`);
      if (process.env.BENCH_VERBOSE && i === 0) for (const q of r.recallMisses) console.log(`    among noise, not in the top 5: ${q}`);
    }
    console.log(`among ${NOISE} chunks of random words per owner (recall@5 / fact / declined): ${rows.join("; ")}`);
  }

  // ---- speed over 10,000 chunks, before/after (BENCH_SPEED=0 skips it)
  if (process.env.BENCH_SPEED === "0") return;
  const vocab = m.vocabulary();
  const gen = corpus(vocab.filter((_, i) => i % 13 === 0).slice(0, 5000));
  const target = Number(process.env.BENCH_CHUNKS ?? 10_000);
  const text = Array.from({ length: target * 2 }, gen.paragraph).join("\n\n");
  const chunks = m.chunkText(text, true).slice(0, target);
  const speed = {};
  // "after" searches as the app does for a user whose knowledge fits in memory (10,000 chunks do: the in-memory keyword
  // index, relevance profiles cached with it); "after-d1" as for one too big for it (D1 FTS5, profiles per search).
  for (const [label, e] of [
    ["before", v1],
    ["after", v2],
    ["after-d1", v2],
  ]) {
    const t = performance.now();
    const vs = await e.embed(chunks.map(embedText), "document");
    const secs = (performance.now() - t) / 1000;
    const s = localD1();
    const mem = memoryVectors();
    s.insertDoc.run("doc_big", "big", "Bench");
    const t2 = performance.now();
    chunks.forEach((c, i) => s.insertChunk.run(`chk_${i}`, "doc_big", "big", i, c.heading, c.content));
    await mem.upsert(
      "big",
      e.id,
      chunks.map((c, i) => ({ chunkId: `chk_${i}`, documentId: "doc_big", vector: vs[i] })),
    );
    const storeSecs = (performance.now() - t2) / 1000;
    const search =
      label === "before"
        ? new m.HybridSearch(v1, mem, new m.KeywordSearch(s.d1), s.repo)
        : new m.HybridSearch(v2, mem, new m.KeywordSearch(s.d1, m.keywordExpansions), s.repo, {
            ...m.OFFLINE_HYBRID,
            ...(label === "after" ? { index: { index: new m.KnowledgeIndex(s.repo, new m.KnowledgeIndexCache()), expand: m.keywordExpansions } } : {}),
          });
    const queries = Array.from({ length: 200 }, () => `What about ${gen.word()} and ${gen.word()} ${gen.word()}?`);
    const tw = performance.now();
    for (const q of queries.slice(0, 10)) await search.search("big", q, 5); // warm-up (lexicon reverse index, statement cache, the index's load)
    const warm = performance.now() - tw;
    const lat = [];
    for (const q of queries) {
      const t3 = performance.now();
      await search.search("big", q, 5);
      lat.push(performance.now() - t3);
    }
    lat.sort((a, b) => a - b);
    speed[label] = { rate: chunks.length / (secs + storeSecs), p50: lat[100], p99: lat[197] };
    console.log(
      `${label.padEnd(8)} ${e.id}: index ${chunks.length} chunks (embed + FTS + vectors) at ${Math.round(speed[label].rate)} chunks/s; search over them p50 ${lat[100].toFixed(1)} ms p99 ${lat[197].toFixed(1)} ms (first 10 searches ${warm.toFixed(0)} ms)`,
    );
  }
  const pct = (x) => (x > 0 ? `${(x * 100).toFixed(0)}% slower` : `${(-x * 100).toFixed(0)}% faster`);
  console.log(
    `indexing ${pct(1 - speed.after.rate / speed.before.rate)}, search p50 ${pct(speed.after.p50 / speed.before.p50 - 1)} (limit: 20%); from D1 FTS5 (a user too big for memory) p50 ${pct(speed["after-d1"].p50 / speed.before.p50 - 1)}`,
  );
}
