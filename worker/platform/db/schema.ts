// Drizzle mirror of worker/platform/db/migrations/*.sql: the SQL files are the source of truth for the
// database, this file types the queries. test/db-schema.test.ts fails when the two differ (tables,
// columns, types, nullability, indexes): change both together.
import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, primaryKey, unique, uniqueIndex } from "drizzle-orm/sqlite-core";

const timestamps = {
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
};

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  ...timestamps,
});

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    userAgent: text("user_agent"),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId, t.createdAt)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id").notNull(),
    userId: text("user_id").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("refresh_tokens_session_idx").on(t.sessionId), index("refresh_tokens_user_idx").on(t.userId)],
);

export const profiles = sqliteTable("profiles", {
  userId: text("user_id").primaryKey(),
  displayName: text("display_name"),
  headline: text("headline").notNull().default(""),
  bio: text("bio").notNull().default(""),
  location: text("location").notNull().default(""),
  website: text("website").notNull().default(""),
  language: text("language").notNull().default("en"),
  formality: integer("formality").notNull().default(50),
  enthusiasm: integer("enthusiasm").notNull().default(50),
  verbosity: integer("verbosity").notNull().default(50),
  humor: integer("humor").notNull().default(50),
  onboardingStep: integer("onboarding_step").notNull().default(1),
  onboardingCompleted: integer("onboarding_completed", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at").notNull(),
  // 0008
  alwaysVideoReplies: integer("always_video_replies", { mode: "boolean" }).notNull().default(false),
});

export const shareLinks = sqliteTable(
  "share_links",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    token: text("token").notNull().unique(),
    label: text("label").notNull().default(""),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("share_links_user_idx").on(t.userId, t.createdAt)],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    shareLinkId: text("share_link_id"),
    visitorId: text("visitor_id"),
    title: text("title").notNull().default(""),
    ...timestamps,
  },
  (t) => [index("conversations_user_idx").on(t.userId, t.updatedAt, t.id), index("conversations_share_idx").on(t.shareLinkId, t.visitorId, t.updatedAt)],
);

export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    content: text("content").notNull(),
    citations: text("citations").notNull().default("[]"),
    model: text("model"),
    videoJobId: text("video_job_id"),
    createdAt: integer("created_at").notNull(),
    // 0009: the question an assistant message answers (null for questions).
    replyTo: text("reply_to"),
    // 0011: the responder's structured signal on a reply, the owner's revision of it, and a
    // visitor's "ask the real me" on a question.
    answerStatus: text("answer_status", { enum: ["answered", "unanswered", "declined"] }),
    revision: text("revision"),
    revisionDocumentId: text("revision_document_id"),
    revisedAt: integer("revised_at"),
    askedOwnerAt: integer("asked_owner_at"),
    // 0015: a question's client-given id (client_message_id), unique in its conversation: a retried send names it again.
    clientMessageId: text("client_message_id"),
    // 0016: until when a turn is answering this question (a lease, epoch ms): a retry meanwhile is refused, not answered twice.
    answeringUntil: integer("answering_until"),
  },
  (t) => [
    index("messages_conversation_idx").on(t.conversationId, t.createdAt, t.id),
    uniqueIndex("messages_client_message_idx").on(t.conversationId, t.clientMessageId).where(sql`client_message_id IS NOT NULL`),
    index("messages_user_idx").on(t.userId),
    index("messages_reply_to_idx").on(t.replyTo),
    index("messages_user_status_idx").on(t.userId, t.answerStatus, t.createdAt),
    index("messages_user_revised_idx").on(t.userId, t.revisedAt),
  ],
);

export const knowledgeDocuments = sqliteTable(
  "knowledge_documents",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    title: text("title").notNull(),
    source: text("source", { enum: ["note", "upload"] }).notNull(),
    kind: text("kind", { enum: ["document", "web_page", "revision", "memory"] })
      .notNull()
      .default("document"),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull().default(0),
    r2Key: text("r2_key"),
    body: text("body"),
    status: text("status").$type<"queued" | "indexing" | "ready" | "failed">().notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    chunkCount: integer("chunk_count").notNull().default(0),
    embedder: text("embedder"),
    error: text("error"),
    /** A web page's address (kind web_page): fetched by the indexing job, linked from citations. */
    sourceUrl: text("source_url"),
    /** When the web page was last fetched successfully. */
    fetchedAt: integer("fetched_at"),
    /** An uploaded file's SHA-256 (hex): the same file uploaded again names this document (migration 0017). */
    contentHash: text("content_hash"),
    ...timestamps,
  },
  (t) => [
    index("knowledge_documents_user_idx").on(t.userId, t.createdAt, t.id),
    index("knowledge_documents_user_hash_idx").on(t.userId, t.contentHash),
    index("knowledge_documents_user_status_idx").on(t.userId, t.status, t.createdAt, t.id),
    index("knowledge_documents_user_kind_idx").on(t.userId, t.kind, t.createdAt, t.id),
  ],
);

