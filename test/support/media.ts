import { env } from "cloudflare:test";
import { api } from "./client";

export const mediaSkip = env.TEST_MEDIA_SKIP;
if (mediaSkip) console.warn(`[media tests] renderer-backed cases skipped: ${mediaSkip}`);

export const fromB64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
export const fixtures = () => ({ video: fromB64(env.TEST_FIXTURES.video), photo: fromB64(env.TEST_FIXTURES.photo), noFace: fromB64(env.TEST_FIXTURES.noFace) });

/** Bytes that sniff as the given type, padded to `size` (for the cases that never reach ffmpeg). */
export function fakeFile(kind: "mp4" | "png" | "text", size = 1024): Uint8Array {
  const b = new Uint8Array(size);
  const head =
    kind === "mp4"
      ? [0, 0, 0, 0x18, ...new TextEncoder().encode("ftypisom")]
      : kind === "png"
        ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        : [...new TextEncoder().encode("hello, not a video")];
  b.set(head);
  return b;
}

export function upload(token: string, bytes: Uint8Array, contentType: string, headers: Record<string, string> = {}) {
  return api("POST", "/api/avatars/upload", {
    token,
    raw: bytes,
    headers: { "content-type": contentType, "content-length": String(bytes.byteLength), ...headers },
  });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function waitForAvatar(token: string, id: string, status: "ready" | "failed" = "ready") {
  return waitFor(
    async () => {
      const r = await api("GET", `/api/avatars/status/${id}`, { token });
      if (r.body.status === "failed" && status !== "failed") throw new Error(`avatar failed: ${r.body.error}`);
      return r.body.status === status ? r.body : null;
    },
    40_000,
    `avatar ${status}`,
  );
}

let n = 0;
/** Inserts a conversation with a user question and an assistant reply (chat writes these in the app). */
export async function insertReply(userId: string, content: string) {
  const t = Date.now();
  const cnv = `cnv_test${t}${n++}`;
  const q = `msg_q${t}${n++}`;
  const a = `msg_a${t}${n++}`;
  await env.DB.batch([
    env.DB.prepare("INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES (?, ?, 'test', ?, ?)").bind(cnv, userId, t, t),
    env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, 'user', 'Who are you?', ?)").bind(
      q,
      cnv,
      userId,
      t,
    ),
    env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, 'assistant', ?, ?)").bind(
      a,
      cnv,
      userId,
      content,
      t + 1,
    ),
  ]);
  return { conversationId: cnv, userMessageId: q, replyId: a };
}

export async function listKeys(prefix: string): Promise<string[]> {
  return (await env.BUCKET.list({ prefix })).objects.map((o) => o.key);
}

/** Fetches a signed media URL (no Authorization header, like a <video> element). */
export function media(url: string, headers: Record<string, string> = {}) {
  return api("GET", url, { headers });
}

export async function mediaBytes(url: string, headers: Record<string, string> = {}) {
  const { exports } = await import("cloudflare:workers");
  const res: Response = await (exports as any).default.fetch(new Request(`http://example.com${url}`, { headers }));
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Opens the user's live-events socket (as the web client does) and collects what arrives. */
export async function openEvents(token: string) {
  const { exports } = await import("cloudflare:workers");
  const ticket = await api("POST", "/api/realtime/ticket", { token });
  const res: Response = await (exports as any).default.fetch(new Request(`http://example.com${ticket.body.url}`, { headers: { upgrade: "websocket" } }));
  const ws = res.webSocket;
  if (!ws) throw new Error(`no websocket: ${res.status}`);
  const events: any[] = [];
  ws.addEventListener("message", (e) => {
    events.push(JSON.parse(String(e.data)));
  });
  ws.accept();
  await waitFor(async () => events.some((e) => e.type === "ready"), 5000, "socket ready");
  return { events, close: () => ws.close() };
}
