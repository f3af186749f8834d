import { describe, it, expect } from "vitest";
import { api, registerUser, expectErrorShape } from "../../support/client";
import { addKnowledge, newConversation } from "../../support/chat";
import { waitForStatus } from "../../support/knowledge";

async function owner(name = "Ana Lima") {
  const a = await registerUser(name);
  await api("PUT", "/api/users/profile", { token: a.token, body: { headline: "Violinist", bio: "I play in Porto." } });
  await addKnowledge(a.user.id, "Music", ["I practise the violin every morning at seven."]);
  const link = (await api("POST", "/api/shares", { token: a.token, body: { label: "website" } })).body;
  return { a, link };
}

const visit = async (linkToken: string, visitorToken?: string) => {
  const r = await api("POST", `/api/public/${linkToken}/conversations`, { headers: visitorToken ? { "x-visitor-token": visitorToken } : {} });
  expect(r.status).toBe(201);
  return { conversationId: r.body.conversation.id as string, visitorToken: r.body.visitorToken as string };
};
const say = async (linkToken: string, v: { conversationId: string; visitorToken: string }, message: string) => {
  const r = await api("POST", `/api/public/${linkToken}/chat`, {
    headers: { "x-visitor-token": v.visitorToken },
    body: { conversation_id: v.conversationId, message },
  });
  expect(r.status).toBe(200);
  return r.body.reply;
};
const ownSay = async (token: string, conversation_id: string, message: string) => {
  const r = await api("POST", "/api/chat/send", { token, body: { conversation_id, message } });
  expect(r.status).toBe(200);
  return r.body.reply;
};

describe("audience: the owner sees visitors' conversations", () => {
  it("lists them per link and visitor with message counts, searches and pages; transcripts are read-only", async () => {
    const { a, link } = await owner();
    const other = (await api("POST", "/api/shares", { token: a.token, body: { label: "newsletter" } })).body;
    const v1 = await visit(link.token);
    await say(link.token, v1, "When do you practise the violin?");
    const v1b = await visit(link.token, v1.visitorToken); // same visitor, second conversation
    await say(link.token, v1b, "Do you play in Porto?");
    const v2 = await visit(other.token);
    await say(link.token.length ? other.token : "", v2, "What is your favourite book?");
    const mine = await newConversation(a.token);
    await ownSay(a.token, mine.id, "When do I practise?");

    const all = await api("GET", "/api/audience/conversations", { token: a.token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: any) => c.id)).toEqual([v2.conversationId, v1b.conversationId, v1.conversationId]); // own chat not included
    const first = all.body.items.find((c: any) => c.id === v1.conversationId);
    expect(first).toMatchObject({ shareLinkId: link.id, shareLabel: "website", messageCount: 2, title: "When do you practise the violin" });
    expect(first.visitorId).toMatch(/^vis_/);

    const byLink = await api("GET", `/api/audience/conversations?shareLinkId=${other.id}`, { token: a.token });
    expect(byLink.body.items.map((c: any) => c.id)).toEqual([v2.conversationId]);
    const byVisitor = await api("GET", `/api/audience/conversations?visitorId=${first.visitorId}`, { token: a.token });
    expect(byVisitor.body.items.map((c: any) => c.id).sort()).toEqual([v1.conversationId, v1b.conversationId].sort());
    // Search covers what was said, not only titles.
    const search = await api("GET", "/api/audience/conversations?q=PORTO", { token: a.token });
    expect(search.body.items.map((c: any) => c.id)).toEqual([v1b.conversationId]);
    const p1 = await api("GET", "/api/audience/conversations?limit=2", { token: a.token });
    const p2 = await api("GET", `/api/audience/conversations?limit=2&cursor=${p1.body.nextCursor}`, { token: a.token });
    expect([...p1.body.items, ...p2.body.items].map((c: any) => c.id)).toEqual(all.body.items.map((c: any) => c.id));
    expect(p2.body.nextCursor).toBeNull();

    const t = await api("GET", `/api/audience/conversations/${v1.conversationId}`, { token: a.token });
    expect(t.status).toBe(200);
    expect(t.body.messages.map((m: any) => m.role)).toEqual(["user", "assistant"]);
    // The owner's own conversation is not an audience conversation.
    expect((await api("GET", `/api/audience/conversations/${mine.id}`, { token: a.token })).status).toBe(404);
  });

  it("a visitor deletes their own conversation; the owner no longer sees it; others cannot delete it", async () => {
    const { a, link } = await owner();
    const v = await visit(link.token);
    await say(link.token, v, "When do you practise?");
    const stranger = await visit(link.token);
    const del = (who: { visitorToken: string }) =>
      api("DELETE", `/api/public/${link.token}/conversations/${v.conversationId}`, { headers: { "x-visitor-token": who.visitorToken } });
    expect((await del(stranger)).status).toBe(404);
    expect((await del(v)).status).toBe(204);
    expect((await api("GET", "/api/audience/conversations", { token: a.token })).body.items.map((c: any) => c.id)).toEqual([stranger.conversationId]);
    expect((await del(v)).status).toBe(404);
  });
});

