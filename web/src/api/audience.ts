import { client, unwrap } from "./client";

const audience = client.api.audience;

export interface AudienceFilter {
  limit?: number;
  cursor?: string | null;
  q?: string;
  shareLinkId?: string;
}

/** The owner's side of what the clone says: visitors' conversations, the Inbox, revisions, guardrails, analytics. */
export const audienceApi = {
  conversations: (f: AudienceFilter = {}) =>
    unwrap(
      audience.conversations.$get({
        query: {
          limit: String(f.limit ?? 20),
          ...(f.cursor ? { cursor: f.cursor } : {}),
          ...(f.q ? { q: f.q } : {}),
          ...(f.shareLinkId ? { shareLinkId: f.shareLinkId } : {}),
        },
      }),
    ),
  transcript: (id: string) => unwrap(audience.conversations[":id"].$get({ param: { id } })),
  inbox: (status: "open" | "all" = "open") => unwrap(audience.inbox.$get({ query: { status } })),
  revisions: () => unwrap(audience.revisions.$get()),
  revise: (messageId: string, answer: string) => unwrap(audience.revisions[":messageId"].$put({ param: { messageId }, json: { answer } })),
  deleteRevision: (messageId: string) => unwrap(audience.revisions[":messageId"].$delete({ param: { messageId } })).then(() => undefined),
  guardrails: () => unwrap(audience.guardrails.$get()),
  saveGuardrails: (topics: string[], refusal: string) => unwrap(audience.guardrails.$put({ json: { topics, refusal } })),
  analytics: () => unwrap(audience.analytics.$get()),
};
