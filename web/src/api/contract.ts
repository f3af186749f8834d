/**
 * Every `progress` here is a percentage 0–100 (the job runner's scale); upload progress in the UI is a 0–1 fraction.
 *
 * Shapes of the resources served by routes not yet in this branch's AppType (see API-CONTRACT.md).
 * Transitional: each will be derived from the hc client after the merge (expression beside it),
 * so they are kept to exactly the contract's fields.
 */

// TODO(after merge): InferResponseType<typeof client.api.knowledge[":id"]["$get"], 200>
export interface KnowledgeDocument {
  id: string;
  title: string;
  source: "note" | "upload";
  mimeType: string;
  sizeBytes: number;
  status: "queued" | "indexing" | "ready" | "failed";
  progress: number;
  chunkCount: number;
  error: string | null;
  jobId: string | null;
  createdAt: number;
  updatedAt: number;
}

// TODO(after merge): InferResponseType<typeof client.api.knowledge.search["$get"], 200>["results"][number]
export interface KnowledgeHit {
  chunkId: string;
  documentId: string;
  title: string;
  position: number;
  heading: string;
  content: string;
  score: number;
}

// TODO(after merge): InferResponseType<typeof client.api.conversations[":id"]["$get"], 200>
export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  lastMessagePreview: string | null;
}

export interface Citation {
  documentId: string;
  chunkId: string;
  title: string;
  position: number;
  snippet: string;
}

// TODO(after merge): InferResponseType<typeof client.api.conversations[":id"].messages["$get"], 200>["items"][number]
export interface Message {
  id: string;
  conversationId: string;
  role: "user" | "assistant";
  content: string;
  citations: Citation[];
  model: string | null;
  videoJobId: string | null;
  createdAt: number;
}

// TODO(after merge): InferResponseType<typeof client.api.chat.send["$post"], 200>
export interface ChatResult {
  conversationId: string;
  userMessage: Message;
  reply: Message;
}

// TODO(after merge): InferResponseType<typeof client.api.shares["$post"], 201>
export interface ShareLink {
  id: string;
  label: string;
  url: string;
  token: string;
  createdAt: number;
  revokedAt: number | null;
}

// TODO(after merge): InferResponseType<typeof client.api.public[":token"]["$get"], 200>
export interface PublicProfile {
  name: string;
  headline: string;
  bio: string;
  avatarReady: boolean;
}

// TODO(after merge): InferResponseType<typeof client.api.avatars["my-avatar"]["$get"], 200>
export interface Avatar {
  id: string;
  kind: "video" | "photo";
  mimeType: string;
  sizeBytes: number;
  status: "queued" | "processing" | "ready" | "failed";
  progress: number;
  error: string | null;
  provider: string | null;
  previewUrl: string | null;
  posterUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

// TODO(after merge): InferResponseType<typeof client.api.chat["video-status"][":job_id"]["$get"], 200>
export interface VideoStatus {
  jobId: string;
  messageId: string;
  status: "queued" | "processing" | "ready" | "failed";
  progress: number;
  error: string | null;
  videoUrl: string | null;
  durationSeconds: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
