import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { AnswerLease } from "../../../worker/modules/chat/answer-lease";
import { repos } from "../../support/container";
import { registerUser } from "../../support/client";
import { newConversation } from "../../support/chat";

// The lease a turn holds on the question it answers (answering_until on the question's row): renewed
// while the turn runs, so a turn slower than one lease is not answered a second time by a retry.

const fast = { leaseMs: 5_000, renewMs: 40 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function questionWithLease(until: number) {
  const u = await registerUser();
  const conv = await newConversation(u.token);
  const id = `msg_${crypto.randomUUID()}`;
  await env.DB.prepare(
    "INSERT INTO messages (id, conversation_id, user_id, role, content, created_at, client_message_id, answering_until) VALUES (?, ?, ?, 'user', 'q', ?, ?, ?)",
  )
    .bind(id, conv.id, u.userId, Date.now(), "c-1", until)
    .run();
  return id;
}
const leaseOf = async (id: string) =>
  (await env.DB.prepare("SELECT answering_until AS u FROM messages WHERE id = ?").bind(id).first<{ u: number | null }>())!.u;

describe("the answering lease", () => {
  it("is renewed while the turn runs, and cleared when it is released", async () => {
    const until = Date.now() + 1_000;
    const id = await questionWithLease(until);
    const lease = new AnswerLease(repos().messages, { messageId: id, until }, fast);
    await sleep(200);
    const renewed = await leaseOf(id);
    expect(renewed).toBeGreaterThan(until + 2_000);
    await lease.release();
    expect(await leaseOf(id)).toBeNull();
  });

  it("ends without touching the row once the reply is saved", async () => {
    const until = Date.now() + 1_000;
    const id = await questionWithLease(until);
    const lease = new AnswerLease(repos().messages, { messageId: id, until }, fast);
    lease.end();
    await sleep(120);
    await lease.release(); // the turn's finally: a no-op after end
    expect(await leaseOf(id)).toBe(until);
  });

  it("a lease that ran out and was taken by another turn is left to that turn: no renewal, no release", async () => {
    const until = Date.now() + 1_000;
    const id = await questionWithLease(until);
    const lease = new AnswerLease(repos().messages, { messageId: id, until }, fast);
    const theirs = Date.now() + 60_000;
    await env.DB.prepare("UPDATE messages SET answering_until = ? WHERE id = ?").bind(theirs, id).run();
    await sleep(200);
    await lease.release();
    expect(await leaseOf(id)).toBe(theirs);
  });
});
