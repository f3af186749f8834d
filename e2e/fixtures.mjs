import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
// Contract-shaped answers for UI states that are hard to hold still against the live backend
// (a document mid-indexing, a queued upload, a long-ago conversation). Auth, profile and health stay
// real (wrangler dev); only these routes are answered by the page. full-flow.e2e.mjs uses no fixtures.
const now = Date.now();
const doc = (o) => ({
  source: "upload",
  mimeType: "application/pdf",
  sizeBytes: 182_000,
  status: "ready",
  progress: 100,
  chunkCount: 12,
  error: null,
  jobId: null,
  createdAt: now - 3_600_000,
  updatedAt: now,
  ...o,
});
const seedDocs = [
  doc({ id: "doc_cv", title: "Curriculum vitae" }),
  doc({
    id: "doc_notes",
    title: "Notes on the Analytical Engine",
    source: "note",
    mimeType: "text/plain",
    sizeBytes: 4200,
    status: "indexing",
    progress: 40,
    chunkCount: 0,
    jobId: "job_2",
  }),
];
const convo = { id: "conv_1", title: "First chat with my clone", createdAt: now - 60_000, updatedAt: now - 60_000, lastMessagePreview: "Where did you study?" };
const citation = {
  documentId: "doc_cv",
  chunkId: "chk_1",
  title: "Curriculum vitae",
  position: 0,
  snippet: "Privately tutored in mathematics by Augustus De Morgan, University of London.",
};
const message = (role, content, extra = {}) => ({
  id: `msg_${role}_${Math.random().toString(36).slice(2, 8)}`,
  conversationId: convo.id,
  role,
  content,
  citations: [],
  model: null,
  videoJobId: null,
  createdAt: Date.now(),
  ...extra,
});
const REPLY = "I studied mathematics privately, tutored by Augustus De Morgan at the University of London [1].";

const sse = (userText) => {
  const user = message("user", userText);
  const reply = message("assistant", REPLY, { citations: [citation], model: "offline-extractive" });
  const tokens = REPLY.match(/\S+\s*/g).map((t) => `event: token\ndata: ${JSON.stringify({ text: t })}\n\n`);
  return `event: meta\ndata: ${JSON.stringify({ conversationId: convo.id, userMessage: user })}\n\n${tokens.join("")}event: done\ndata: ${JSON.stringify({ reply })}\n\n`;
};

const photo =
  "data:image/svg+xml," +
  encodeURIComponent(
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 400 300'><defs><linearGradient id='g' x1='0' x2='1'><stop stop-color='#6052f5'/><stop offset='1' stop-color='#38bdf8'/></linearGradient></defs><rect width='400' height='300' fill='url(#g)'/><circle cx='200' cy='120' r='55' fill='#fff' opacity='.85'/><rect x='110' y='190' width='180' height='110' rx='80' fill='#fff' opacity='.85'/></svg>",
  );

/** Routes the contract's pending endpoints to fixtures; returns the requests it saw, for assertions. */
/** `avatar: null` starts without one (the onboarding step then offers the upload); default: a ready photo. */
const memory = {
  id: "mem_1",
  text: "I moved to London in 1835.",
  status: "accepted",
  origin: "rules",
  conversationId: null,
  messageId: null,
  documentId: "doc_mem",
  indexStatus: "ready",
  createdAt: now,
  updatedAt: now,
};

