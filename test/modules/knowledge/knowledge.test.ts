import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { makePdf } from "../../support/fixtures/pdf";
import { chunkRows, r2Keys, upload, vectorCount, waitForStatus } from "../../support/knowledge";
import worker from "../../../worker/index";

const PDF_PAGES = [
  ["Curriculum notes", "I studied civil engineering at the University of Porto."],
  ["Hobbies", "On weekends I go bouldering in Fontainebleau with my sister.", "I also keep bees on the roof of my building."],
];

describe("knowledge: notes, uploads, indexing, search (happy path)", () => {
  it("a note is indexed by the queue consumer and found by search", async () => {
    const u = await registerUser();
    const res = await api("POST", "/api/knowledge", { token: u.token, body: { title: "Food", content: "# Cooking\nMy signature dish is a saffron risotto." } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: "Food", source: "note", mimeType: "text/markdown", status: "queued", chunkCount: 0, error: null });
    expect(res.body.jobId).toMatch(/^job_/);
    const doc = await waitForStatus(u.token, res.body.id);
    expect(doc).toMatchObject({ status: "ready", progress: 100, chunkCount: 1 });
    const job = await api("GET", `/api/jobs/${res.body.jobId}`, { token: u.token });
    expect(job.body).toMatchObject({ kind: "knowledge.index", status: "succeeded", subjectId: res.body.id });
    const s = await api("GET", "/api/knowledge/search?q=what%20is%20your%20signature%20dish%3F", { token: u.token });
    expect(s.status).toBe(200);
    expect(s.body.results[0]).toMatchObject({ documentId: res.body.id, title: "Food", position: 0, heading: "Cooking" });
    expect(s.body.results[0].content).toContain("saffron risotto");
  });

  it("a PDF generated here is stored in R2, extracted with unpdf, chunked by page and searchable", async () => {
    const u = await registerUser();
    const pdf = makePdf(PDF_PAGES);
    const res = await upload(u.token, new Blob([pdf], { type: "application/pdf" }), "about-me.pdf");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ title: "about-me", source: "upload", mimeType: "application/pdf", sizeBytes: pdf.length });
    const key = `users/${u.user.id}/knowledge/${res.body.id}`;
    const stored = await env.BUCKET.get(key);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(pdf);
    const doc = await waitForStatus(u.token, res.body.id);
    expect(doc.chunkCount).toBe(2);
    expect(await vectorCount(res.body.id)).toBe(2);
    const s = await api("GET", "/api/knowledge/search?q=where%20do%20you%20go%20bouldering&k=1", { token: u.token });
    expect(s.body.results).toHaveLength(1);
    expect(s.body.results[0]).toMatchObject({ documentId: res.body.id, heading: "Page 2", position: 1 });
    expect(s.body.results[0].content).toContain("Fontainebleau");
  });

  it("Markdown and text uploads are sniffed from their bytes, titled from the form or the file name", async () => {
    const u = await registerUser();
    const md = await upload(u.token, new Blob(["# Pets\nA cat called Miso."]), "pets.md", "My pets");
    expect(md.status).toBe(202);
    expect(md.body).toMatchObject({ title: "My pets", mimeType: "text/markdown" });
    // Declared as a PDF but really text: the bytes decide.
    const txt = await upload(u.token, new Blob(["Plain words, café and naïve UTF-8."], { type: "application/pdf" }), "notes.txt");
    expect(txt.body).toMatchObject({ title: "notes", mimeType: "text/plain" });
    await waitForStatus(u.token, md.body.id);
    await waitForStatus(u.token, txt.body.id);
  });

  it("lists newest first with cursor pagination, title search and status filter", async () => {
    const u = await registerUser();
    const ids: string[] = [];
    const jobIds: string[] = [];
    for (const title of ["Alpha trip", "Beta recipes", "Gamma trip", "100% done_ok"]) {
      const created = (await api("POST", "/api/knowledge", { token: u.token, body: { title, content: `${title} body text.` } })).body;
      ids.push(created.id);
      jobIds.push(created.jobId);
    }
    const p1 = await api("GET", "/api/knowledge?limit=3", { token: u.token });
    expect(p1.body.items.map((d: any) => d.id)).toEqual([ids[3], ids[2], ids[1]]);
    // Each listed document carries its own indexing job (read for the whole page at once).
    expect(p1.body.items.map((d: any) => d.jobId)).toEqual([jobIds[3], jobIds[2], jobIds[1]]);
    expect(p1.body.nextCursor).toEqual(expect.any(String));
    const p2 = await api("GET", `/api/knowledge?limit=3&cursor=${p1.body.nextCursor}`, { token: u.token });
    expect(p2.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const trips = await api("GET", "/api/knowledge?q=TRIP", { token: u.token });
    expect(trips.body.items.map((d: any) => d.title)).toEqual(["Gamma trip", "Alpha trip"]);
    // LIKE wildcards in q are literal.
    expect((await api("GET", "/api/knowledge?q=0%25%20done_", { token: u.token })).body.items).toHaveLength(1);
    expect((await api("GET", "/api/knowledge?q=%25", { token: u.token })).body.items).toHaveLength(1);
    for (const id of ids) await waitForStatus(u.token, id);
    expect((await api("GET", "/api/knowledge?status=ready", { token: u.token })).body.items).toHaveLength(4);
    expect((await api("GET", "/api/knowledge?status=failed", { token: u.token })).body.items).toHaveLength(0);
  });

  it("delete cascades to chunks, vectors and the R2 original", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob([makePdf(PDF_PAGES)]), "cv.pdf");
    await waitForStatus(u.token, res.body.id);
    expect(await r2Keys(u.user.id)).toHaveLength(1);
    const del = await api("DELETE", `/api/knowledge/${res.body.id}`, { token: u.token });
    expect(del.status).toBe(204);
    expect(await r2Keys(u.user.id)).toEqual([]);
    expect(await chunkRows(res.body.id)).toEqual([]);
    expect(await vectorCount(res.body.id)).toBe(0);
    expect((await api("GET", `/api/knowledge/${res.body.id}`, { token: u.token })).status).toBe(404);
    expect((await api("GET", "/api/knowledge/search?q=bouldering", { token: u.token })).body.results).toEqual([]);
  });

  it("export includes documents and chunk texts; account deletion removes vectors and files", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob([makePdf(PDF_PAGES)]), "cv.pdf");
    await waitForStatus(u.token, res.body.id);
    const exp = await api("GET", "/api/users/me/export", { token: u.token });
    expect(exp.body.data.knowledgeDocuments[0].id).toBe(res.body.id);
    expect(exp.body.knowledgeChunks.map((c: any) => c.heading)).toEqual(["Page 1", "Page 2"]);
    expect((await api("DELETE", "/api/users/me", { token: u.token, body: { password: u.password } })).status).toBe(204);
    expect(await r2Keys(u.user.id)).toEqual([]);
    expect(await vectorCount(res.body.id)).toBe(0);
  });

  it("health reports the embedder and vector store ports", async () => {
    const res = await api("GET", "/api/health");
    expect(res.body.ports.embedder).toEqual({ mode: "local", adapter: expect.stringContaining("lexical-hash-v5@512") });
    expect(res.body.ports.vectorStore).toEqual({ mode: "local", adapter: "d1-exact-cosine (int8)" });
  });
});

