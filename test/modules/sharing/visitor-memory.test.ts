import { describe, expect, it } from "vitest";
import { env } from "cloudflare:test";
import { api, expectErrorShape, registerUser } from "../../support/client";
import { container } from "../../support/container";
import type { LlmChunk, LlmPort } from "../../../worker/platform/llm/port";
import type { PersonaPrompt } from "../../../worker/shared/persona";

/** A model that records the prompts it is given. */
class RecordingLlm implements LlmPort {
  readonly adapter = "recording";
  readonly mode = "local" as const;
  readonly prompts: PersonaPrompt[] = [];
  async *stream(prompt: PersonaPrompt): AsyncIterable<LlmChunk> {
    this.prompts.push(prompt);
    yield { type: "final", text: "noted", model: "recording" };
  }
}

async function setup() {
  const owner = await registerUser("Ana");
  const link = (await api("POST", "/api/shares", { token: owner.token, body: { label: "site" } })).body as { id: string; token: string };
  return { owner, link };
}

const start = async (token: string, visitorToken?: string) =>
  (await api("POST", `/api/public/${token}/conversations`, { headers: visitorToken ? { "x-visitor-token": visitorToken } : {} })).body as {
    conversation: { id: string };
    visitorToken: string;
  };
const chat = async (token: string, visitorToken: string, conversationId: string, message: string) => {
  const r = await api("POST", `/api/public/${token}/chat`, {
    headers: { "x-visitor-token": visitorToken },
    body: { conversation_id: conversationId, message },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.reply.content as string;
};
const memoryOf = async (token: string, visitorToken: string) =>
  (await api("GET", `/api/public/${token}/memory`, { headers: { "x-visitor-token": visitorToken } })).body.notes as { kind: string; text: string }[];

/** The prompt a visitor's turn in `conversationId` is given (the recording model stands in for the LLM). */
async function promptFor(ownerId: string, linkId: string, visitorId: string, conversationId: string, question: string) {
  const llm = new RecordingLlm();
  const service = container(env, { llm }).chat;
  const conv = await service.open({ kind: "visitor", ownerId, shareLinkId: linkId, visitorId }, conversationId);
  await service.turn(conv, question, () => {});
  return llm.prompts[0]!;
}
const visitorIdOf = async (conversationId: string) =>
  (await env.DB.prepare("SELECT visitor_id FROM conversations WHERE id = ?").bind(conversationId).first<string>("visitor_id"))!;

describe("visitor memory: a returning visitor is recognised", () => {
  it("the second visit gets a summary of the first (asked + said); another visitor's does not", async () => {
    const { owner, link } = await setup();
    const first = await start(link.token);
    await chat(link.token, first.visitorToken, first.conversation.id, "Do you play the cello?");
    await chat(link.token, first.visitorToken, first.conversation.id, "I'm a music teacher in Porto.");
    await chat(link.token, first.visitorToken, first.conversation.id, "thanks");

    // Same link, same visitor token: a new conversation starts with what the clone remembers.
    const second = await start(link.token, first.visitorToken);
    expect(second.conversation.id).not.toBe(first.conversation.id);
    const reply = await chat(link.token, second.visitorToken, second.conversation.id, "Hello again");
    expect(reply).toMatch(/^You asked "Do you play the cello\?" last time\. /);
    expect(await memoryOf(link.token, second.visitorToken)).toEqual([
      { kind: "said", text: "I'm a music teacher in Porto.", at: expect.any(Number) },
      { kind: "asked", text: "Do you play the cello?", at: expect.any(Number) },
    ]);
    const visitorId = await visitorIdOf(first.conversation.id);
    const prompt = await promptFor(owner.userId, link.id, visitorId, second.conversation.id, "What did I tell you?");
    expect(prompt.visitorNotes.map((n) => n.text)).toEqual(["I'm a music teacher in Porto.", "Do you play the cello?"]);
    expect(prompt.system).toContain("they said: I'm a music teacher in Porto.");
    expect(prompt.system).toContain("they asked: Do you play the cello?");

    // Another visitor of the same link: a stranger.
    const other = await start(link.token);
    const otherReply = await chat(link.token, other.visitorToken, other.conversation.id, "Hello");
    expect(otherReply).not.toContain("last time");
    expect(await memoryOf(link.token, other.visitorToken)).toEqual([]);
    const otherPrompt = await promptFor(owner.userId, link.id, await visitorIdOf(other.conversation.id), other.conversation.id, "What did I tell you?");
    expect(otherPrompt.visitorNotes).toEqual([]);
    expect(otherPrompt.system).not.toContain("music teacher");
  });

  it("the owner's own chat never gets visitor notes", async () => {
    const { owner, link } = await setup();
    const v = await start(link.token);
    await chat(link.token, v.visitorToken, v.conversation.id, "I'm a music teacher in Porto.");
    const conv = (await api("POST", "/api/conversations", { token: owner.token, body: {} })).body;
    const llm = new RecordingLlm();
    const service = container(env, { llm }).chat;
    await service.turn(await service.open({ kind: "owner", ownerId: owner.userId }, conv.id), "hi", () => {});
    expect(llm.prompts[0]!.visitorNotes).toEqual([]);
  });

  it("the visitor can clear it: earlier conversations are no longer summarised, later ones are", async () => {
    const { link } = await setup();
    const v = await start(link.token);
    await chat(link.token, v.visitorToken, v.conversation.id, "Where did you study?");
    expect(await memoryOf(link.token, v.visitorToken)).toHaveLength(1);
    expect((await api("DELETE", `/api/public/${link.token}/memory`, { headers: { "x-visitor-token": v.visitorToken } })).status).toBe(204);
    expect(await memoryOf(link.token, v.visitorToken)).toEqual([]);
    const again = await start(link.token, v.visitorToken);
    expect(await chat(link.token, v.visitorToken, again.conversation.id, "Hello")).not.toContain("last time");
    await chat(link.token, v.visitorToken, again.conversation.id, "What are you working on?");
    expect((await memoryOf(link.token, v.visitorToken)).map((n) => n.text)).toEqual(["What are you working on?"]);
  });
});

describe("visitor memory: the owner sees it per link", () => {
  it("lists each visitor of the link with their notes; another owner gets 404", async () => {
    const { owner, link } = await setup();
    const v = await start(link.token);
    await chat(link.token, v.visitorToken, v.conversation.id, "I run a bakery in Braga.");
    const r = await api("GET", `/api/shares/${link.id}/visitors`, { token: owner.token });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      {
        visitorId: await visitorIdOf(v.conversation.id),
        conversations: 1,
        lastSeenAt: expect.any(Number),
        notes: [{ kind: "said", text: "I run a bakery in Braga.", at: expect.any(Number) }],
      },
    ]);
    const stranger = await registerUser();
    const denied = await api("GET", `/api/shares/${link.id}/visitors`, { token: stranger.token });
    expect(denied.status).toBe(404);
    expectErrorShape(denied.body, "not_found");
  });
});

