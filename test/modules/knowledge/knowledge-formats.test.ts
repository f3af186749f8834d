// Word documents, HTML files and ZIP notes exports: headings become chunk headings, a ZIP becomes
// one document per file, and unsafe archives (bombs, path traversal) are refused with nothing stored.
import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { strToU8, zipSync } from "fflate";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { form, r2Keys, upload, waitForStatus } from "../../support/knowledge";
import { makeDocx } from "../../support/fixtures/docx";
import { listZip, ZipRefusedError } from "../../../worker/modules/knowledge/zip";
import { docxText } from "../../../worker/modules/knowledge/docx-extract";
import { extractChunks } from "../../../worker/modules/knowledge/extract";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

async function chunks(documentId: string) {
  const { results } = await env.DB.prepare("SELECT heading, content FROM knowledge_chunks WHERE document_id = ? ORDER BY position")
    .bind(documentId)
    .all<{ heading: string; content: string }>();
  return results;
}

const importZip = (token: string, bytes: Uint8Array, name = "notes.zip") => api("POST", "/api/knowledge/import", { token, raw: form(new Blob([bytes]), name) });

async function documentCount(userId: string) {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM knowledge_documents WHERE user_id = ?").bind(userId).first<number>("n")) ?? 0;
}

describe("DOCX", () => {
  const resume = makeDocx([
    { text: "Ada Lovelace — curriculum vitae" },
    { heading: 1, text: "Career" },
    { text: "Analyst at the Difference Engine Company since 1843." },
    { heading: 2, text: "Publications" },
    { text: "Notes on the Analytical Engine, with the first published algorithm.", list: true },
    { heading: 1, text: "Languages" },
    {
      table: [
        ["Language", "Level"],
        ["French", "fluent"],
        ["Italian", "reading"],
      ],
    },
  ]);

  it("an uploaded .docx with headings and a table → chunks under their heading paths, table rows kept whole", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob([resume], { type: DOCX }), "cv.docx");
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ mimeType: DOCX, kind: "document", title: "cv" });
    await waitForStatus(u.token, res.body.id);
    const got = await chunks(res.body.id);
    expect(got.map((c) => c.heading)).toEqual(["", "Career", "Career › Publications", "Languages"]);
    expect(got[1]!.content).toBe("Analyst at the Difference Engine Company since 1843.");
    expect(got[2]!.content).toBe("- Notes on the Analytical Engine, with the first published algorithm.");
    expect(got[3]!.content).toBe("Language | Level\nFrench | fluent\nItalian | reading");
    const hits = await api("GET", "/api/knowledge/search?q=Italian", { token: u.token });
    expect(hits.body.results[0]).toMatchObject({ documentId: res.body.id, heading: "Languages" });
  });

  it("a ZIP that is not a Word document is not accepted as an upload (415), and a broken one neither", async () => {
    const u = await registerUser();
    const notes = zipSync({ "a.md": strToU8("# A\ntext") });
    const r = await upload(u.token, new Blob([notes]), "resume.docx");
    expect(r.status).toBe(415);
    expectErrorShape(r.body, "unsupported_media_type");
    expect(r.body.error.message).toMatch(/import/);
    expect((await upload(u.token, new Blob([resume.subarray(0, 200)]), "cut.docx")).status).toBe(415);
    expect(await r2Keys(u.user.id)).toEqual([]);
  });

  it("reads headings from styles.xml (localised style ids) and outline levels", () => {
    const sections = docxText(resume);
    expect(sections.map((s) => s.heading)).toEqual(["", "Career", "Career › Publications", "Languages"]);
  });
});

describe("HTML files", () => {
  it("headings become chunk headings; scripts, styles and page furniture are left out", async () => {
    const html = `<!doctype html><html><head><title>Trip notes</title><style>p{color:red}</style></head><body>
      <nav><a href="/">Home</a> <a href="/x">Elsewhere</a></nav>
      <h1>Azores</h1><p>We sailed from Horta on the <em>third</em> of May.</p>
      <h2>Food</h2><ul><li>Cozido cooked in volcanic ground</li><li>Queijadas</li></ul>
      <script>var tracking = "should-not-appear";</script>
      <footer>Exported by NotesApp</footer></body></html>`;
    const got = await extractChunks(new TextEncoder().encode(html), "text/html");
    expect(got.map((c) => [c.heading, c.content])).toEqual([
      ["Azores", "We sailed from Horta on the third of May."],
      ["Azores › Food", "- Cozido cooked in volcanic ground\n- Queijadas"],
    ]);
  });

  it("an uploaded .html file is sniffed as HTML and indexed", async () => {
    const u = await registerUser();
    const res = await upload(u.token, new Blob(["<html><body><h2>Plans</h2><p>Climb Pico in June.</p></body></html>"]), "plans.htm");
    expect(res.body.mimeType).toBe("text/html");
    await waitForStatus(u.token, res.body.id);
    expect(await chunks(res.body.id)).toEqual([{ heading: "Plans", content: "Climb Pico in June." }]);
  });
});

