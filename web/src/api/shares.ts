import { client, anonymousClient, unwrap } from "./client";
import { streamChat, type StreamHandlers } from "./chat";

export const sharesApi = {
  list: () => unwrap(client.api.shares.$get()),
  create: (label?: string) => unwrap(client.api.shares.$post({ json: label ? { label } : {} })),
  revoke: (id: string) => unwrap(client.api.shares[":id"].$delete({ param: { id } })).then(() => undefined),
  /** Each visitor of the link and what the clone remembers about them. */
  visitors: (id: string) => unwrap(client.api.shares[":id"].visitors.$get({ param: { id } })),
};

const shared = anonymousClient.api.public[":token"];

/** Public share endpoints: no account, so the anonymous client (plain fetch) is used. */
export const publicApi = {
  profile: (token: string) => unwrap(shared.$get({ param: { token } })),
  /** A returning visitor passes their token, so the clone recognises them (same link, same visitor). */
  startConversation: (token: string, visitorToken?: string) =>
    unwrap(shared.conversations.$post({ param: { token } }, visitorToken ? { headers: { "x-visitor-token": visitorToken } } : undefined)),
  memory: (token: string, visitorToken: string) => unwrap(shared.memory.$get({ param: { token } }, { headers: { "x-visitor-token": visitorToken } })),
  forget: (token: string, visitorToken: string) =>
    unwrap(shared.memory.$delete({ param: { token } }, { headers: { "x-visitor-token": visitorToken } })).then(() => undefined),
  /** The visitor's own latest messages, so a reload of the shared page keeps the conversation. */
  history: (token: string, visitorToken: string, conversationId: string) =>
    unwrap(
      shared.conversations[":id"].messages.$get(
        { param: { token, id: conversationId }, query: { limit: "50" } },
        { headers: { "x-visitor-token": visitorToken } },
      ),
    ),
  /** Ask for a talking-avatar video of a reply in the visitor's conversation (their own daily quota). */
  requestVideo: (token: string, visitorToken: string, messageId: string) =>
    unwrap(shared.messages[":messageId"].video.$post({ param: { token, messageId } }, { headers: { "x-visitor-token": visitorToken } })),
  videoStatus: (token: string, visitorToken: string, jobId: string) =>
    unwrap(shared["video-status"][":jobId"].$get({ param: { token, jobId } }, { headers: { "x-visitor-token": visitorToken } })),
  /** The visitor deletes their conversation (the owner no longer sees it either). */
  deleteConversation: (token: string, visitorToken: string, conversationId: string) =>
    unwrap(shared.conversations[":id"].$delete({ param: { token, id: conversationId } }, { headers: { "x-visitor-token": visitorToken } })).then(
      () => undefined,
    ),
  /** "Ask the real me": leave a question the clone could not answer for the owner. */
  askOwner: (token: string, visitorToken: string, messageId: string) =>
    unwrap(shared.messages[":messageId"]["ask-owner"].$post({ param: { token, messageId } }, { headers: { "x-visitor-token": visitorToken } })),
  send(token: string, visitorToken: string, conversationId: string, message: string, handlers: StreamHandlers, clientMessageId?: string) {
    const url = shared.chat.$url({ param: { token } }).pathname;
    return streamChat(url, { conversation_id: conversationId, message, client_message_id: clientMessageId }, handlers, {
      headers: { "x-visitor-token": visitorToken },
      fetcher: fetch,
    });
  },
};
