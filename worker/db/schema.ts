// Drizzle mirror of worker/db/migrations/*.sql: the SQL files are the source of truth for the
// database, this file types the queries. test/db-schema.test.ts fails when the two differ (tables,
// columns, types, nullability, indexes): change both together.
import { sqliteTable, text, integer, index, primaryKey, unique } from "drizzle-orm/sqlite-core";

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

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  userAgent: text("user_agent"),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  revokedAt: integer("revoked_at"),
}, (t) => [index("sessions_user_idx").on(t.userId, t.createdAt)]);

export const refreshTokens = sqliteTable("refresh_tokens", {
  id: text("id").primaryKey(),
  sessionId: text("session_id").notNull(),
  userId: text("user_id").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
}, (t) => [index("refresh_tokens_session_idx").on(t.sessionId), index("refresh_tokens_user_idx").on(t.userId)]);

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

export const shareLinks = sqliteTable("share_links", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  token: text("token").notNull().unique(),
  label: text("label").notNull().default(""),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
}, (t) => [index("share_links_user_idx").on(t.userId, t.createdAt)]);

export const conversations = sqliteTable("conversations", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  shareLinkId: text("share_link_id"),
  visitorId: text("visitor_id"),
  title: text("title").notNull().default(""),
  ...timestamps,
}, (t) => [index("conversations_user_idx").on(t.userId, t.updatedAt, t.id), index("conversations_share_idx").on(t.shareLinkId, t.visitorId, t.updatedAt)]);

export const messages = sqliteTable("messages", {
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
}, (t) => [index("messages_conversation_idx").on(t.conversationId, t.createdAt, t.id), index("messages_user_idx").on(t.userId), index("messages_reply_to_idx").on(t.replyTo)]);

export const knowledgeDocuments = sqliteTable("knowledge_documents", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull(),
  title: text("title").notNull(),
  source: text("source", { enum: ["note", "upload"] }).notNull(),
  mimeType: text("mime_type").notNull(),
  sizeBytes: integer("size_bytes").notNull().default(0),
  r2Key: text("r2_key"),
  body: text("body"),
  status: text("status").$type<"queued" | "indexing" | "ready" | "failed">().notNull().default("queued"),
  progress: integer("progress").notNull().default(0),
  chunkCount: integer("chunk_count").notNull().default(0),
  embedder: text("embedder"),
  error: text("error"),
  ...timestamps,
}, (t) => [index("knowledge_documents_user_idx").on(t.userId, t.createdAt, t.id), index("knowledge_documents_user_status_idx").on(t.userId, t.status, t.createdAt, t.id)]);

export const knowledgeChunks = sqliteTable("knowledge_chunks", {
  id: text("id").primaryKey(),
  documentId: text("document_id").notNull(),
  userId: text("user_id").notNull(),
  position: integer("position").notNull(),
  heading: text("heading").notNull().default(""),
  content: text("content").notNull(),
  createdAt: integer("created_at").notNull(),
}, (t) => [unique().on(t.documentId, t.position), index("knowledge_chunks_user_idx").on(t.userId, t.documentId, t.position)]);

export const avatars = sqliteTable("avatars", {
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
}, (t) => [index("avatars_user_idx").on(t.userId, t.createdAt)]);

export type AvatarStatus = "queued" | "processing" | "ready" | "failed";

export const videos = sqliteTable("videos", {
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
}, (t) => [index("videos_user_idx").on(t.userId, t.createdAt), index("videos_message_idx").on(t.messageId, t.createdAt)]);

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

export const jobs = sqliteTable("jobs", {
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
}, (t) => [
  index("jobs_user_idx").on(t.userId, t.createdAt),
  index("jobs_subject_idx").on(t.subjectId),
  index("jobs_lease_idx").on(t.status, t.leaseUntil),
]);

// 0007: ids of socket tickets already used (single-use tickets), kept until they would have expired.
export const usedTickets = sqliteTable("used_tickets", {
  jti: text("jti").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
}, (t) => [index("used_tickets_expiry_idx").on(t.expiresAt)]);

export type User = typeof users.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type Job = typeof jobs.$inferSelect;
export type Avatar = typeof avatars.$inferSelect;
export type Video = typeof videos.$inferSelect;
export type Message = typeof messages.$inferSelect;

// 0003: local vector store (see worker/adapters/vector-stores/d1.ts).
export const knowledgeVectors = sqliteTable("knowledge_vectors", {
  chunkId: text("chunk_id").primaryKey(),
  userId: text("user_id").notNull(),
  documentId: text("document_id").notNull(),
  embedder: text("embedder").notNull(),
  dims: integer("dims").notNull(),
  vector: text("vector").notNull(), // base64 int8, see worker/adapters/vector-stores/d1.ts
}, (t) => [index("knowledge_vectors_scope_idx").on(t.userId, t.embedder)]);

// 0003: per-(user, embedder) version counter bumped by triggers on knowledge_vectors.
export const knowledgeVectorVersions = sqliteTable(
  "knowledge_vector_versions",
  { userId: text("user_id").notNull(), embedder: text("embedder").notNull(), version: integer("version").notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.embedder] })],
);

export type KnowledgeDocument = typeof knowledgeDocuments.$inferSelect;
export type KnowledgeChunk = typeof knowledgeChunks.$inferSelect;
export type KnowledgeStatus = "queued" | "indexing" | "ready" | "failed";
