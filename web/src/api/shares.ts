import { unwrap, apiErrorFrom } from "./client";
import { pendingClient } from "./pending";
import { streamChat, type StreamHandlers } from "./chat";
import type { Conversation, PublicProfile, ShareLink } from "./contract";

export const sharesApi = {
  list: () => unwrap<{ items: ShareLink[] }>(pendingClient.api.shares.$get()),
  create: (label?: string) => unwrap<ShareLink>(pendingClient.api.shares.$post({ json: label ? { label } : {} })),
  revoke: (id: string) => unwrap(pendingClient.api.shares[":id"].$delete({ param: { id } })).then(() => undefined),
};

/** Public share endpoints: no account, so plain fetch (never the user's bearer token). */
export const publicApi = {
  async profile(token: string): Promise<PublicProfile> {
    const res = await fetch(pendingClient.api.public[":token"].$url({ param: { token } }).pathname);
    const body = await res.json().catch(() => null);
    if (!res.ok) throw apiErrorFrom(res.status, body);
    return body as PublicProfile;
  },
  async startConversation(token: string): Promise<{ conversation: Conversation; visitorToken: string }> {
    const res = await fetch(pendingClient.api.public[":token"].conversations.$url({ param: { token } }).pathname, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw apiErrorFrom(res.status, body);
    return body as { conversation: Conversation; visitorToken: string };
  },
  send(token: string, visitorToken: string, conversationId: string, message: string, handlers: StreamHandlers) {
    const url = pendingClient.api.public[":token"].chat.$url({ param: { token } }).pathname as string;
    return streamChat(url, { conversation_id: conversationId, message }, handlers, { headers: { "x-visitor-token": visitorToken }, fetcher: fetch });
  },
};