/** The app with other env values (its own services container), e.g. a small upload limit. */
async function withEnv(overrides: Record<string, string>, req: Request) {
  const res = await worker.fetch(req, { ...env, ...overrides } as any, { waitUntil() {}, passThroughOnException() {} } as any);
  return { status: res.status, body: await res.json<any>() };
}

describe("knowledge: errors", () => {
  const uploadReq = (token: string, body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://example.com/api/knowledge/upload", { method: "POST", headers: { authorization: `Bearer ${token}`, ...headers }, body });

  async function nothingStored(u: { token: string; user: { id: string } }) {
    expect(await r2Keys(u.user.id)).toEqual([]);
    expect((await api("GET", "/api/knowledge", { token: u.token })).body.items).toEqual([]);
  }

  it("a file over MAX_UPLOAD_SIZE → 413 and nothing stored (checked on the parsed file)", async () => {
    const u = await registerUser();
    const fd = new FormData();
    fd.append("file", new Blob(["a".repeat(2000)]), "big.txt");
    const res = await withEnv({ MAX_UPLOAD_SIZE: "1000" }, uploadReq(u.token, fd));
    expect(res.status).toBe(413);
    expectErrorShape(res.body, "payload_too_large");
    await nothingStored(u);
  });

  it("a body whose Content-Length is over the limit → 413 before it is read", async () => {
    const u = await registerUser();
    const fd = new FormData();
    fd.append("file", new Blob(["a".repeat(200_000)]), "big.txt");
    const body = await new Response(fd).arrayBuffer();
    const type = new Response(fd).headers.get("content-type")!;
    const res = await withEnv({ MAX_UPLOAD_SIZE: "1000" }, uploadReq(u.token, body, { "content-type": type, "content-length": String(body.byteLength) }));
    expect(res.status).toBe(413);
    await nothingStored(u);
  });

  it("wrong types → 415 whatever the name or declared type says, and nothing stored", async () => {
    const u = await registerUser();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);
    const binary = new Uint8Array([1, 2, 3, 0, 255, 254, 0, 7]);
    for (const [bytes, name, type] of [
      [png, "photo.pdf", "application/pdf"],
      [zip, "resume.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      [zip, "notes.txt", "text/plain"],
      [binary, "notes.md", "text/markdown"],
      [new Uint8Array([0xc3, 0x28, 0x41]), "latin.txt", "text/plain"], // invalid UTF-8
    ] as const) {
      const res = await upload(u.token, new Blob([bytes], { type }), name);
      expect(res.status, name).toBe(415);
      expectErrorShape(res.body, "unsupported_media_type");
    }
    await nothingStored(u);
  });

  it("missing file or empty file → 4xx; invalid note → 422; bad cursor → 422", async () => {
    const u = await registerUser();
    const fd = new FormData();
    fd.append("title", "no file");
    expect((await api("POST", "/api/knowledge/upload", { token: u.token, raw: fd })).status).toBe(422);
    // An empty file is said to be empty (as the avatar upload says), not refused as a wrong type (QA walk-through bug 7).
    const empty = await upload(u.token, new Blob([]), "empty.txt");
    expect(empty.status).toBe(400);
    expectErrorShape(empty.body, "bad_request");
    expect(empty.body.error.message).toBe("The file is empty");
    const note = await api("POST", "/api/knowledge", { token: u.token, body: { title: "", content: "x" } });
    expect(note.status).toBe(422);
    expectErrorShape(note.body, "validation_failed");
    expect((await api("GET", "/api/knowledge?cursor=not-a-cursor", { token: u.token })).status).toBe(422);
    expect((await api("GET", "/api/knowledge?status=done", { token: u.token })).status).toBe(422);
    expect((await api("GET", "/api/knowledge/search?q=", { token: u.token })).status).toBe(422);
    await nothingStored(u);
  });

  it("requires sign-in", async () => {
    for (const [m, p] of [
      ["GET", "/api/knowledge"],
      ["POST", "/api/knowledge"],
      ["GET", "/api/knowledge/search?q=x"],
      ["DELETE", "/api/knowledge/doc_x"],
    ] as const) {
      expect((await api(m, p)).status).toBe(401);
    }
  });
});

describe("knowledge: security (cross-user isolation)", () => {
  it("user B can never list, read, search or delete user A's knowledge", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const doc = await api("POST", "/api/knowledge", {
      token: a.token,
      body: { title: "Secret diary", content: "My bank PIN hint is the name of my first hamster Pippin." },
    });
    await waitForStatus(a.token, doc.body.id);
    await api("POST", "/api/knowledge", { token: b.token, body: { title: "B's note", content: "Nothing about hamsters." } });

    const list = await api("GET", "/api/knowledge?q=Secret", { token: b.token });
    expect(list.body.items).toEqual([]);
    const read = await api("GET", `/api/knowledge/${doc.body.id}`, { token: b.token });
    expect(read.status).toBe(404);
    expectErrorShape(read.body, "not_found");
    const del = await api("DELETE", `/api/knowledge/${doc.body.id}`, { token: b.token });
    expect(del.status).toBe(404);
    expect((await api("GET", `/api/jobs/${doc.body.jobId}`, { token: b.token })).status).toBe(404);
    const search = await api("GET", "/api/knowledge/search?q=hamster%20Pippin%20PIN", { token: b.token });
    expect(search.body.results.every((r: any) => r.documentId !== doc.body.id)).toBe(true);
    // A's document is untouched by B's attempts.
    expect((await api("GET", `/api/knowledge/${doc.body.id}`, { token: a.token })).body.status).toBe("ready");
    expect((await api("GET", "/api/knowledge/search?q=hamster%20Pippin", { token: a.token })).body.results[0].documentId).toBe(doc.body.id);
  });
});
