// Re-index: after the embedder changes, one action re-embeds every document with the current
// embedder from its stored chunks; chunks (and so keyword search) are never touched.
import { describe, it, expect, vi } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { makePdf } from "../../support/fixtures/pdf";
import { upload, waitForStatus } from "../../support/knowledge";
import { container, repos, runtime } from "../../support/container";
import { runJob } from "../../../queue-consumers/index";
import { KNOWLEDGE_REINDEX_JOB } from "../../../worker/modules/knowledge/knowledge.service";
import { LexicalConceptEmbedder } from "../../../worker/platform/embedder/lexical-concepts";

// The default (offline) embedder's id, whatever its version.
const LEXICAL = new LexicalConceptEmbedder().id;
const NEW_VARS = { EMBEDDINGS_API_KEY: "test-embeddings-key", EMBEDDINGS_MODEL: "mock-16", EMBEDDINGS_DIMENSIONS: "16" };
const newEnv = () => ({ ...env, ...NEW_VARS, EMBEDDINGS_BASE_URL: `${env.TEST_MOCK_API_URL}/v1` });

async function vectorsOf(userId: string) {
  const { results } = await env.DB.prepare("SELECT chunk_id, embedder, dims FROM knowledge_vectors WHERE user_id = ? ORDER BY chunk_id")
    .bind(userId)
    .all<{ chunk_id: string; embedder: string; dims: number }>();
  return results;
}

async function chunkIds(userId: string) {
  const { results } = await env.DB.prepare("SELECT id FROM knowledge_chunks WHERE user_id = ? ORDER BY id").bind(userId).all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Three ready documents (note, Markdown, PDF) indexed by the default lexical embedder. */
async function library() {
  const u = await registerUser();
  const docs = [
    await api("POST", "/api/knowledge", { token: u.token, body: { title: "Boat", content: "Our boat is called Albatross and sleeps four." } }),
    await upload(u.token, new Blob(["# Garden\n\nThe quince tree fruits in October.\n\n## Beds\n\nLeeks and chard."]), "garden.md"),
    await upload(u.token, new Blob([makePdf([["Page one: the harbour at Horta."], ["Page two: whales off Pico."]])]), "trip.pdf"),
  ];
  for (const d of docs) await waitForStatus(u.token, d.body.id);
  return { u, ids: docs.map((d) => d.body.id as string) };
}

describe("re-index", () => {
  it("switches every vector to the new embedder id, keeping chunks and keyword search throughout", async () => {
    const { u, ids } = await library();
    const chunksBefore = await chunkIds(u.user.id);
    const before = await vectorsOf(u.user.id);
    expect(before.length).toBe(chunksBefore.length);
    expect(new Set(before.map((v) => v.embedder))).toEqual(new Set([LEXICAL]));

    // The deployment now uses another embedder: documents are found by keywords only until re-indexed.
    const next = container(newEnv());
    const newId = "openai:mock-16@16";
    expect(await next.knowledgeBase.reindexStatus(u.user.id)).toMatchObject({ embedder: newId, documents: 3, current: 0, job: null });
    const kw = await next.knowledge.search(u.user.id, "quince", 3);
    expect(kw[0]).toMatchObject({ documentId: ids[1] });

    const job = await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_REINDEX_JOB, subjectId: "knowledge.reindex" });
    expect(await runJob(runtime([], newEnv()), job.id)).toBe("succeeded");
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "succeeded", progress: 100 });
    expect(JSON.parse((await repos().jobs.find(job.id))!.result!)).toMatchObject({ documents: 3, chunks: chunksBefore.length, embedder: newId });

    const after = await vectorsOf(u.user.id);
    expect(after.map((v) => v.chunk_id)).toEqual(before.map((v) => v.chunk_id));
    expect(after.every((v) => v.embedder === newId && v.dims === 16)).toBe(true);
    expect(await chunkIds(u.user.id)).toEqual(chunksBefore);
    for (const id of ids) expect((await repos().knowledge.find(id))!.embedder).toBe(newId);
    expect(await next.knowledgeBase.reindexStatus(u.user.id)).toMatchObject({
      documents: 3,
      current: 3,
      job: { id: job.id, status: "succeeded", progress: 100 },
    });
    // Vector search with the new embedder now finds the documents; keyword search still does.
    const hits = await next.knowledge.search(u.user.id, "whales off Pico", 3);
    expect(hits[0]).toMatchObject({ documentId: ids[2], heading: "Page 2" });

    // Running it again has nothing to do (resumable: documents already current are skipped).
    const again = await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_REINDEX_JOB, subjectId: "knowledge.reindex" });
    expect(await runJob(runtime([], newEnv()), again.id)).toBe("succeeded");
    expect(JSON.parse((await repos().jobs.find(again.id))!.result!)).toMatchObject({ documents: 0, chunks: 0 });
  });

  it("POST /api/knowledge/reindex runs in the background and reports progress until every document is current; one run at a time", async () => {
    const { u, ids } = await library();
    // As if these were indexed by an earlier embedder.
    await env.DB.prepare("UPDATE knowledge_vectors SET embedder = 'old-model@512' WHERE user_id = ?").bind(u.user.id).run();
    await env.DB.prepare("UPDATE knowledge_documents SET embedder = 'old-model@512' WHERE user_id = ?").bind(u.user.id).run();
    const status = await api("GET", "/api/knowledge/reindex", { token: u.token });
    expect(status.body).toEqual({ embedder: LEXICAL, documents: 3, current: 0, job: null });

    const started = await api("POST", "/api/knowledge/reindex", { token: u.token });
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ id: expect.stringMatching(/^job_/) });
    const done = await vi.waitFor(
      async () => {
        const s = await api("GET", "/api/knowledge/reindex", { token: u.token });
        expect(s.body).toMatchObject({ current: 3, job: { status: "succeeded", progress: 100 } });
        return s.body;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(done.job.id).toBe(started.body.job.id);
    expect(new Set((await vectorsOf(u.user.id)).map((v) => v.embedder))).toEqual(new Set([LEXICAL]));
    for (const id of ids) expect((await repos().knowledge.find(id))!.embedder).toBe(LEXICAL);

    // Another user's status is their own.
    const other = await registerUser();
    expect((await api("GET", "/api/knowledge/reindex", { token: other.token })).body).toEqual({ embedder: LEXICAL, documents: 0, current: 0, job: null });
  });

  it("a second POST while a run is queued returns that run instead of starting another", async () => {
    const u = await registerUser();
    await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_REINDEX_JOB, subjectId: "knowledge.reindex" });
    const first = (await container().knowledgeBase.reindexStatus(u.user.id)).job!;
    const r = await api("POST", "/api/knowledge/reindex", { token: u.token });
    expect(r.body.job.id).toBe(first.id);
  });
});
