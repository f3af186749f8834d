import type { Message } from "../../src/api/contract";

/** A stored chat message as the API returns it, with nothing but its id, role and text set. */
export const message = (id: string, role: "user" | "assistant", content: string, conversationId = "cnv_1"): Message => ({
  id,
  conversationId,
  role,
  content,
  citations: [],
  model: null,
  videoJobId: null,
  createdAt: 1,
  replyTo: null,
});
