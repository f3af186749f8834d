import { describe, it, expect } from "vitest";
import { api, registerUser } from "../../support/client";
import { newConversation, fetchWithMockModel, questionByClientId, startSlowSend, setAnsweringLease } from "../../support/chat";

// After a reload (or on another device) the conversation is read from its listing. A question whose first
// attempt is still being answered (its answering lease is live, no reply yet) looked like a failed one there:
// the listing now says so with `answering: true` on that question, read from the lease at read time.

const listing = async (token: string, conversationId: string) => {
  const r = await api("GET", `/api/conversations/${conversationId}/messages`, { token });
  expect(r.status).toBe(200);
  return r.body.items as Array<{ id: string; role: string; replyTo: string | null; answering?: boolean; clientMessageId?: string }>;
};

describe("the messages listing says a question is still being answered: happy path", () => {
  it("true on the question while its first attempt is answering (listing and conversation detail); gone once the reply is saved", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Where did you grow up?", client_message_id: "l-slow" };
    const { finished, questionId } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);

    // With its client id, so a Retry from a reloaded page names the same question (it is not stored twice).
    expect(await listing(a.token, conv.id)).toEqual([expect.objectContaining({ id: questionId, role: "user", answering: true, clientMessageId: "l-slow" })]);
    const detail = await api("GET", `/api/conversations/${conv.id}`, { token: a.token });
    expect(detail.body.messages).toEqual([expect.objectContaining({ id: questionId, answering: true })]);

    expect((await finished).status).toBe(200);
    const after = await listing(a.token, conv.id);
    expect(after.map((m) => [m.role, m.replyTo, m.answering, m.clientMessageId])).toEqual([
      ["user", null, undefined, "l-slow"],
      ["assistant", questionId, undefined, undefined],
    ]);
  });

  it("a visitor's own listing through the share link says so too", async () => {
    const a = await registerUser();
    const link = (await api("POST", "/api/shares", { token: a.token, body: { label: "site" } })).body;
    const { conversation, visitorToken } = (await api("POST", `/api/public/${link.token}/conversations`)).body;
    const headers = { "x-visitor-token": visitorToken };
    const body = { conversation_id: conversation.id, message: "Who are you?", client_message_id: "l-visitor" };
    const { finished, questionId } = await startSlowSend(`/api/public/${link.token}/chat`, headers, body);

    const path = `/api/public/${link.token}/conversations/${conversation.id}/messages`;
    expect((await api("GET", path, { headers })).body.items).toEqual([expect.objectContaining({ id: questionId, answering: true })]);
    expect((await finished).status).toBe(200);
    expect((await api("GET", path, { headers })).body.items.map((m: { answering?: boolean }) => m.answering)).toEqual([undefined, undefined]);
  });
});

describe("the messages listing says a question is still being answered: error path", () => {
  it("not once the lease has run out without a reply (the answering isolate died)", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Still there?", client_message_id: "l-dead" };
    await fetchWithMockModel("down", "/api/chat/send", { headers: { authorization: `Bearer ${a.token}` }, body });
    const questionId = (await questionByClientId(conv.id, "l-dead"))!.id;
    // As a turn left it whose isolate died mid-answer: the lease taken, never released.
    await setAnsweringLease(questionId, Date.now() + 30_000);
    expect((await listing(a.token, conv.id)).map((m) => m.answering)).toEqual([true]);
    await setAnsweringLease(questionId, Date.now() - 1);
    expect(await listing(a.token, conv.id)).toEqual([expect.objectContaining({ id: questionId, role: "user" })]);
    expect((await listing(a.token, conv.id))[0]).not.toHaveProperty("answering");
  });

  it("not after a failed first attempt (its turn released the lease): the question is unanswered, not answering", async () => {
    const a = await registerUser();
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "Tell me about your work", client_message_id: "l-failed" };
    expect((await fetchWithMockModel("down", "/api/chat/send", { headers: { authorization: `Bearer ${a.token}` }, body })).status).toBe(503);
    expect((await listing(a.token, conv.id)).map((m) => [m.role, m.answering])).toEqual([["user", undefined]]);
  });
});

describe("the messages listing says a question is still being answered: security", () => {
  it("another user cannot list the conversation (404), answering or not", async () => {
    const a = await registerUser("A");
    const b = await registerUser("B");
    const conv = await newConversation(a.token);
    const body = { conversation_id: conv.id, message: "private", client_message_id: "l-secret" };
    const { finished } = await startSlowSend("/api/chat/send", { authorization: `Bearer ${a.token}` }, body);
    expect((await api("GET", `/api/conversations/${conv.id}/messages`, { token: b.token })).status).toBe(404);
    expect((await finished).status).toBe(200);
  });
});
