import { client } from "./client";

/**
 * Routes that other branches (knowledge, chat, avatar) add to AppType. Until they are merged,
 * the typed `client` does not know them, so the resource modules call them through this loosely
 * typed alias. This is the ONLY place `any` enters the API layer.
 *
 * TODO(after merge of knowledge/chat/avatar): in api/knowledge.ts, api/conversations.ts,
 * api/chat.ts, api/shares.ts, api/public.ts and api/avatars.ts replace `pendingClient` with
 * `client`, and in api/contract.ts replace each interface with the InferResponseType expression
 * noted beside it; then delete this file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const pendingClient = client as any;
