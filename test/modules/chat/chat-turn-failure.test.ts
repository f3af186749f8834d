import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { api, registerUser } from "../../support/client";
import { newConversation } from "../../support/chat";
import { container } from "../../support/container";
import { LlmError, type LlmPort } from "../../../worker/platform/llm/port";
import type { ChatEvent } from "../../../worker/modules/chat/chat.service";

/** A model that says a word and then fails (the provider went away mid-stream). */
const failingLlm: LlmPort = {
  adapter: "test-failing",
  mode: "local",
  async *stream() {
    yield { type: "delta", text: "Well" };
    throw new LlmError("unavailable", "The provider went away");
  },
};

describe("a chat turn whose model fails", () => {
  it("keeps the question, saves no reply, and sends meta before any token", async () => {
    const a = await registerUser("Fail Turn");
    const conv = await newConversation(a.token);
    const chat = container(env, { llm: failingLlm }).chat;
    const scope = { kind: "owner", ownerId: a.user.id } as const;
    const { conv: row, prefetched } = await chat.openForTurn(scope, conv.id, "Where did you grow up?");
    const events: ChatEvent[] = [];
    const result = await chat.turn(row, "Where did you grow up?", (e) => events.push(e), { prefetched });
    expect(result.error?.code).toBe("upstream_unavailable");
    expect(events.map((e) => e.type)).toEqual(["meta", "token", "error"]);
    const stored = (await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token })).body.items;
    expect(stored.map((m: { role: string; content: string; id: string }) => [m.role, m.content, m.id])).toEqual([
      ["user", "Where did you grow up?", result.userMessage.id],
    ]);
  });

  it("opens nothing for a conversation outside the scope: 404 and no question stored", async () => {
    const a = await registerUser("Owner");
    const b = await registerUser("Other");
    const conv = await newConversation(a.token);
    const chat = container(env, { llm: failingLlm }).chat;
    await expect(chat.openForTurn({ kind: "owner", ownerId: b.user.id }, conv.id, "Hello?")).rejects.toMatchObject({ code: "not_found" });
    expect((await api("GET", `/api/conversations/${conv.id}/messages`, { token: a.token })).body.items).toEqual([]);
  });
});
