import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { SignJWT } from "jose";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { container, repos } from "../../support/container";
import { QStashJobQueue } from "../../../worker/platform/queue/qstash";
import { KNOWLEDGE_INDEX_JOB } from "../../../worker/modules/knowledge/knowledge.service";
import { MAX_JOB_ATTEMPTS } from "../../../queue-consumers/index";

const URL_RUN = "http://example.com/internal/jobs/run";

/** Signs like QStash does: an HS256 JWT (iss Upstash, sub = URL, body = base64url(sha256(body))). */
async function sign(body: string, key = env.QSTASH_CURRENT_SIGNING_KEY!, url = URL_RUN) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  const b64 = btoa(String.fromCharCode(...hash))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body: b64 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("Upstash")
    .setSubject(url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(key));
}

const push = (body: string, signature?: string) =>
  api("POST", "/internal/jobs/run", {
    raw: body,
    headers: { "content-type": "application/json", ...(signature ? { "upstash-signature": signature } : {}) },
    allow5xx: true,
  });

/** A note document and its job row, not sent anywhere: QStash delivery is what the test does. */
async function pendingNote(userId: string, content = "I was born in Coimbra.") {
  const s = container(env);
  const doc = await repos().knowledge.create({ userId, title: "Origins", source: "note", mimeType: "text/markdown", sizeBytes: content.length, body: content });
  const job = await repos().jobs.create({ userId, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id });
  return { doc, job, s };
}

describe("QStash push delivery: correctly signed", () => {
  it("runs the job through the same runJob and marks the document ready", async () => {
    const u = await registerUser();
    const { doc, job, s } = await pendingNote(u.user.id);
    const body = JSON.stringify({ jobId: job.id });
    const res = await push(body, await sign(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ jobId: job.id, outcome: "succeeded" });
    expect(await repos().knowledge.find(doc.id)).toMatchObject({ status: "ready", chunkCount: 1 });
    // Redelivery by QStash is harmless.
    expect((await push(body, await sign(body))).body.outcome).toBe("skipped");
  });

  it("accepts the next signing key (key rotation)", async () => {
    const u = await registerUser();
    const { job } = await pendingNote(u.user.id);
    const body = JSON.stringify({ jobId: job.id });
    expect((await push(body, await sign(body, env.QSTASH_NEXT_SIGNING_KEY!))).status).toBe(200);
  });

  it("a job to retry answers 503 with Retry-After so QStash redelivers; the last try fails the document", async () => {
    const u = await registerUser();
    const s = container(env);
    const doc = await repos().knowledge.create({
      userId: u.user.id,
      title: "Gone",
      source: "upload",
      mimeType: "text/plain",
      sizeBytes: 1,
      body: null,
      r2Key: `users/${u.user.id}/knowledge/missing`,
    });
    const job = await repos().jobs.create({ userId: u.user.id, kind: KNOWLEDGE_INDEX_JOB, subjectId: doc.id });
    const body = JSON.stringify({ jobId: job.id });
    const first = await push(body, await sign(body));
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("2");
    expectErrorShape(first.body, "upstream_unavailable");
    for (let i = 2; i < MAX_JOB_ATTEMPTS; i++) expect((await push(body, await sign(body))).status).toBe(503);
    const last = await push(body, await sign(body));
    expect(last.body).toEqual({ jobId: job.id, outcome: "failed" });
    expect(await repos().knowledge.find(doc.id)).toMatchObject({ status: "failed", error: "The uploaded file is missing from storage" });
  });
});

describe("QStash push delivery: wrongly signed (security)", () => {
  it("rejects a missing, forged, tampered, expired or misaddressed signature with 401 and runs nothing", async () => {
    const u = await registerUser();
    const { doc, job, s } = await pendingNote(u.user.id);
    const body = JSON.stringify({ jobId: job.id });
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ body: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("Upstash")
      .setSubject(URL_RUN)
      .setExpirationTime(now - 600)
      .sign(new TextEncoder().encode(env.QSTASH_CURRENT_SIGNING_KEY!));
    const cases: [string, string | undefined][] = [
      ["missing", undefined],
      ["garbage", "not-a-jwt"],
      ["wrong key", await sign(body, "sig_attacker_key_that_is_not_ours_000")],
      ["tampered body", await sign(JSON.stringify({ jobId: "job_other" }))],
      ["other URL", await sign(body, env.QSTASH_CURRENT_SIGNING_KEY!, "https://evil.example/internal/jobs/run")],
      ["expired", expired],
    ];
    for (const [name, signature] of cases) {
      const res = await push(body, signature);
      expect(res.status, name).toBe(401);
      expectErrorShape(res.body, "unauthorized");
    }
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "queued", attempts: 0 });
    expect((await repos().knowledge.find(doc.id))!.status).toBe("queued");
  });

  it("a signed but malformed body → 4xx, never a 5xx", async () => {
    expect((await push("{oops", await sign("{oops"))).status).toBe(400);
    expect((await push('{"jobId":1}', await sign('{"jobId":1}'))).status).toBe(422);
  });
});

describe("QStash job queue adapter (publishes to a local HTTP server)", () => {
  it("publishes {jobId} to the callback URL with retries and a dedup id", async () => {
    const q = new QStashJobQueue({ token: "qstash-test-token", baseUrl: env.TEST_MOCK_API_URL, callbackUrl: "https://app.example/internal/jobs/run" });
    const jobId = `job_${crypto.randomUUID()}`;
    await q.send({ jobId });
    const all = await (await fetch(`${env.TEST_MOCK_API_URL}/__requests`)).json<any[]>();
    const req = all.find((r) => r.body.includes(jobId))!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v2/publish/https://app.example/internal/jobs/run");
    expect(req.headers.authorization).toBe("Bearer qstash-test-token");
    expect(req.headers["upstash-retries"]).toBe(String(MAX_JOB_ATTEMPTS - 1));
    expect(req.headers["upstash-deduplication-id"]).toBe(jobId);
    expect(JSON.parse(req.body)).toEqual({ jobId });
  });

  it("is chosen by config (QSTASH_TOKEN + PUBLIC_BASE_URL) and enqueue goes through it", async () => {
    const s = container({ ...env, QSTASH_TOKEN: "qstash-test-token", QSTASH_URL: env.TEST_MOCK_API_URL, PUBLIC_BASE_URL: "https://clone.example/" });
    expect(s.ports.jobQueue).toEqual({ mode: "cloud", adapter: "qstash" });
    const u = await registerUser();
    // Published to the mock QStash only: nothing runs it, so any kind does.
    const job = await s.jobs.enqueue({ userId: u.user.id, kind: "knowledge.index", subjectId: null, payload: {} });
    const all = await (await fetch(`${env.TEST_MOCK_API_URL}/__requests`)).json<any[]>();
    expect(all.some((r) => r.path === "/v2/publish/https://clone.example/internal/jobs/run" && r.body.includes(job.id))).toBe(true);
  });
});
