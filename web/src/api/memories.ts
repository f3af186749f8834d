import { client, unwrap } from "./client";

const m = client.api.memories;

/** The owner's memories: proposals from chat, and accepted ones (knowledge of kind "memory"). */
export const memoriesApi = {
  list: (q: { cursor?: string | null; q?: string; limit?: number } = {}) =>
    unwrap(m.$get({ query: { limit: String(q.limit ?? 50), ...(q.cursor ? { cursor: q.cursor } : {}), ...(q.q ? { q: q.q } : {}) } })),
  create: (text: string) => unwrap(m.$post({ json: { text } })),
  update: (id: string, text: string) => unwrap(m[":id"].$patch({ param: { id }, json: { text } })),
  remove: (id: string) => unwrap(m[":id"].$delete({ param: { id } })).then(() => undefined),
  proposals: (conversationId?: string) => unwrap(m.proposals.$get({ query: conversationId ? { conversationId } : {} })),
  accept: (id: string, text?: string) => unwrap(m[":id"].accept.$post({ param: { id }, json: text ? { text } : {} })),
  reject: (id: string) => unwrap(m[":id"].reject.$post({ param: { id } })),
};
