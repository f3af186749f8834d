import { z } from "@hono/zod-openapi";
import { skipParam } from "../../http/paging";

export const MemorySchema = z
  .object({
    id: z.string(),
    text: z.string().openapi({ description: "The fact, in the owner's first person" }),
    status: z.enum(["pending", "accepted", "rejected"]),
    origin: z.enum(["rules", "llm", "manual"]).openapi({ description: "Found by the offline rules, by the language model, or typed by the owner" }),
    conversationId: z.string().nullable(),
    messageId: z.string().nullable(),
    documentId: z.string().nullable().openapi({ description: "The knowledge entry (kind memory) an accepted memory is indexed as" }),
    indexStatus: z.enum(["queued", "indexing", "ready", "failed"]).nullable().openapi({ description: "Chat finds an accepted memory once ready" }),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Memory");

export const MemoryTextSchema = z
  .object({ text: z.string().trim().min(1).max(1000) })
  .strict()
  .openapi("MemoryText");
export const AcceptSchema = z
  .object({ text: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .openapi("MemoryAccept");

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().trim().max(200).optional(),
  skip: skipParam,
});
export const ProposalQuery = z.object({ conversationId: z.string().min(1).max(64).optional() });
export const IdParam = z.object({ id: z.string().min(1).max(64) });

export type MemoryView = z.infer<typeof MemorySchema>;
