import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { audienceAnalytics, topTopics } from "../../../worker/modules/audience/analytics";

const AT = Date.UTC(2026, 0, 31, 12); // "now": the window is Jan 2 … Jan 31 (30 UTC days)
const on = (d: number, h = 10) => Date.UTC(2026, 0, d, h);

let seq = 0;
const id = (p: string) => `${p}_t${Date.now().toString(36)}${seq++}`;
async function link(userId: string, label: string, revokedAt: number | null = null) {
  const l = id("shr");
  await env.DB.prepare("INSERT INTO share_links (id, user_id, token, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(l, userId, id("tok"), label, on(1), revokedAt)
    .run();
  return l;
}
async function conversation(userId: string, at: number, visitor?: { link: string; visitor: string }) {
  const c = id("cnv");
  await env.DB.prepare("INSERT INTO conversations (id, user_id, share_link_id, visitor_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, '', ?, ?)")
    .bind(c, userId, visitor?.link ?? null, visitor?.visitor ?? null, at, at)
    .run();
  return c;
}
/** A question and its reply (status null: a reply from before the signal existed, counted as answered). */
async function exchange(userId: string, conversationId: string, at: number, question: string, status: "answered" | "unanswered" | "declined" | null) {
  const q = id("msg");
  await env.DB.batch([
    env.DB.prepare("INSERT INTO messages (id, conversation_id, user_id, role, content, created_at) VALUES (?, ?, ?, 'user', ?, ?)").bind(
      q,
      conversationId,
      userId,
      question,
      at,
    ),
    env.DB.prepare(
      "INSERT INTO messages (id, conversation_id, user_id, role, content, created_at, reply_to, answer_status) VALUES (?, ?, ?, 'assistant', 'r', ?, ?, ?)",
    ).bind(id("msg"), conversationId, userId, at + 1, q, status),
  ]);
}

describe("analytics: the numbers equal the seeded data exactly", () => {
  it("per day (own vs visitors), per share link, answer statuses and top topics; other owners and older data are left out", async () => {
    const a = await registerUser("Ana");
    const b = await registerUser("Bob");
    const site = await link(a.userId, "site");
    const talk = await link(a.userId, "talk", on(20));
    const unused = await link(a.userId, "unused");

    const own1 = await conversation(a.userId, on(31));
    await exchange(a.userId, own1, on(31, 11), "Where do you climb?", "answered");
    await exchange(a.userId, own1, on(31, 12) - 10, "What climbing shoes?", "unanswered"); // still before AT
    const own2 = await conversation(a.userId, on(2, 0));
    await exchange(a.userId, own2, on(2, 1), "Tell me about Porto", null);
    const old = await conversation(a.userId, on(1, 23)); // Jan 1: outside the window
    await exchange(a.userId, old, on(1, 23) + 5, "ancient climbing question", "unanswered");

    const v1a = await conversation(a.userId, on(31, 9), { link: site, visitor: "vis_1" });
    await exchange(a.userId, v1a, on(31, 9), "Do you climb outdoors?", "answered");
    await exchange(a.userId, v1a, on(31, 9) + 100, "Who do you vote for?", "declined");
    const v1b = await conversation(a.userId, on(30), { link: site, visitor: "vis_1" });
    await exchange(a.userId, v1b, on(30), "Favourite climbing area?", "unanswered");
    const v2 = await conversation(a.userId, on(30, 15), { link: site, visitor: "vis_2" });
    await exchange(a.userId, v2, on(30, 16), "Porto food?", "answered");
    const v3 = await conversation(a.userId, on(15), { link: talk, visitor: "vis_3" });
    await exchange(a.userId, v3, on(15), "climbing grades?", "answered");

    const bLink = await link(b.userId, "b");
    const bc = await conversation(b.userId, on(31), { link: bLink, visitor: "vis_b" });
    await exchange(b.userId, bc, on(31), "climbing climbing", "unanswered");

    const r = await audienceAnalytics(env.DB, a.userId, AT);
    expect(r.days).toBe(30);
    expect(r.from).toBe("2026-01-02");
    expect(r.to).toBe("2026-01-31");
    expect(r.daily).toHaveLength(30);
    const nonZero = r.daily.filter((d) => d.ownConversations + d.visitorConversations + d.ownQuestions + d.visitorQuestions > 0);
    expect(nonZero).toEqual([
      { day: "2026-01-02", ownConversations: 1, visitorConversations: 0, ownQuestions: 1, visitorQuestions: 0 },
      { day: "2026-01-15", ownConversations: 0, visitorConversations: 1, ownQuestions: 0, visitorQuestions: 1 },
      { day: "2026-01-30", ownConversations: 0, visitorConversations: 2, ownQuestions: 0, visitorQuestions: 2 },
      { day: "2026-01-31", ownConversations: 1, visitorConversations: 1, ownQuestions: 2, visitorQuestions: 2 },
    ]);
    expect(r.shareLinks).toEqual([
      { shareLinkId: site, label: "site", revoked: false, visitors: 2, conversations: 3, questions: 4 },
      { shareLinkId: talk, label: "talk", revoked: true, visitors: 1, conversations: 1, questions: 1 },
      { shareLinkId: unused, label: "unused", revoked: false, visitors: 0, conversations: 0, questions: 0 },
    ]);
    // 8 replies in the window: 5 answered (one from before the signal), 2 unanswered, 1 declined.
    expect(r.questions).toEqual({ total: 8, answered: 5, unanswered: 2, declined: 1, unansweredShare: 0.25 });
    expect(r.topics.slice(0, 2)).toEqual([
      { topic: "climbing", count: 5 }, // "climb" and "climbing" are one topic (3 × climbing, 2 × climb)
      { topic: "porto", count: 2 },
    ]);

    // The route serves the same module for the signed-in owner (now, so nothing seeded in 2026-01 counts twice).
    const res = await api("GET", "/api/audience/analytics", { token: b.token });
    expect(res.status).toBe(200);
    expect(res.body.daily).toHaveLength(30);
    expect(res.body.shareLinks).toEqual([{ shareLinkId: bLink, label: "b", revoked: false, visitors: 0, conversations: 0, questions: 0 }]);
    expect((await api("GET", "/api/audience/analytics")).status).toBe(401);
  });

  it("topics count each word once per question, in its most frequent spelling", () => {
    expect(topTopics(["Climbing climbing in Porto?", "climb where", "climbing now", "Porto porto Lisbon"], 3)).toEqual([
      { topic: "climbing", count: 3 },
      { topic: "porto", count: 2 },
      { topic: "lisbon", count: 1 },
    ]);
  });
});

// Walk-through: the dashboard's "Most asked about" listed words from what visitors told the clone ("I just moved to
// Madrid last month") and filler words ("called", "last", "month"). Only questions count, and only their topic words.
describe("analytics: most asked about counts the topics of questions", () => {
  it("leaves out statements and the words that frame a question", async () => {
    const a = await registerUser("Ana");
    const l = await link(a.userId, "site");
    const at = Date.now() - 60_000;
    const c = await conversation(a.userId, at, { link: l, visitor: "vis_q" });
    const said = ["I just moved to Madrid last month.", "My cat is called Miso, she is a rescue from last month.", "Last month I started learning the cello."];
    const asked = ["What is your cat called?", "Do you have a cat?", "Where do you go climbing?", "I just moved to Madrid last month. Any tips for Madrid?"];
    let t = at;
    for (const q of [...said, ...asked]) await exchange(a.userId, c, (t += 10), q, "answered");

    const res = await api("GET", "/api/audience/analytics", { token: a.token });
    expect(res.status).toBe(200);
    const topics = res.body.topics as { topic: string; count: number }[];
    expect(topics.slice(0, 1)).toEqual([{ topic: "cat", count: 2 }]);
    expect(topics).toContainEqual({ topic: "madrid", count: 1 });
    expect(topics).toContainEqual({ topic: "climbing", count: 1 });
    const words = topics.map((x) => x.topic);
    for (const filler of ["called", "last", "month", "moved", "miso", "cello", "rescue"]) expect(words).not.toContain(filler);
  });
});
