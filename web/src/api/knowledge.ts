import type { InferRequestType } from "hono/client";
import { client, unwrap } from "./client";
import { upload } from "./upload";
import type { KnowledgeImportResult, KnowledgeUploadResult } from "./contract";

export const ACCEPTED_KNOWLEDGE =
  ".pdf,.txt,.md,.markdown,.docx,.html,.htm,.zip,application/pdf,text/plain,text/markdown,text/html,application/zip," +
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A ZIP is a notes export, imported file by file (a .docx is a ZIP too, but uploaded as one document). */
export const isArchive = (file: File) => /\.zip$/i.test(file.name);

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
  addUrl: (url: string, title?: string) => unwrap(client.api.knowledge.url.$post({ json: { url, ...(title ? { title } : {}) } })),
  refetch: (id: string) => unwrap(client.api.knowledge[":id"].refetch.$post({ param: { id } })),
  reindexStatus: () => unwrap(client.api.knowledge.reindex.$get()),
  reindex: () => unwrap(client.api.knowledge.reindex.$post()),
  search: (q: string, k = 5) => unwrap(client.api.knowledge.search.$get({ query: { q, k: String(k) } })),
  /** Multipart upload through XHR for progress (the hc client cannot report it). */
  upload(file: File, onProgress?: (f: number) => void, signal?: AbortSignal) {
    const form = new FormData();
    // No title: the server titles the document by the file's name less its extension, cut to the 200 characters
    // a title may have (a longer name sent as the title was refused with 422).
    form.set("file", file);
    return upload<KnowledgeUploadResult>({ url: client.api.knowledge.upload.$url().pathname, body: form, onProgress, signal });
  },
  /** A ZIP of notes: one document per supported file, with a result per file. */
  importZip(file: File, onProgress?: (f: number) => void, signal?: AbortSignal) {
    const form = new FormData();
    form.set("file", file);
    return upload<KnowledgeImportResult>({ url: client.api.knowledge.import.$url().pathname, body: form, onProgress, signal });
  },
};