describe("ZIP notes export", () => {
  it("a ZIP with 20 files → 20 documents, each indexed, with per-file results (junk skipped)", async () => {
    const u = await registerUser();
    const files: Record<string, Uint8Array> = { "__MACOSX/._note-01.md": strToU8("junk"), "export/.DS_Store": new Uint8Array([0, 1, 2]) };
    for (let i = 1; i <= 20; i++) {
      const n = String(i).padStart(2, "0");
      const ext = i % 3 === 0 ? "html" : i % 3 === 1 ? "md" : "txt";
      files[`export/note-${n}.${ext}`] = strToU8(
        ext === "html"
          ? `<html><body><h1>Note ${n}</h1><p>Fact number ${n} is kiwi${n}.</p></body></html>`
          : ext === "md"
            ? `# Note ${n}\n\nFact number ${n} is kiwi${n}.`
            : `Fact number ${n} is kiwi${n}.`,
      );
    }
    files["export/photo.png"] = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const res = await importZip(u.token, zipSync(files));
    expect(res.status).toBe(202);
    const queued = res.body.results.filter((r: any) => r.status === "queued");
    expect(queued).toHaveLength(20);
    expect(res.body.results.filter((r: any) => r.status === "skipped")).toEqual([
      { name: "export/photo.png", status: "skipped", reason: expect.stringMatching(/Not a PDF/) },
    ]);
    expect(await documentCount(u.user.id)).toBe(20);
    for (const r of queued) await waitForStatus(u.token, r.document.id);
    const mimes = new Set(queued.map((r: any) => r.document.mimeType));
    expect(mimes).toEqual(new Set(["text/markdown", "text/plain", "text/html"]));
    expect(queued.find((r: any) => r.name === "export/note-07.md").document.title).toBe("note-07");
    const hit = await api("GET", "/api/knowledge/search?q=kiwi13", { token: u.token });
    expect(hit.body.results[0]).toMatchObject({ title: "note-13", content: expect.stringContaining("kiwi13") });
  });

  it("a zip bomb is refused (422) and nothing is stored", async () => {
    const u = await registerUser();
    // 30 MB of zeros (under the 32 MB import total) deflate to ~30 KB: a ratio no notes export has.
    const bomb = zipSync({ "notes/readme.md": strToU8("# Hi"), "notes/big.txt": new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const res = await importZip(u.token, bomb);
    expect(res.status).toBe(422);
    expectErrorShape(res.body, "validation_failed");
    expect(res.body.error.message).toMatch(/zip bomb/);
    expect(await documentCount(u.user.id)).toBe(0);
    expect(await r2Keys(u.user.id)).toEqual([]);
  });

  it("an archive with a ../ entry is refused (422) and nothing is stored, even its safe files", async () => {
    const u = await registerUser();
    const evil = zipSync({ "notes/ok.md": strToU8("# Fine\nsafe text"), "../../etc/evil.md": strToU8("# Evil") });
    const res = await importZip(u.token, evil);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/unsafe path "..\/..\/etc\/evil.md"/);
    expect(await documentCount(u.user.id)).toBe(0);
    expect(await r2Keys(u.user.id)).toEqual([]);
    for (const name of ["/abs/path.md", "C:\\temp\\x.md", "a/../../b.md", "notes\\..\\..\\x.md"]) {
      expect(() => listZip(zipSync({ [name]: strToU8("x") })), name).toThrow(ZipRefusedError);
    }
  });

  it("an archive declaring more than the total limit is refused before inflating; a non-ZIP is 415", async () => {
    expect(() =>
      listZip(zipSync({ "a.txt": new Uint8Array(3000), "b.txt": new Uint8Array(3000) }), { maxEntries: 10, maxTotalBytes: 5000, maxRatio: 1e9 }),
    ).toThrow(/unpacks to more than/);
    expect(() =>
      listZip(zipSync({ "a.txt": strToU8("a"), "b.txt": strToU8("b"), "c.txt": strToU8("c") }), { maxEntries: 2, maxTotalBytes: 1e9, maxRatio: 1e9 }),
    ).toThrow(/more than 2 files/);
    const u = await registerUser();
    const res = await importZip(u.token, strToU8("# just markdown"), "notes.md");
    expect(res.status).toBe(415);
    // An import runs in one request (an R2 write, D1 rows and a queue message per file): 200 files at most.
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 201; i++) many[`n${i}.txt`] = strToU8(`note ${i}`);
    const tooMany = await importZip(u.token, zipSync(many));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.message).toMatch(/more than 200 files/);
    expect(await documentCount(u.user.id)).toBe(0);
  });

  it("another user cannot see the imported documents", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const res = await importZip(a.token, zipSync({ "x.md": strToU8("# Secret\nprivate plum") }));
    const id = res.body.results[0].document.id;
    expect((await api("GET", `/api/knowledge/${id}`, { token: b.token })).status).toBe(404);
  });
});
