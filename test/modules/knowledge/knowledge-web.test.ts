// Web pages as knowledge: fetched by the indexing job from a local web site (test/global/web-pages.mjs),
// only the main article indexed, cited with its URL; private addresses refused in production and
// on every redirect; re-fetch replaces the content.
import { describe, it, expect, vi } from "vitest";
import { env } from "cloudflare:test";
import { api, clientWithEnv, expectErrorShape, registerUser } from "../../support/client";
import { newConversation } from "../../support/chat";
import { r2Keys, waitForStatus } from "../../support/knowledge";
import { repos, runtime } from "../../support/container";
import { runJob } from "../../../queue-consumers/index";
import { KNOWLEDGE_INDEX_JOB, knowledgeKey } from "../../../worker/modules/knowledge/knowledge.service";
import { fetchPage, refusedReason, WebFetchError } from "../../../worker/modules/knowledge/web-fetch";

const site = () => env.TEST_WEB_URL;
const key = () => crypto.randomUUID().slice(0, 8);

async function chunkTexts(documentId: string) {
  const { results } = await env.DB.prepare("SELECT heading, content FROM knowledge_chunks WHERE document_id = ? ORDER BY position")
    .bind(documentId)
    .all<{ heading: string; content: string }>();
  return results;
}

const addUrl = (token: string, url: string, title?: string) => api("POST", "/api/knowledge/url", { token, body: { url, ...(title ? { title } : {}) } });

describe("web pages: main content only, cited by URL", () => {
  it("indexes only the article of a page with navigation, ads, sidebar and footer, and answers with a citation linking to the URL", async () => {
    const u = await registerUser();
    const url = `${site()}/article.html?k=${key()}`;
    const res = await addUrl(u.token, url);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: "web_page", url, status: "queued", title: url, fetchedAt: null });
    const done = await waitForStatus(u.token, res.body.id);
    expect(done).toMatchObject({ title: "Why tide pools matter", url, mimeType: "text/html", error: null });
    expect(done.fetchedAt).toBeGreaterThan(Date.now() - 60_000);

    const texts = await chunkTexts(res.body.id);
    const all = texts.map((c) => `${c.heading}\n${c.content}`).join("\n");
    expect(all).toContain("Tide pools are small worlds");
    expect(all).toContain("412 anemones");
    expect(texts.map((c) => c.heading)).toEqual(expect.arrayContaining(["The anemone's trick", "How to visit responsibly"]));
    // Navigation, ads, sidebar, comments and footer are not the article.
    for (const junk of ["zebracorn", "mattresses", "Newsletter", "Popular posts", "Cookie settings", "Contact"]) expect(all, junk).not.toContain(junk);

    const conv = await newConversation(u.token);
    const r = await api("POST", "/api/chat/send", {
      token: u.token,
      body: { conversation_id: conv.id, message: "How many anemones were counted in a single pool?" },
    });
    expect(r.status).toBe(200);
    expect(r.body.reply.content).toContain("412");
    expect(r.body.reply.citations[0]).toMatchObject({ documentId: res.body.id, title: "Why tide pools matter", url });
    const search = await api("GET", "/api/knowledge/search?q=anemones", { token: u.token });
    expect(search.body.results[0]).toMatchObject({ documentId: res.body.id, url });
  });

  // Walk-through 2026-12-04: a PDF imported by URL kept the URL as its title.
  it("a PDF page is titled by its document information, or else by its file name, not by the URL", async () => {
    const u = await registerUser();
    const titled = await addUrl(u.token, `${site()}/papers/field-notes.pdf`);
    expect((await waitForStatus(u.token, titled.body.id)).title).toBe("Tide pool field notes");
    const plain = await addUrl(u.token, `${site()}/papers/rock-pools-2024.pdf?k=${key()}`);
    expect((await waitForStatus(u.token, plain.body.id)).title).toBe("rock-pools-2024");
  });

  it("follows a redirect that stays allowed, and keeps a title the user typed", async () => {
    const u = await registerUser();
    const res = await addUrl(u.token, `${site()}/moved`, "Tide pools (my copy)");
    const done = await waitForStatus(u.token, res.body.id);
    expect(done.title).toBe("Tide pools (my copy)");
    expect((await chunkTexts(res.body.id)).some((c) => c.content.includes("green anemone"))).toBe(true);
  });

  it("re-fetch replaces the content with the page's current version", async () => {
    const u = await registerUser();
    const k = key();
    const res = await addUrl(u.token, `${site()}/article.html?k=${k}`);
    const first = await waitForStatus(u.token, res.body.id);
    expect(JSON.stringify(await chunkTexts(res.body.id))).not.toContain("ochre sea star");
    await fetch(`${site()}/bump?k=${k}`);
    const again = await api("POST", `/api/knowledge/${res.body.id}/refetch`, { token: u.token });
    expect(again.status).toBe(202);
    expect(again.body.jobId).not.toBe(res.body.jobId);
    await vi.waitFor(
      async () => {
        const doc = (await api("GET", `/api/knowledge/${res.body.id}`, { token: u.token })).body;
        expect(doc).toMatchObject({ status: "ready", fetchedAt: expect.any(Number) });
        expect(doc.fetchedAt).toBeGreaterThan(first.fetchedAt);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(JSON.stringify(await chunkTexts(res.body.id))).toContain("ochre sea star");
    expect((await (await fetch(`${site()}/hits?k=${k}`)).json()) as { hits: number }).toEqual({ hits: 2 });
    const search = await api("GET", "/api/knowledge/search?q=ochre", { token: u.token });
    expect(search.body.results[0].documentId).toBe(res.body.id);
  });

  it("re-fetch: 409 for a document that is not a web page, 404 for another user's page", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const note = await api("POST", "/api/knowledge", { token: a.token, body: { title: "n", content: "text" } });
    expect((await api("POST", `/api/knowledge/${note.body.id}/refetch`, { token: a.token })).status).toBe(409);
    const page = await addUrl(a.token, `${site()}/article.html?k=${key()}`);
    const other = await api("POST", `/api/knowledge/${page.body.id}/refetch`, { token: b.token });
    expect(other.status).toBe(404);
    expect((await api("GET", `/api/knowledge/${page.body.id}`, { token: b.token })).status).toBe(404);
  });
});