describe("audience: security", () => {
  it("another owner gets 404 for every visitor conversation, inbox item and revision of someone else", async () => {
    const { a, link } = await owner();
    const b = await registerUser("Bob");
    const v = await visit(link.token);
    const reply = await say(link.token, v, "What is your favourite book?");
    expect((await api("GET", `/api/audience/conversations/${v.conversationId}`, { token: b.token })).status).toBe(404);
    expect((await api("GET", `/api/audience/conversations/${v.conversationId}/messages`, { token: b.token })).status).toBe(404);
    expect((await api("GET", "/api/audience/conversations", { token: b.token })).body.items).toEqual([]);
    expect((await api("GET", "/api/audience/inbox", { token: b.token })).body).toEqual({ openCount: 0, groups: [] });
    const foreign = await api("PUT", `/api/audience/revisions/${reply.id}`, { token: b.token, body: { answer: "hijack" } });
    expect(foreign.status).toBe(404);
    expectErrorShape(foreign.body, "not_found");
    expect((await api("DELETE", `/api/audience/revisions/${reply.id}`, { token: b.token })).status).toBe(404);
    // …and the real owner sees it.
    expect((await api("GET", `/api/audience/conversations/${v.conversationId}`, { token: a.token })).status).toBe(200);
    expect((await api("GET", "/api/audience/conversations")).status).toBe(401);
  });

  it("bad input is a clear 4xx", async () => {
    const { a } = await owner();
    expect((await api("PUT", "/api/audience/revisions/msg_nope", { token: a.token, body: { answer: "" } })).status).toBe(422);
    expect((await api("PUT", "/api/audience/revisions/msg_nope", { token: a.token, body: { answer: "x" } })).status).toBe(404);
    expect((await api("GET", "/api/audience/conversations?cursor=%%%", { token: a.token })).status).toBe(422);
    expect((await api("PUT", "/api/audience/guardrails", { token: a.token, body: { topics: "politics", refusal: "" } })).status).toBe(422);
  });
});

describe("inbox: unanswered questions", () => {
  it("lists the clone's unanswered replies from own chats and visitors, similar questions grouped, newest first, with the open count", async () => {
    const { a, link } = await owner();
    const mine = await newConversation(a.token);
    const answered = await ownSay(a.token, mine.id, "When do you practise the violin?");
    expect(answered.answerStatus).toBe("answered");
    const own = await ownSay(a.token, mine.id, "What is your favourite book?");
    expect(own.answerStatus).toBe("unanswered");
    const v = await visit(link.token);
    const vr = await say(link.token, v, "Your favourite book?");
    expect(vr.answerStatus).toBe("unanswered");
    const v2 = await visit(link.token);
    await say(link.token, v2, "Where did you grow up?");

    const inbox = await api("GET", "/api/audience/inbox", { token: a.token });
    expect(inbox.status).toBe(200);
    expect(inbox.body.openCount).toBe(3);
    expect(inbox.body.groups.map((g: any) => [g.question, g.count])).toEqual([
      ["Where did you grow up?", 1],
      ["Your favourite book?", 2],
    ]);
    expect(inbox.body.groups[1].items.map((i: any) => i.source)).toEqual(["visitor", "own"]);
    expect(inbox.body.groups[1].items[0]).toMatchObject({ replyId: vr.id, shareLabel: "website", askedOwnerAt: null, answer: null });
  });
});

