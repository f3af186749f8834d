import type { InferResponseType } from "hono/client";
import type { client } from "./client";

/**
 * Resource shapes, all derived from the Worker's AppType through the hc client (never copied),
 * for the components and for the paths the typed client cannot call itself (XHR uploads, SSE).
 * Every `progress` is a percentage 0–100 (the job runner's scale); upload progress in the UI is a 0–1 fraction.
 */
type Api = typeof client.api;

export type KnowledgeDocument = InferResponseType<Api["knowledge"][":id"]["$get"], 200>;
export type KnowledgeUploadResult = InferResponseType<Api["knowledge"]["upload"]["$post"], 202>;
export type KnowledgeImportResult = InferResponseType<Api["knowledge"]["import"]["$post"], 202>;
export type ReindexStatus = InferResponseType<Api["knowledge"]["reindex"]["$get"], 200>;
export type KnowledgeHit = InferResponseType<Api["knowledge"]["search"]["$get"], 200>["results"][number];

export type Conversation = InferResponseType<Api["conversations"]["$get"], 200>["items"][number];
export type Message = InferResponseType<Api["conversations"][":id"]["messages"]["$get"], 200>["items"][number];
export type Citation = Message["citations"][number];
/**
 * The JSON answer of a chat turn; its SSE form sends the same parts as `meta` and `done` events.
 * The route's 200 is JSON or an event stream (string / raw Response), so the JSON variant is picked out.
 */
export type ChatResult = Extract<InferResponseType<Api["chat"]["send"]["$post"], 200>, { reply: unknown }>;

export type ShareLink = InferResponseType<Api["shares"]["$post"], 201>;
export type PublicProfile = InferResponseType<Api["public"][":token"]["$get"], 200>;
export type PublicConversation = InferResponseType<Api["public"][":token"]["conversations"]["$post"], 201>;

/** One avatar: as its status, the upload's answer and the socket's `{type:"avatar"}` event give it. */
export type Avatar = InferResponseType<Api["avatars"]["status"][":avatar_id"]["$get"], 200>;
/** The avatar in use, with a newer upload that has not replaced it yet (training, or failed) as `replacement`. */
export type MyAvatar = NonNullable<InferResponseType<Api["avatars"]["my-avatar"]["$get"], 200>>;
export type AvatarUploadResult = InferResponseType<Api["avatars"]["upload"]["$post"], 202>;
export type VideoStatus = InferResponseType<Api["chat"]["video-status"][":job_id"]["$get"], 200>;

export type VisitorConversation = InferResponseType<Api["audience"]["conversations"]["$get"], 200>["items"][number];
export type Inbox = InferResponseType<Api["audience"]["inbox"]["$get"], 200>;
export type Revision = InferResponseType<Api["audience"]["revisions"]["$get"], 200>["items"][number];
export type Analytics = InferResponseType<Api["audience"]["analytics"]["$get"], 200>;
export type Memory = InferResponseType<Api["memories"]["$post"], 201>;
export type VisitorNote = InferResponseType<Api["public"][":token"]["memory"]["$get"], 200>["notes"][number];
export type LinkVisitor = InferResponseType<Api["shares"][":id"]["visitors"]["$get"], 200>["items"][number];
