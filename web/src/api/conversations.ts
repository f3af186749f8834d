import { client, unwrap } from "./client";

const pageQuery = (q: { limit?: number; cursor?: string | null; q?: string }) => ({
  limit: String(q.limit ?? 20),
  ...(q.cursor ? { cursor: q.cursor } : {}),
  ...(q.q ? { q: q.q } : {}),
});

export const conversationsApi = {
  list: (q: { limit?: number; cursor?: string | null; q?: string } = {}) => unwrap(client.api.conversations.$get({ query: pageQuery(q) })),
  create: (title?: string) => unwrap(client.api.conversations.$post({ json: title ? { title } : {} })),
  get: (id: string) => unwrap(client.api.conversations[":id"].$get({ param: { id } })),
  rename: (id: string, title: string) => unwrap(client.api.conversations[":id"].$patch({ param: { id }, json: { title } })),
  remove: (id: string) => unwrap(client.api.conversations[":id"].$delete({ param: { id } })).then(() => undefined),
  messages: (id: string, q: { limit?: number; cursor?: string | null } = {}) =>
    unwrap(client.api.conversations[":id"].messages.$get({ param: { id }, query: pageQuery(q) })),
};
