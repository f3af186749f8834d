import { AppError, notFound } from "../../shared/errors";
import { decodeCursor, paginate } from "../../shared/cursor";
import { now } from "../../shared/ids";
import { normalizeTopics, type Guardrails } from "../../shared/guardrails";
import type { ChatService } from "../chat";
import type { KnowledgeService } from "../knowledge";
import type { AudienceRepository, ReplyRow } from "./audience.repo";
import type { Inbox, Revision } from "./audience.schemas";
import { audienceAnalytics, type Analytics } from "./analytics";
import { groupSimilar } from "./inbox-groups";
import type { GuardrailsStore } from "./guardrails.store";

const INBOX_SCAN = 200;
const REVISIONS_MAX = 200;

/** The text a revision is indexed as: retrieval matches the question, the responders answer with the answer. */
export const revisionBody = (question: string, answer: string) => `Question: ${question.trim()}\n\nAnswer: ${answer.trim()}`;

const revisionView = (r: ReplyRow): Revision => ({
  messageId: r.id,
  conversationId: r.conversationId,
  source: r.shareLinkId ? "visitor" : "own",
  question: r.question ?? "",
  original: r.content,
  answer: r.revision ?? "",
  documentId: r.revisionDocumentId,
  revisedAt: r.revisedAt ?? 0,
});

/**
 * The owner's side of what the clone says: visitors' conversations (read-only), the Inbox of
 * unanswered questions, revisions (the owner's own answers, which become knowledge), guardrails
 * and analytics. Everything is scoped to one owner; another owner's ids are simply not found.
 */
export class AudienceService {
  constructor(
    private readonly repo: AudienceRepository,
    private readonly d1: D1Database,
    private readonly chat: ChatService,
    private readonly knowledge: KnowledgeService,
    private readonly guardrailsStore: GuardrailsStore,
  ) {}

  // ── audience ──

  async conversations(ownerId: string, opts: { limit: number; cursor?: string; shareLinkId?: string; visitorId?: string; q?: string }) {
    const rows = await this.repo.visitorConversations(ownerId, { ...opts, q: opts.q || undefined, limit: opts.limit + 1, after: decodeCursor(opts.cursor) });
    const { page, nextCursor } = paginate(rows, opts.limit, (r) => ({ t: r.updatedAt, id: r.id }));
    return { items: page, nextCursor };
  }

  /** One visitor conversation's transcript (the owner reads, never writes). */
  transcript(ownerId: string, conversationId: string) {
    return this.chat.detail({ kind: "audience", ownerId }, conversationId);
  }

  messages(ownerId: string, conversationId: string, limit: number, cursor: string | undefined) {
    return this.chat.messages({ kind: "audience", ownerId }, conversationId, limit, cursor);
  }

  // ── inbox ──

  async inbox(ownerId: string, opts: { open: boolean }): Promise<Inbox> {
    const [rows, openCount] = await Promise.all([this.repo.inbox(ownerId, { open: opts.open, limit: INBOX_SCAN }), this.repo.openInboxCount(ownerId)]);
    const items = rows.map((r) => ({
      replyId: r.replyId,
      question: r.question,
      reply: r.reply,
      conversationId: r.conversationId,
      source: r.shareLinkId ? ("visitor" as const) : ("own" as const),
      shareLinkId: r.shareLinkId,
      shareLabel: r.shareLabel,
      askedOwnerAt: r.askedOwnerAt,
      answer: r.revision,
      createdAt: r.createdAt,
    }));
    return { openCount, groups: groupSimilar(items) };
  }

  /** A visitor left their unanswered question for the owner ("ask the real me"); the caller proved the visitor owns the message. */
  async askOwner(ownerId: string, replyId: string): Promise<{ askedOwnerAt: number }> {
    const reply = await this.repo.reply(ownerId, replyId);
    if (!reply || reply.role !== "assistant") throw notFound("Message");
    return { askedOwnerAt: await this.repo.askOwner(ownerId, replyId) };
  }

  // ── revisions ──

  /**
   * Writes (or rewrites) the owner's answer to one reply of their clone. The original reply is
   * kept; the answer is shown in that conversation and becomes a knowledge entry of kind
   * "revision" that retrieval prefers and replies cite as the owner's own answer.
   */
  async revise(ownerId: string, messageId: string, answer: string): Promise<Revision> {
    const reply = await this.repo.reply(ownerId, messageId);
    if (!reply) throw notFound("Message");
    if (reply.role !== "assistant" || !reply.question) throw new AppError("validation_failed", "Only a reply of your clone to a question can be revised");
    // The new entry first, then the old one goes: a failure in between never leaves the answer unindexed.
    const doc = await this.knowledge.addNote(ownerId, reply.question.slice(0, 200), revisionBody(reply.question, answer), "revision");
    await this.repo.setRevision(ownerId, messageId, { text: answer, documentId: doc.id });
    if (reply.revisionDocumentId) await this.forgetDocument(ownerId, reply.revisionDocumentId);
    return revisionView((await this.repo.reply(ownerId, messageId))!);
  }

  async revisions(ownerId: string): Promise<Revision[]> {
    return (await this.repo.revisions(ownerId, REVISIONS_MAX)).map(revisionView);
  }

  /** Removes the revision and its knowledge entry (so retrieval no longer finds it); the original reply shows again. */
  async deleteRevision(ownerId: string, messageId: string): Promise<void> {
    const reply = await this.repo.reply(ownerId, messageId);
    if (!reply?.revisedAt) throw notFound("Revision");
    await this.repo.setRevision(ownerId, messageId, null);
    if (reply.revisionDocumentId) await this.forgetDocument(ownerId, reply.revisionDocumentId);
  }

  private async forgetDocument(ownerId: string, documentId: string) {
    try {
      await this.knowledge.delete(ownerId, documentId);
    } catch (err) {
      // Already gone (deleted from the knowledge page): nothing left to forget.
      if (!(err instanceof AppError && err.code === "not_found")) throw err;
    }
  }

  // ── guardrails ──

  guardrails(ownerId: string, epoch?: number): Promise<Guardrails> {
    return this.guardrailsStore.get(ownerId, epoch);
  }

  async saveGuardrails(ownerId: string, g: Guardrails): Promise<Guardrails> {
    const clean = { topics: normalizeTopics(g.topics), refusal: g.refusal.trim() };
    await this.guardrailsStore.save(ownerId, clean);
    return clean;
  }

  // ── analytics ──

  analytics(ownerId: string, at = now()): Promise<Analytics> {
    return audienceAnalytics(this.d1, ownerId, at);
  }
}
