import type { MessageRepository } from "./messages.repo";
import type { ProfileService } from "../profile";
import type { KnowledgeSearch, RetrievedChunk } from "../knowledge";
import { CONTEXT_MESSAGES, type ChatTurn, type PersonaProfile } from "../../shared/persona";

/** Everything a reply is built from, besides the question itself. */
export interface ConversationContext {
  profile: PersonaProfile;
  /** Up to CONTEXT_MESSAGES messages of finished exchanges before the question, each reply after its question. */
  history: ChatTurn[];
  chunks: RetrievedChunk[];
}

export interface ContextRequest {
  ownerId: string;
  conversationId: string;
  question: string;
  /** The question's own message, already stored; it is not part of the memory. */
  excludeMessageId?: string;
}

/**
 * The seam for caching: chat asks this loader, so a cache (profile by owner, retrieval by
 * owner + question) can wrap it without chat knowing. Reads run in parallel.
 */
export interface ContextLoader {
  load(req: ContextRequest): Promise<ConversationContext>;
}

export const RETRIEVAL_K = 5;

export class D1ContextLoader implements ContextLoader {
  constructor(
    private readonly profiles: ProfileService,
    private readonly messages: MessageRepository,
    private readonly knowledge: KnowledgeSearch,
  ) {}

  async load(req: ContextRequest): Promise<ConversationContext> {
    const [profile, recent, chunks] = await Promise.all([
      this.profiles.get(req.ownerId),
      // Finished exchanges only (concurrent turns' half-done ones are left out). One extra row so
      // the result is exactly CONTEXT_MESSAGES whether or not the question row is visible yet.
      this.messages.memory(req.conversationId, CONTEXT_MESSAGES + 1),
      this.knowledge.search(req.ownerId, req.question, RETRIEVAL_K),
    ]);
    const history = recent.filter((m) => m.id !== req.excludeMessageId).slice(-CONTEXT_MESSAGES);
    return {
      profile: { name: profile.name, headline: profile.headline, bio: profile.bio, personality: profile.personality, language: profile.language },
      history: history.map((m) => ({ role: m.role, content: m.content })),
      chunks,
    };
  }
}
