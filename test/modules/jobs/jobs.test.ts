import { describe, it, expect } from "vitest";
import { createMessageBatch, getQueueResult, createExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { z } from "zod";
import { handleJobBatch, backoffSeconds, MAX_JOB_ATTEMPTS } from "../../../queue-consumers";
import { defineJob, PermanentJobError } from "../../../worker/modules/jobs";
import { container, repos, runtime } from "../../support/container";
import { socketEventSchema } from "../../../worker/contracts/events";
import { api, registerUser } from "../../support/client";

const runs: Record<string, number> = {};
const failures: string[] = [];

// Test-only job kinds, given to the runner next to the worker's own definitions (the registry is an explicit list).
const testJobs = [
  defineJob({
    kind: "test.ok",
    payload: z.object({ value: z.unknown().optional() }),
    async run(payload, job, ctx) {
      runs[job.id] = (runs[job.id] ?? 0) + 1;
      await ctx.progress(50);
      return { echoed: payload.value };
    },
  }),
  defineJob({
    kind: "test.flaky",
    payload: z.object({}),
    async run(_payload, job) {
      runs[job.id] = (runs[job.id] ?? 0) + 1;
      throw new Error("provider timed out");
    },
    async onFailed(job, reason) {
      failures.push(`${job.id}:${reason}`);
    },
  }),
  defineJob({
    kind: "test.poison",
    payload: z.object({}),
    async run() {
      throw new PermanentJobError("file is not a PDF");
    },
  }),
];

async function deliver(jobId: string, attempts = 1, queue = "digital-self-jobs") {
  const batch = createMessageBatch(queue, [{ id: `m-${jobId}-${attempts}`, timestamp: new Date(), attempts, body: { jobId } }]);
  const ctx = createExecutionContext();
  await handleJobBatch(batch, runtime(testJobs));
  return getQueueResult(batch, ctx);
}

describe("jobs: happy path", () => {
  it("runs a job once, stores progress and result, and a redelivery does nothing", async () => {
    const u = await registerUser();
    const job = await repos().jobs.create({ userId: u.user.id, kind: "test.ok", payload: { value: 42 } });
    const first = await deliver(job.id);
    expect(first.explicitAcks).toEqual([`m-${job.id}-1`]);
    const status = await api("GET", `/api/jobs/${job.id}`, { token: u.token });
    expect(status.body).toMatchObject({ status: "succeeded", progress: 100, attempts: 1, result: { echoed: 42 }, error: null });
    await deliver(job.id, 2);
    expect(runs[job.id]).toBe(1);
  });

  it("enqueue goes through the real JOBS queue to the consumer", async () => {
    const u = await registerUser();
    // The real consumer runs only the worker's own job kinds: a note's indexing job.
    const doc = await repos().knowledge.create({
      userId: u.user.id,
      title: "Queued",
      source: "note",
      mimeType: "text/plain",
      sizeBytes: 11,
      body: "Via a queue",
      r2Key: null,
    });
    const job = await container().jobs.enqueue({ userId: u.user.id, kind: "knowledge.index", subjectId: doc.id, payload: {} });
    let status = "";
    for (let i = 0; i < 50 && status !== "succeeded"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await api("GET", `/api/jobs/${job.id}`, { token: u.token })).body.status;
    }
    expect(status).toBe("succeeded");
  });
});

describe("jobs: errors", () => {
  it("a failing job is retried with exponential backoff, then failed with its reason", async () => {
    const u = await registerUser();
    const job = await repos().jobs.create({ userId: u.user.id, kind: "test.flaky" });
    const r1 = await deliver(job.id, 1);
    expect(r1.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual([`m-${job.id}-1`]);
    expect((await api("GET", `/api/jobs/${job.id}`, { token: u.token })).body).toMatchObject({ status: "queued", error: "provider timed out" });
    for (let a = 2; a <= MAX_JOB_ATTEMPTS; a++) await deliver(job.id, a);
    const final = await api("GET", `/api/jobs/${job.id}`, { token: u.token });
    expect(final.body).toMatchObject({ status: "failed", attempts: MAX_JOB_ATTEMPTS, error: "provider timed out" });
    expect(failures).toContain(`${job.id}:provider timed out`);
    expect(backoffSeconds(1)).toBe(2);
    expect(backoffSeconds(4)).toBe(16);
  });

  it("a permanent error fails at once; an unknown kind fails; a malformed message is dropped", async () => {
    const u = await registerUser();
    const poison = await repos().jobs.create({ userId: u.user.id, kind: "test.poison" });
    const r = await deliver(poison.id);
    expect(r.retryMessages).toEqual([]);
    expect(await repos().jobs.find(poison.id)).toMatchObject({ status: "failed", error: "file is not a PDF" });
    const unknown = await repos().jobs.create({ userId: u.user.id, kind: "no.such.kind" });
    await deliver(unknown.id);
    expect((await repos().jobs.find(unknown.id))!.status).toBe("failed");
    const batch = createMessageBatch("digital-self-jobs", [{ id: "bad", timestamp: new Date(), attempts: 1, body: { nope: true } }]);
    const ctx = createExecutionContext();
    await handleJobBatch(batch, runtime(testJobs));
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["bad"]);
  });

  it("the dead-letter queue marks a job failed and tells its handler", async () => {
    const u = await registerUser();
    const job = await repos().jobs.create({ userId: u.user.id, kind: "test.flaky" });
    await deliver(job.id, 6, "digital-self-jobs-dlq");
    expect(await repos().jobs.find(job.id)).toMatchObject({ status: "failed", error: "Gave up after 6 deliveries" });
    expect(failures).toContain(`${job.id}:Gave up after 6 deliveries`);
  });
});

describe("jobs: security", () => {
  it("another user's job answers 404", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const job = await repos().jobs.create({ userId: a.user.id, kind: "test.ok" });
    const res = await api("GET", `/api/jobs/${job.id}`, { token: b.token });
    expect(res.status).toBe(404);
  });
});

describe("live events", () => {
  it("a signed-in user's socket receives their job events, and only theirs", async () => {
    const a = await registerUser();
    const b = await registerUser();
    const open = async (token: string) => {
      const { body } = await api("POST", "/api/realtime/ticket", { token });
      const res = await (exports as any).default.fetch(`http://example.com${body.url}`, { headers: { upgrade: "websocket" } });
      expect(res.status).toBe(101);
      const ws = res.webSocket as WebSocket;
      const messages: any[] = [];
      ws.accept();
      ws.addEventListener("message", (e) => messages.push(JSON.parse(e.data as string)));
      return { ws, messages };
    };
    const sa = await open(a.token);
    const sb = await open(b.token);
    const job = await repos().jobs.create({ userId: a.user.id, kind: "test.ok", payload: { value: 1 } });
    await deliver(job.id);
    await new Promise((r) => setTimeout(r, 50));
    const jobEvents = sa.messages.filter((m) => m.type === "job" && m.job.id === job.id);
    expect(jobEvents.map((e) => e.job.status)).toEqual(["running", "running", "succeeded"]);
    expect(jobEvents[1].job.progress).toBe(50);
    expect(sb.messages.filter((m) => m.type === "job")).toEqual([]);
    // Everything the socket sent is in the contract the web client is typed by (worker/contracts/events.ts).
    for (const m of [...sa.messages, ...sb.messages]) socketEventSchema.parse(m);
    sa.ws.close();
    sb.ws.close();
  });
});
