// A chat turn's retrieval revalidates the isolate's in-memory knowledge with the version its
// opening batch read (TurnOpening), not a read of its own: it must still never answer from a
// stale index, and a turn in a conversation that is not the caller's must not load one.
import { describe, expect, it } from "vitest";
import { api, registerUser } from "../../support/client";
import { addDoc } from "../../support/knowledge-rows";

async function send(token: string, conversation_id: string, message: string) {
  const res = await api("POST", "/api/chat/send", { token, body: { conversation_id, message } });
  expect(res.status).toBe(200);
  return res.body.reply as { content: string; citations: unknown[] };
}

describe("a chat turn's retrieval", () => {
  it("is never stale: knowledge added after a turn (the index warm) is in the very next turn's answer", async () => {
    const u = await registerUser();
    const conversation_id = (await api("POST", "/api/conversations", { token: u.token, body: {} })).body.id;
    await addDoc(u.user.id, "Garden", ["I grow tomatoes on the balcony every summer."]);
    expect((await send(u.token, conversation_id, "What do you grow on the balcony?")).content).toContain("tomatoes");

    // Written straight to D1, as another isolate's indexing job would: this isolate's index is warm at the old version.
    await addDoc(u.user.id, "Music", ["I play the theremin in a band called Static Bloom."]);
    const reply = await send(u.token, conversation_id, "What is the name of your band?");
    expect(reply.content).toContain("Static Bloom");
    expect(reply.citations.length).toBeGreaterThan(0);
  });

  it("in someone else's conversation is 404 and stores nothing", async () => {
    const owner = await registerUser();
    const other = await registerUser();
    await addDoc(other.user.id, "Secret", ["My locker code is 4512."]);
    const conversation_id = (await api("POST", "/api/conversations", { token: owner.token, body: {} })).body.id;
    const res = await api("POST", "/api/chat/send", { token: other.token, body: { conversation_id, message: "What is your locker code?" } });
    expect(res.status).toBe(404);
    expect((await api("GET", `/api/conversations/${conversation_id}/messages`, { token: owner.token })).body.items).toEqual([]);
  });
});