export async function routeContract(context, { avatar: startAvatar } = {}) {
  const seen = [];
  // Each browser context gets its own copy: an upload in one test must not show up in the next one's list.
  const docs = seedDocs.map((d) => ({ ...d }));
  let avatar =
    startAvatar !== undefined
      ? startAvatar
      : {
          id: "av_1",
          kind: "photo",
          mimeType: "image/png",
          sizeBytes: 512_000,
          status: "ready",
          progress: 100,
          error: null,
          provider: "local-ffmpeg",
          previewUrl: photo,
          posterUrl: null,
          createdAt: now,
          updatedAt: now,
        };
  // A newer upload that has not replaced `avatar` yet (GET /api/avatars/my-avatar's `replacement`): none to start with.
  let replacement = null;
  await context.route(/\/api\/(knowledge|conversations|chat|shares|avatars|public|memories)(\/|\?|$)/, async (route) => {
    const req = route.request();
    const { pathname } = new URL(req.url());
    const m = req.method();
    seen.push({ method: m, pathname, headers: req.headers(), size: req.postDataBuffer()?.length ?? 0 });
    const json = (body, status = 200) => route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
    if (pathname === "/api/knowledge" && m === "GET") return json({ items: docs, nextCursor: null });
    if (pathname === "/api/knowledge/upload" && m === "POST") {
      const d = doc({
        id: `doc_${docs.length}`,
        title: "ada-letters",
        mimeType: "text/plain",
        sizeBytes: req.postDataBuffer()?.length ?? 0,
        status: "queued",
        progress: 0,
        chunkCount: 0,
        jobId: "job_9",
      });
      docs.unshift(d);
      return json(d, 202);
    }
    // One of the two documents was indexed by an earlier embedder: the re-index panel shows.
    if (pathname === "/api/knowledge/reindex" && m === "GET") return json({ embedder: "lexical-hash-v1@512", documents: 2, current: 1, job: null });
    if (pathname === "/api/knowledge/search")
      return json({
        results: [
          { chunkId: "chk_1", documentId: "doc_cv", title: "Curriculum vitae", position: 0, heading: "Education", content: citation.snippet, score: 0.92 },
        ],
      });
    if (pathname === "/api/conversations" && m === "GET") return json({ items: [convo], nextCursor: null });
    if (pathname === "/api/conversations" && m === "POST") return json(convo, 201);
    if (pathname === `/api/conversations/${convo.id}`) return json(convo);
    if (pathname === `/api/conversations/${convo.id}/messages`) return json({ items: [], nextCursor: null });
    if ((pathname === "/api/chat/send" || pathname === "/api/public/tok_demo/chat") && m === "POST") {
      return route.fulfill({ status: 200, contentType: "text/event-stream", body: sse(JSON.parse(req.postData()).message) });
    }
    if (pathname === "/api/avatars/upload" && m === "POST") {
      const uploaded = {
        id: "av_2",
        kind: "video",
        mimeType: req.headers()["content-type"],
        sizeBytes: req.postDataBuffer()?.length ?? 0,
        status: "queued",
        progress: 0,
        error: null,
        provider: null,
        previewUrl: null,
        posterUrl: null,
        createdAt: now,
        updatedAt: now,
      };
      // As the server does: a ready avatar stays in use until the new upload is trained; any other is replaced at once.
      if (avatar?.status === "ready") replacement = uploaded;
      else [avatar, replacement] = [uploaded, null];
      return json(uploaded, 202);
    }
    if (pathname === "/api/avatars/my-avatar") return json(avatar && { ...avatar, replacement });
    if (pathname === "/api/memories" && m === "GET") return json({ items: [memory], nextCursor: null });
    if (pathname === "/api/memories/proposals") return json({ items: [] });
    if (pathname === "/api/public/tok_demo/memory" && m === "GET")
      return json({ notes: [{ kind: "asked", text: "Where did you study?", at: now - 86_400_000 }] });
    if (pathname === "/api/shares/sh_1/visitors")
      return json({
        items: [{ visitorId: "vis_1", conversations: 2, lastSeenAt: now - 3_600_000, notes: [{ kind: "said", text: "I'm a student in Turin.", at: now }] }],
      });
    if (pathname === "/api/shares" && m === "GET") {
      return json({
        items: [
          { id: "sh_1", label: "Portfolio site", url: "/share/tok_demo", token: "tok_demo", createdAt: now - 86_400_000, revokedAt: null },
          {
            id: "sh_2",
            label: "Old conference link",
            url: "/share/tok_old",
            token: "tok_old",
            createdAt: now - 9 * 86_400_000,
            revokedAt: now - 2 * 86_400_000,
          },
        ],
      });
    }
    if (pathname === "/api/public/tok_demo")
      return json({ name: "Ada Lovelace", headline: "Mathematician and first programmer", bio: "Ask me about the Analytical Engine.", avatarReady: true });
    if (pathname === "/api/public/tok_demo/conversations") return json({ conversation: convo, visitorToken: "vt_1" }, 201);
    return json({ error: { code: "not_found", message: `fixture has no ${m} ${pathname}`, requestId: "fixture" } }, 404);
  });
  return seen;
}

/** A PNG portrait of a real person (from the face-api package's demo photo), made with ffmpeg. */
export async function facePng() {
  const { facePhoto } = await import("../local-services/media-renderer/fixtures.mjs");
  const { run, TOOLS } = await import("../local-services/media-renderer/tools.mjs");
  const dir = await mkdtemp(join(tmpdir(), "e2e-face-"));
  try {
    const png = join(dir, "me.png");
    await run(TOOLS.ffmpeg, ["-v", "error", "-y", "-i", await facePhoto(dir, { size: 320 }), png]);
    return await readFile(png);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