describe("revise → knowledge → retrieval → citation; ask the real me", () => {
  it("the owner's answer shows in the visitor's conversation, becomes knowledge a paraphrase is answered and cited with, and deleting it removes it", async () => {
    const { a, link } = await owner();
    const v = await visit(link.token);
    const reply = await say(link.token, v, "What is your favourite book?");
    expect(reply.answerStatus).toBe("unanswered");
    // Ask the real me: only the visitor whose conversation it is.
    const stranger = await visit(link.token);
    const ask = (who: { visitorToken: string }) =>
      api("POST", `/api/public/${link.token}/messages/${reply.id}/ask-owner`, { headers: { "x-visitor-token": who.visitorToken } });
    expect((await ask(stranger)).status).toBe(404);
    const asked = await ask(v);
    expect(asked.status).toBe(200);
    const inbox = (await api("GET", "/api/audience/inbox", { token: a.token })).body;
    expect(inbox.groups[0].items[0]).toMatchObject({ replyId: reply.id, askedOwnerAt: asked.body.askedOwnerAt });

    const rev = await api("PUT", `/api/audience/revisions/${reply.id}`, {
      token: a.token,
      body: { answer: "Dune by Frank Herbert; I reread it every winter." },
    });
    expect(rev.status).toBe(200);
    expect(rev.body).toMatchObject({ messageId: reply.id, source: "visitor", question: "What is your favourite book?", original: reply.content });
    await waitForStatus(a.token, rev.body.documentId);
    // Answered: off the open Inbox, still in "all".
    expect((await api("GET", "/api/audience/inbox", { token: a.token })).body.openCount).toBe(0);
    expect((await api("GET", "/api/audience/inbox?status=all", { token: a.token })).body.groups[0].items[0].answer).toBe(
      "Dune by Frank Herbert; I reread it every winter.",
    );

    // The visitor comes back through the same link: the original and the owner's answer.
    const back = await api("GET", `/api/public/${link.token}/conversations/${v.conversationId}/messages`, { headers: { "x-visitor-token": v.visitorToken } });
    const shown = back.body.items.find((m: any) => m.id === reply.id);
    expect(shown.content).toBe(reply.content);
    expect(shown.ownerAnswer).toEqual({ content: "Dune by Frank Herbert; I reread it every winter.", revisedAt: expect.any(Number) });

    // A second visitor asks a paraphrase: the owner's answer, cited as the owner's own.
    const second = await visit(link.token);
    const para = await say(link.token, second, "Which book do you love most?");
    expect(para.answerStatus).toBe("answered");
    expect(para.content).toBe("Dune by Frank Herbert; I reread it every winter. [1]");
    expect(para.citations).toEqual([
      expect.objectContaining({ n: 1, documentId: rev.body.documentId, ownerAnswer: true, snippet: "Dune by Frank Herbert; I reread it every winter." }),
    ]);

    // Edit: the new answer replaces the old one in retrieval.
    const edited = await api("PUT", `/api/audience/revisions/${reply.id}`, {
      token: a.token,
      body: { answer: "Dune, and lately Piranesi by Susanna Clarke." },
    });
    await waitForStatus(a.token, edited.body.documentId);
    expect((await api("GET", `/api/knowledge/${rev.body.documentId}`, { token: a.token })).status).toBe(404);
    expect((await api("GET", "/api/audience/revisions", { token: a.token })).body.items.map((r: any) => r.answer)).toEqual([
      "Dune, and lately Piranesi by Susanna Clarke.",
    ]);
    expect((await say(link.token, second, "Which book do you love most?")).content).toContain("Piranesi");

    // Delete: gone from retrieval, the question is unanswered again.
    expect((await api("DELETE", `/api/audience/revisions/${reply.id}`, { token: a.token })).status).toBe(204);
    expect((await api("GET", "/api/audience/revisions", { token: a.token })).body.items).toEqual([]);
    const after = await say(link.token, second, "Which book do you love most?");
    expect(after.content).not.toContain("Piranesi");
    expect(after.answerStatus).toBe("unanswered");
    expect(after.citations).toEqual([]);
  });

  it("the owner revises a reply in their own chat too", async () => {
    const { a } = await owner();
    const mine = await newConversation(a.token);
    const r = await ownSay(a.token, mine.id, "Where did you grow up?");
    const rev = await api("PUT", `/api/audience/revisions/${r.id}`, { token: a.token, body: { answer: "In Porto, by the river." } });
    expect(rev.body.source).toBe("own");
    const detail = await api("GET", `/api/conversations/${mine.id}`, { token: a.token });
    expect(detail.body.messages.find((m: any) => m.id === r.id).ownerAnswer.content).toBe("In Porto, by the river.");
    // A question (not a reply) cannot be revised.
    const q = detail.body.messages.find((m: any) => m.role === "user");
    expect((await api("PUT", `/api/audience/revisions/${q.id}`, { token: a.token, body: { answer: "x" } })).status).toBe(422);
  });
});

