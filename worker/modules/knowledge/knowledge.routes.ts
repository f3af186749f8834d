import { createRoute, z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";
import { createRouter, errors, json, jsonBody, bearer } from "../../http/router";
import { requireAuth } from "../../http/auth";
import { AppError } from "../../shared/errors";
import type { AppEnv } from "../../http/app-env";
import {
  ImportResultSchema,
  ImportSchema,
  KnowledgeDocumentSchema,
  NoteSchema,
  ReindexStatusSchema,
  SearchResultSchema,
  STATUSES,
  UploadedDocumentSchema,
  UploadSchema,
  WebPageSchema,
} from "./knowledge.schemas";
import { skipParam } from "../../http/paging";

// Multipart framing around the file; the file itself is checked exactly once parsed.
const MULTIPART_OVERHEAD = 64 * 1024;

/** Refuses an oversized upload from its Content-Length (or while streaming) before it is read. */
const uploadLimit = createMiddleware<AppEnv>(async (c, next) => {
  const max = c.get("services").config.maxUploadSize;
  const tooLarge = () => new AppError("payload_too_large", `Files are limited to ${max} bytes`);
  const length = Number(c.req.header("content-length"));
  if (Number.isFinite(length) && length > max + MULTIPART_OVERHEAD) throw tooLarge();
  return bodyLimit({
    maxSize: max + MULTIPART_OVERHEAD,
    onError: () => {
      throw tooLarge();
    },
  })(c, next);
});

const auth = { security: bearer, middleware: requireAuth, tags: ["knowledge"] };

export const knowledgeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      summary: "Add a note to your knowledge (indexed in the background)",
      ...auth,
      request: jsonBody(NoteSchema),
      responses: { 201: json(KnowledgeDocumentSchema, "Created; indexing is queued"), ...errors(400, 401, 422) },
    }),
    async (c) => {
      const { title, content } = c.req.valid("json");
      return c.json(await c.get("services").knowledgeBase.addNote(c.get("auth").userId, title, content), 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/upload",
      summary: "Upload a PDF, text or Markdown file (stored, then indexed in the background)",
      ...auth,
      middleware: [requireAuth, uploadLimit] as const,
      request: { body: { content: { "multipart/form-data": { schema: UploadSchema } }, required: true } },
      responses: { 202: json(UploadedDocumentSchema, "Accepted; indexing is queued"), ...errors(400, 401, 413, 415, 422) },
    }),
    async (c) => {
      const { file, title } = c.req.valid("form");
      return c.json(await c.get("services").knowledgeBase.upload(c.get("auth").userId, file, title), 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/import",
      summary: "Import a ZIP of notes (Markdown, HTML, text, PDF, Word): one document per file, with per-file results",
      ...auth,
      middleware: [requireAuth, uploadLimit] as const,
      request: { body: { content: { "multipart/form-data": { schema: ImportSchema } }, required: true } },
      responses: { 202: json(ImportResultSchema, "Accepted; each queued file is indexed in the background"), ...errors(400, 401, 413, 415, 422) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.importZip(c.get("auth").userId, c.req.valid("form").file), 202),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/url",
      summary: "Add a web page (fetched and its main article indexed in the background)",
      ...auth,
      request: jsonBody(WebPageSchema),
      responses: { 202: json(KnowledgeDocumentSchema, "Accepted; fetching and indexing are queued"), ...errors(400, 401, 422) },
    }),
    async (c) => {
      const { url, title } = c.req.valid("json");
      return c.json(await c.get("services").knowledgeBase.addUrl(c.get("auth").userId, url, title), 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/reindex",
      summary: "How many documents use the current embedder, and the latest re-index run",
      ...auth,
      responses: { 200: json(ReindexStatusSchema), ...errors(401) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.reindexStatus(c.get("auth").userId), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/reindex",
      summary: "Re-embed every document with the current embedder (keyword search keeps working meanwhile)",
      ...auth,
      responses: { 202: json(ReindexStatusSchema, "Accepted; the run's progress is in job"), ...errors(401) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.reindex(c.get("auth").userId), 202),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "Your knowledge documents, newest first",
      ...auth,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.string().max(300).optional(),
          skip: skipParam,
          q: z.string().max(200).optional().openapi({ description: "Title contains (case-insensitive)" }),
          status: z.enum(STATUSES).optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(KnowledgeDocumentSchema), nextCursor: z.string().nullable() })), ...errors(400, 401, 422) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.list(c.get("auth").userId, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/search",
      summary: "What your clone knows: hybrid (vector + keyword) search over your ready documents",
      ...auth,
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(500),
          k: z.coerce.number().int().min(1).max(20).default(5),
        }),
      },
      responses: { 200: json(z.object({ results: z.array(SearchResultSchema) })), ...errors(401, 422) },
    }),
    async (c) => {
      const { q, k } = c.req.valid("query");
      return c.json({ results: await c.get("services").knowledge.search(c.get("auth").userId, q, k) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      summary: "One document: status, progress, chunk count and error",
      ...auth,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: json(KnowledgeDocumentSchema), ...errors(401, 404) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.get(c.get("auth").userId, c.req.valid("param").id), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/refetch",
      summary: "Fetch a web page again and re-index it",
      ...auth,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 202: json(KnowledgeDocumentSchema, "Accepted; the re-fetch is queued"), ...errors(401, 404, 409) },
    }),
    async (c) => c.json(await c.get("services").knowledgeBase.refetch(c.get("auth").userId, c.req.valid("param").id), 202),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      summary: "Delete a document with its chunks, vectors and stored file (409 for memories and own answers: they are deleted where they are managed)",
      ...auth,
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 204: { description: "Deleted" }, ...errors(401, 404, 409) },
    }),
    async (c) => {
      await c.get("services").knowledgeBase.deleteDocument(c.get("auth").userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
