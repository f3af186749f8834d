import type { MessageRepository } from "./messages.repo";
import type { MessageView } from "./chat.schemas";
import type { ProfileService } from "../profile";
import type { KnowledgeSearch, RetrievedChunk } from "../knowledge";
import { CONTEXT_MESSAGES, type ChatTurn, type PersonaProfile, type VisitorNote } from "../../shared/persona";
import { withoutOffLimits, type Guardrails } from "../../shared/guardrails";
import { fitContextBudget } from "./context-budget";
import type { VisitorMemory } from "./visitor-memory";

/** Everything a reply is built from, besides the question itself. */
export interface ConversationContext {
  profile: PersonaProfile;
  /** Up to CONTEXT_MESSAGES messages of finished exchanges before the question, each reply after its question. */
  history: ChatTurn[];
  /** Retrieved knowledge and memories, ranked, within the context budget (context-budget.ts). */
  chunks: RetrievedChunk[];
  /** Topics the owner put off-limits. */
  guardrails: Guardrails;
  /** What the clone remembers about a returning visitor, within the budget; empty for the owner. */
  visitorNotes: VisitorNote[];
}

export interface ContextRequest {
  ownerId: string;
  conversationId: string;
  question: string;
  /** The question's own message, already stored; it is not part of the memory. */
  excludeMessageId?: string;
  /** The memory window (CONTEXT_WINDOW_ROWS rows), when the caller reads it itself (TurnOpening); else the loader does. */
  window?: Promise<MessageView[]>;
  /** The owner's knowledge version, when the caller read it in its own batch (TurnOpening); else retrieval reads it. */
  knowledgeVersion?: Promise<number>;
  /** The owner's cache epoch, when this request read it (the owner's own turn): lets the profile come from this isolate's first level. */
  ownerEpoch?: number;
  /** Set for a visitor's conversation: their earlier conversations through the link are summarised. */
  visitor?: { shareLinkId: string; visitorId: string };
}

/**
 * The seam for caching: chat asks this loader, so a cache (profile by owner, retrieval by
 * owner + question) can wrap it without chat knowing. Reads run in parallel.
 */
export interface ContextLoader {
  load(req: ContextRequest): Promise<ConversationContext>;
}

export const RETRIEVAL_K = 5;
/**
 * Finished exchanges only (concurrent turns' half-done ones are left out). One extra row so the
 * memory is exactly CONTEXT_MESSAGES whether or not the question's own row is visible yet.
 */
export const CONTEXT_WINDOW_ROWS = CONTEXT_MESSAGES + 1;

export class D1ContextLoader implements ContextLoader {
  constructor(
    private readonly profiles: ProfileService,
    private readonly messages: MessageRepository,
    private readonly knowledge: KnowledgeSearch,
    /** `epoch`: the owner's, read with this request's admission (owner turns only): served from the isolate's first level. */
    private readonly guardrails: (ownerId: string, epoch?: number) => Promise<Guardrails>,
    private readonly visitors?: VisitorMemory,
  ) {}

  async load(req: ContextRequest): Promise<ConversationContext> {
    const [profile, recent, found, guardrails, notes] = await Promise.all([
      this.profiles.get(req.ownerId, req.ownerEpoch),
      req.window ?? this.messages.memory(req.ownerId, req.conversationId, CONTEXT_WINDOW_ROWS),
      this.knowledge.search(req.ownerId, req.question, RETRIEVAL_K, { version: req.knowledgeVersion }),
      this.guardrails(req.ownerId, req.ownerEpoch),
      req.visitor && this.visitors ? this.visitors.notes({ ownerId: req.ownerId, ...req.visitor }, req.conversationId) : [],
    ]);
    // What the owner put off-limits is left out of what the reply is made from (and of its sources' snippets), for any
    // question: refusing only questions about a topic still let a note's sentence on it into an answer about another.
    // The owner's own answers (revisions) are said as written.
    const allowed = found.map((c) => (c.kind === "revision" ? c : { ...c, content: withoutOffLimits(c.content, guardrails) })).filter((c) => c.content.trim());
    const { chunks, visitorNotes } = fitContextBudget(allowed, notes);
    const history = recent.filter((m) => m.id !== req.excludeMessageId).slice(-CONTEXT_MESSAGES);
    return {
      profile: {
        name: profile.name,
        headline: profile.headline,
        bio: withoutOffLimits(profile.bio, guardrails),
        personality: profile.personality,
        language: profile.language,
      },
      history: history.map((m) => ({ role: m.role, content: m.content })),
      chunks,
      guardrails,
      visitorNotes,
    };
  }
}