describe("visitor memory: security", () => {
  it("needs the visitor token of this link; a revoked link is 404", async () => {
    const { owner, link } = await setup();
    const v = await start(link.token);
    expect((await api("GET", `/api/public/${link.token}/memory`)).status).toBe(401);
    const otherLink = (await api("POST", "/api/shares", { token: owner.token, body: {} })).body;
    expect((await api("GET", `/api/public/${otherLink.token}/memory`, { headers: { "x-visitor-token": v.visitorToken } })).status).toBe(401);
    expect((await api("DELETE", `/api/public/${otherLink.token}/memory`, { headers: { "x-visitor-token": v.visitorToken } })).status).toBe(401);
    await api("DELETE", `/api/shares/${link.id}`, { token: owner.token });
    expect((await api("GET", `/api/public/${link.token}/memory`, { headers: { "x-visitor-token": v.visitorToken } })).status).toBe(404);
  });

  it("a visitor of another link with the same owner is a stranger", async () => {
    const { owner, link } = await setup();
    const v = await start(link.token);
    await chat(link.token, v.visitorToken, v.conversation.id, "I'm a pilot.");
    const link2 = (await api("POST", "/api/shares", { token: owner.token, body: {} })).body;
    const w = await start(link2.token);
    expect(await memoryOf(link2.token, w.visitorToken)).toEqual([]);
  });
});
