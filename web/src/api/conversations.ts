import { unwrap } from "./client";
import { pendingClient } from "./pending";
import type { Conversation, Message, Page } from "./contract";

const pageQuery = (q: { limit?: number; cursor?: string | null; q?: string }) => ({
  limit: String(q.limit ?? 20),
  ...(q.cursor ? { cursor: q.cursor } : {}),
  ...(q.q ? { q: q.q } : {}),
});

export const conversationsApi = {
  list: (q: { limit?: number; cursor?: string | null; q?: string } = {}) =>
    unwrap<Page<Conversation>>(pendingClient.api.conversations.$get({ query: pageQuery(q) })),
  create: (title?: string) => unwrap<Conversation>(pendingClient.api.conversations.$post({ json: title ? { title } : {} })),
  get: (id: string) => unwrap<Conversation>(pendingClient.api.conversations[":id"].$get({ param: { id } })),
  rename: (id: string, title: string) => unwrap<Conversation>(pendingClient.api.conversations[":id"].$patch({ param: { id }, json: { title } })),
  remove: (id: string) => unwrap(pendingClient.api.conversations[":id"].$delete({ param: { id } })).then(() => undefined),
  messages: (id: string, q: { limit?: number; cursor?: string | null } = {}) =>
    unwrap<Page<Message>>(pendingClient.api.conversations[":id"].messages.$get({ param: { id }, query: pageQuery(q) })),
};