export const knowledgeChunks = sqliteTable(
  "knowledge_chunks",
  {
    id: text("id").primaryKey(),
    documentId: text("document_id").notNull(),
    userId: text("user_id").notNull(),
    position: integer("position").notNull(),
    heading: text("heading").notNull().default(""),
    content: text("content").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [unique().on(t.documentId, t.position), index("knowledge_chunks_user_idx").on(t.userId, t.documentId, t.position)],
);

export const avatars = sqliteTable(
  "avatars",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: ["video", "photo"] }).notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    r2Key: text("r2_key").notNull(),
    status: text("status").$type<AvatarStatus>().notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    provider: text("provider"),
    providerRef: text("provider_ref"),
    referenceKey: text("reference_key"),
    voice: text("voice"),
    error: text("error"),
    ...timestamps,
  },
  (t) => [index("avatars_user_idx").on(t.userId, t.createdAt)],
);

export type AvatarStatus = "queued" | "processing" | "ready" | "failed";

export const videos = sqliteTable(
  "videos",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    messageId: text("message_id").notNull(),
    avatarId: text("avatar_id"),
    jobId: text("job_id").notNull().unique(),
    status: text("status").$type<AvatarStatus>().notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    provider: text("provider"),
    r2Key: text("r2_key"),
    durationMs: integer("duration_ms"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    ...timestamps,
  },
  (t) => [index("videos_user_idx").on(t.userId, t.createdAt), index("videos_message_idx").on(t.messageId, t.createdAt)],
);

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    subjectId: text("subject_id"),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    payload: text("payload").notNull().default("{}"),
    result: text("result"),
    error: text("error"),
    /** Until when the job may stay unfinished (ms): the sweeper re-queues or fails it after that. */
    leaseUntil: integer("lease_until"),
    ...timestamps,
  },
  (t) => [index("jobs_user_idx").on(t.userId, t.createdAt), index("jobs_subject_idx").on(t.subjectId), index("jobs_lease_idx").on(t.status, t.leaseUntil)],
);

// 0007: ids of socket tickets already used (single-use tickets), kept until they would have expired.
export const usedTickets = sqliteTable(
  "used_tickets",
  {
    jti: text("jti").primaryKey(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("used_tickets_expiry_idx").on(t.expiresAt)],
);

export type User = typeof users.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type Avatar = typeof avatars.$inferSelect;
export type Video = typeof videos.$inferSelect;
export type Message = typeof messages.$inferSelect;

// 0003: local vector store (see worker/platform/vector-store/d1.ts).
export const knowledgeVectors = sqliteTable(
  "knowledge_vectors",
  {
    chunkId: text("chunk_id").primaryKey(),
    userId: text("user_id").notNull(),
    documentId: text("document_id").notNull(),
    embedder: text("embedder").notNull(),
    dims: integer("dims").notNull(),
    vector: text("vector").notNull(), // base64 int8, see worker/platform/vector-store/d1.ts
  },
  (t) => [index("knowledge_vectors_scope_idx").on(t.userId, t.embedder)],
);

// 0003: per-(user, embedder) version counter bumped by triggers on knowledge_vectors.
export const knowledgeVectorVersions = sqliteTable(
  "knowledge_vector_versions",
  { userId: text("user_id").notNull(), embedder: text("embedder").notNull(), version: integer("version").notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.embedder] })],
);

// 0014: per-user version of everything a search reads (chunks, their documents' title/kind/address/status,
// vectors), bumped by triggers; isolates revalidate their in-memory knowledge indexes with it.
export const knowledgeVersions = sqliteTable("knowledge_versions", {
  userId: text("user_id").primaryKey(),
  version: integer("version").notNull(),
});

// 0012: facts the owner told the clone (proposed, then accepted as knowledge of kind 'memory', or rejected).
export const memories = sqliteTable(
  "memories",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    text: text("text").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rejected"] }).notNull(),
    origin: text("origin", { enum: ["rules", "llm", "manual"] }).notNull(),
    conversationId: text("conversation_id"),
    messageId: text("message_id"),
    documentId: text("document_id"),
    ...timestamps,
  },
  (t) => [
    index("memories_user_status_idx").on(t.userId, t.status, t.createdAt, t.id),
    index("memories_conversation_idx").on(t.conversationId, t.status),
    index("memories_document_idx").on(t.documentId),
  ],
);

// 0012: when a visitor cleared what the clone remembers about them (per link).
export const visitorMemoryResets = sqliteTable(
  "visitor_memory_resets",
  {
    shareLinkId: text("share_link_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    userId: text("user_id").notNull(),
    forgottenAt: integer("forgotten_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shareLinkId, t.visitorId] })],
);

export type Memory = typeof memories.$inferSelect;
export type KnowledgeDocument = typeof knowledgeDocuments.$inferSelect;
export type KnowledgeChunk = typeof knowledgeChunks.$inferSelect;
export type KnowledgeStatus = "queued" | "indexing" | "ready" | "failed";

// 0011: topics the owner's clone must not discuss, and an optional custom refusal line.
export const guardrails = sqliteTable("guardrails", {
  userId: text("user_id").primaryKey(),
  topics: text("topics").notNull().default("[]"),
  refusal: text("refusal").notNull().default(""),
  updatedAt: integer("updated_at").notNull(),
});