describe("guardrails", () => {
  it("the owner lists off-limits topics and a refusal line; the clone declines them and answers the rest", async () => {
    const { a, link } = await owner();
    expect((await api("GET", "/api/audience/guardrails", { token: a.token })).body).toEqual({ topics: [], refusal: "" });
    const put = await api("PUT", "/api/audience/guardrails", { token: a.token, body: { topics: [" politics ", "Politics", "my children", ""], refusal: "" } });
    expect(put.body).toEqual({ topics: ["politics", "my children"], refusal: "" });
    const v = await visit(link.token);
    const no = await say(link.token, v, "Who did you vote for in the last election?");
    expect(no.answerStatus).toBe("declined");
    expect(no.content).toMatch(/rather not talk about politics/);
    expect((await say(link.token, v, "When do you practise the violin?")).content).toContain("every morning");
    await api("PUT", "/api/audience/guardrails", { token: a.token, body: { topics: ["my children"], refusal: "I keep my family private." } });
    expect((await say(link.token, v, "How old are your kids?")).content).toBe("I keep my family private.");
  });

  it("what the owner wrote about an off-limits topic never reaches an answer to another question, nor its sources", async () => {
    const { a, link } = await owner();
    // One note that mixes topics, as people write them (walk-through: asked about the cello, the clone added the vote and the children).
    await addKnowledge(a.user.id, "About me", [
      "I vote for the Labour party and I think the election was a disaster. My children are called Sam and Lily. I play the cello every Sunday. My salary is 90,000 dollars a year.",
    ]);
    await api("PUT", "/api/audience/guardrails", { token: a.token, body: { topics: ["politics", "my children", "money"], refusal: "" } });
    const leaks = /Labour|election|Sam|Lily|salary|90,000/;
    const v = await visit(link.token);
    const visitorReply = await say(link.token, v, "What instrument do you play?");
    const mine = await newConversation(a.token);
    const ownReply = await ownSay(a.token, mine.id, "What instrument do you play?");
    for (const reply of [visitorReply, ownReply]) {
      expect(reply.content).toContain("cello");
      expect(reply.content).not.toMatch(leaks);
      for (const c of reply.citations) expect(c.snippet).not.toMatch(leaks);
    }
  });
});