describe("web pages: SSRF and failures", () => {
  it("refuses private, loopback, link-local and non-http URLs in production mode (422, nothing stored)", async () => {
    const prod = clientWithEnv({ ENVIRONMENT: "production", KNOWLEDGE_FETCH_ALLOW_LOOPBACK: "true" });
    const u = await prod.register();
    for (const url of [
      `${site()}/article.html`,
      "http://localhost:8080/",
      "http://[::1]/",
      "http://2130706433/",
      "http://10.1.2.3/admin",
      "http://192.168.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[fe80::1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://printer.local/",
      "http://intranet/",
      "ftp://example.com/file",
      "http://user:pw@example.com/",
      "not a url",
    ]) {
      const r = await prod.api("POST", "/api/knowledge/url", { token: u.token, body: { url } });
      expect(r.status, url).toBe(422);
      expectErrorShape(r.body, "validation_failed");
    }
    expect((await prod.api("GET", "/api/knowledge", { token: u.token })).body.items).toEqual([]);
  });

  it("in development only loopback is allowed (by the setting), never private networks", async () => {
    const u = await registerUser();
    const r = await addUrl(u.token, "http://10.0.0.7/");
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/private/);
    expect(refusedReason("http://127.0.0.1:1/", false)).toMatch(/loopback/);
    expect(refusedReason("http://127.0.0.1:1/", true)).toBeNull();
    expect(refusedReason("https://example.com/post", false)).toBeNull();
  });

  it("a job run in production refuses a loopback URL stored earlier (the check is repeated at fetch time)", async () => {
    const u = await registerUser();
    const url = `${site()}/article.html?k=${key()}`;
    const doc = await repos().knowledge.create({
      userId: u.user.id,
      title: url,
      source: "upload",
      kind: "web_page",
      mimeType: "text/html",
      sizeBytes: 0,
      body: null,
      sourceUrl: url,
    });
    await env.DB.prepare("UPDATE knowledge_documents SET r2_key = ? WHERE id = ?").bind(knowledgeKey(u.user.id, doc.id), doc.id).run();
    const job = await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id });
    expect(await runJob(runtime([], { ...env, ENVIRONMENT: "production" }), job.id)).toBe("failed");
    const after = await repos().knowledge.find(doc.id);
    expect(after).toMatchObject({ status: "failed", chunkCount: 0 });
    expect(after!.error).toMatch(/loopback/);
    expect((await (await fetch(`${site()}/hits?k=${new URL(url).searchParams.get("k")}`)).json()) as { hits: number }).toEqual({ hits: 0 });
  });

  it("a redirect to a link-local or private address is refused with the reason, and nothing is indexed", async () => {
    const u = await registerUser();
    for (const [path, why] of [
      ["/to-metadata", /Redirected to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: .*link-local/],
      ["/to-private", /Redirected to http:\/\/10\.0\.0\.7\/admin: .*private/],
    ] as const) {
      const res = await addUrl(u.token, `${site()}${path}`);
      expect(res.status).toBe(202);
      const failed = await waitForStatus(u.token, res.body.id, "failed");
      expect(failed.error).toMatch(why);
      expect(failed.chunkCount).toBe(0);
    }
    expect(await r2Keys(u.user.id)).toEqual([]);
  });

  it("a redirect from a public page to a private one is refused without being requested (production policy)", async () => {
    const asked: string[] = [];
    const scripted = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      if (url === "https://blog.example.com/post") return new Response(null, { status: 302, headers: { location: "http://192.168.1.10/router" } });
      return new Response("<p>secret</p>", { headers: { "content-type": "text/html" } });
    }) as typeof fetch;
    const policy = { allowLoopback: false, maxBytes: 1024 * 1024, timeoutMs: 5000, maxRedirects: 5 };
    await expect(fetchPage("https://blog.example.com/post", policy, scripted)).rejects.toThrow(/Redirected to http:\/\/192\.168\.1\.10\/router: .*private/);
    expect(asked).toEqual(["https://blog.example.com/post"]);
  });

  it("a site that cannot be reached says so in words, not workerd's 'internal error; reference = …'", async () => {
    // What workerd's fetch throws when the name does not resolve or nothing answers (walk-through, offline).
    const unreachable = (async () => {
      throw new Error("internal error; reference = ld8h2diom27d5pdv7he6k94k");
    }) as typeof fetch;
    const policy = { allowLoopback: false, maxBytes: 1024 * 1024, timeoutMs: 5000, maxRedirects: 5 };
    const err = await fetchPage("https://example.com/about", policy, unreachable).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebFetchError);
    expect((err as Error).message).toBe("The page could not be fetched: the site could not be reached. Check the address, or try again later.");
    // A runtime message that does say something is kept for the owner to read.
    const reset = (async () => {
      throw new Error("Network connection lost.");
    }) as typeof fetch;
    await expect(fetchPage("https://example.com/about", policy, reset)).rejects.toThrow("The page could not be fetched: Network connection lost.");
  });

  it("size limits, non-pages and HTTP errors fail with a clear reason", async () => {
    const policy = { allowLoopback: true, maxBytes: 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5 };
    await expect(fetchPage(`${site()}/huge`, policy)).rejects.toThrow(/larger than 1 MB/);
    await expect(fetchPage(`${site()}/missing`, policy)).rejects.toThrow(WebFetchError);
    const u = await registerUser();
    const png = await addUrl(u.token, `${site()}/image.png`);
    expect((await waitForStatus(u.token, png.body.id, "failed")).error).toMatch(/image\/png; only HTML/);
    const missing = await addUrl(u.token, `${site()}/missing`);
    expect((await waitForStatus(u.token, missing.body.id, "failed")).error).toMatch(/HTTP 404/);
  });
});
