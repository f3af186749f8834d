import { z } from "@hono/zod-openapi";

export const STATUSES = ["queued", "indexing", "ready", "failed"] as const;

export const KnowledgeDocumentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.enum(["note", "upload"]),
    kind: z.enum(["document", "web_page", "revision", "memory"]),
    url: z.string().nullable().openapi({ description: "A web page's address (kind web_page)" }),
    fetchedAt: z.number().nullable().openapi({ description: "When the web page was last fetched" }),
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

/** An upload's answer: the document, and the one of the user's documents that already holds the same file, if any. */
export const UploadedDocumentSchema = KnowledgeDocumentSchema.extend({
  duplicateOf: z
    .object({ id: z.string(), title: z.string() })
    .nullable()
    .openapi({ description: "The document already holding these exact bytes (the upload is kept too; delete either)" }),
}).openapi("UploadedDocument");

export const NoteSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    content: z.string().trim().min(1).max(200_000),
  })
  .strict()
  .openapi("KnowledgeNote");

export const UploadSchema = z.object({
  file: z
    .instanceof(File, { message: "a file is required" })
    .openapi({ type: "string", format: "binary", description: "PDF, Word (.docx), HTML, plain text or Markdown" }),
  title: z.string().trim().max(200).optional(),
});

export const ImportSchema = z.object({
  file: z
    .instanceof(File, { message: "a file is required" })
    .openapi({ type: "string", format: "binary", description: "A ZIP of notes: Markdown, HTML, text, PDF or Word files" }),
});

export const WebPageSchema = z
  .object({
    url: z.string().trim().min(1).max(2048),
    title: z.string().trim().max(200).optional(),
  })
  .strict()
  .openapi("KnowledgeWebPage");

export const ImportResultSchema = z
  .object({
    results: z.array(
      z.object({
        name: z.string(),
        status: z.enum(["queued", "skipped"]),
        document: UploadedDocumentSchema.optional(),
        reason: z.string().optional(),
      }),
    ),
  })
  .openapi("KnowledgeImportResult");

export const ReindexStatusSchema = z
  .object({
    embedder: z.string().openapi({ description: "The embedder new vectors are made with" }),
    documents: z.number().openapi({ description: "Ready documents" }),
    current: z.number().openapi({ description: "Ready documents whose vectors are the current embedder's" }),
    job: z.object({ id: z.string(), status: z.string(), progress: z.number(), error: z.string().nullable() }).nullable(),
  })
  .openapi("KnowledgeReindexStatus");

export const SearchResultSchema = z
  .object({
    chunkId: z.string(),
    documentId: z.string(),
    title: z.string(),
    url: z.string().optional(),
    position: z.number(),
    heading: z.string(),
    content: z.string(),
    score: z.number(),
    kind: z.enum(["document", "web_page", "revision", "memory"]).optional().openapi({ description: "What the entry is; memory: a fact you told your clone" }),
  })
  .openapi("KnowledgeSearchResult");

export type KnowledgeDocumentView = z.infer<typeof KnowledgeDocumentSchema>;
export type UploadedDocumentView = z.infer<typeof UploadedDocumentSchema>;
