import { z } from "@hono/zod-openapi";

export const STATUSES = ["queued", "indexing", "ready", "failed"] as const;

export const KnowledgeDocumentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.enum(["note", "upload"]),
    mimeType: z.string(),
    sizeBytes: z.number(),
    status: z.enum(STATUSES),
    progress: z.number(),
    chunkCount: z.number(),
    error: z.string().nullable(),
    jobId: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("KnowledgeDocument");

export const NoteSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    content: z.string().trim().min(1).max(200_000),
  })
  .strict()
  .openapi("KnowledgeNote");

export const UploadSchema = z.object({
  file: z.instanceof(File, { message: "a file is required" }).openapi({ type: "string", format: "binary", description: "PDF, plain text or Markdown" }),
  title: z.string().trim().max(200).optional(),
});

export const SearchResultSchema = z
  .object({
    chunkId: z.string(),
    documentId: z.string(),
    title: z.string(),
    position: z.number(),
    heading: z.string(),
    content: z.string(),
    score: z.number(),
    kind: z.enum(["document", "web_page", "revision", "memory"]).optional().openapi({ description: "What the entry is; memory: a fact you told your clone" }),
  })
  .openapi("KnowledgeSearchResult");

export type KnowledgeDocumentView = z.infer<typeof KnowledgeDocumentSchema>;
