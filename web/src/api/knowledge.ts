import type { InferRequestType } from "hono/client";
import { client, unwrap } from "./client";
import { upload } from "./upload";
import type { KnowledgeUploadResult } from "./contract";

export const ACCEPTED_KNOWLEDGE = ".pdf,.txt,.md,.markdown,application/pdf,text/plain,text/markdown";

type ListQuery = InferRequestType<typeof client.api.knowledge.$get>["query"];

export const knowledgeApi = {
  list: (q: { limit?: number; cursor?: string | null; q?: string; status?: ListQuery["status"] } = {}) =>
    unwrap(
      client.api.knowledge.$get({
        query: {
          limit: String(q.limit ?? 20),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          ...(q.q ? { q: q.q } : {}),
          ...(q.status ? { status: q.status } : {}),
        },
      }),
    ),
  get: (id: string) => unwrap(client.api.knowledge[":id"].$get({ param: { id } })),
  addNote: (title: string, content: string) => unwrap(client.api.knowledge.$post({ json: { title, content } })),
  remove: (id: string) => unwrap(client.api.knowledge[":id"].$delete({ param: { id } })).then(() => undefined),
  search: (q: string, k = 5) => unwrap(client.api.knowledge.search.$get({ query: { q, k: String(k) } })),
  /** Multipart upload through XHR for progress (the hc client cannot report it). */
  upload(file: File, onProgress?: (f: number) => void, signal?: AbortSignal) {
    const form = new FormData();
    form.set("file", file);
    form.set("title", file.name.replace(/\.[^.]+$/, ""));
    return upload<KnowledgeUploadResult>({ url: client.api.knowledge.upload.$url().pathname, body: form, onProgress, signal });
  },
};
