import { AppError, notFound } from "../../shared/errors";
import { decodeCursor, paginate } from "../../shared/cursor";
import type { KnowledgeService } from "../knowledge";
import type { FactExtractor } from "./fact-extractor";
import type { MemoryRepository, MemoryRow } from "./memory.repo";
import type { MemoryView } from "./memory.schemas";

const TITLE_CHARS = 80;
const titleOf = (text: string) => (text.length <= TITLE_CHARS ? text : `${text.slice(0, TITLE_CHARS - 1)}…`);

const view = (m: MemoryRow): MemoryView => ({
  id: m.id,
  text: m.text,
  status: m.status,
  origin: m.origin,
  conversationId: m.conversationId,
  messageId: m.messageId,
  documentId: m.documentId,
  indexStatus: (m.indexStatus as MemoryView["indexStatus"]) ?? null,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/**
 * The owner's memories. A fact stated to the clone becomes a pending proposal; only the owner's
 * accept (optionally edited) makes it knowledge of kind "memory" — indexed, retrieved and cited
 * like a note — and rejecting it keeps the text only so the same fact is not proposed again.
 * Editing re-indexes it; deleting removes the knowledge entry with its chunks and vectors.
 */
export class MemoryService {
  constructor(
    private readonly repo: MemoryRepository,
    private readonly knowledge: KnowledgeService,
    private readonly extractor: FactExtractor,
  ) {}

  /** Called by chat for each message the owner sends their own clone. */
  async proposeFrom(input: { ownerId: string; conversationId: string; messageId: string; text: string }): Promise<MemoryView[]> {
    const facts = await this.extractor.extract(input.text);
    const known = await this.repo.texts(input.ownerId, facts);
    const rows = await this.repo.insertMany(
      facts
        .filter((f) => !known.has(f))
        .map((text) => ({
          userId: input.ownerId,
          text,
          status: "pending" as const,
          origin: this.extractor.origin,
          conversationId: input.conversationId,
          messageId: input.messageId,
          documentId: null,
        })),
    );
    return rows.map((r) => view({ ...r, indexStatus: null }));
  }

  /** Pending proposals, of one conversation when given: another user's conversation (or none) is a 404, as everywhere. */
  async proposals(userId: string, conversationId?: string): Promise<MemoryView[]> {
    if (conversationId && !(await this.repo.ownsConversation(userId, conversationId))) throw notFound("Conversation");
    return (await this.repo.pending(userId, conversationId)).map(view);
  }

  async list(userId: string, opts: { limit: number; cursor?: string; q?: string }) {
    const rows = await this.repo.accepted(userId, { limit: opts.limit + 1, after: decodeCursor(opts.cursor) ?? undefined, q: opts.q || undefined });
    const { page, nextCursor } = paginate(rows, opts.limit, (m) => ({ t: m.createdAt, id: m.id }));
    return { items: page.map(view), nextCursor };
  }

  async get(userId: string, id: string): Promise<MemoryView> {
    return view(await this.find(userId, id));
  }

  /** Accepts a proposal, in the owner's words when they edited it. 409 when it was already decided. */
  async accept(userId: string, id: string, edited?: string): Promise<MemoryView> {
    const m = await this.find(userId, id);
    const text = edited ?? m.text;
    if (!(await this.repo.decide(userId, id, { status: "accepted", text }))) throw new AppError("conflict", `This memory was already ${m.status}`);
    try {
      const doc = await this.knowledge.addNote(userId, titleOf(text), text, "memory");
      await this.repo.setDocument(userId, id, doc.id);
    } catch (err) {
      // Not remembered after all: back to a proposal the owner can accept again.
      await this.repo.reopen(userId, id, m.text);
      throw err;
    }
    return this.get(userId, id);
  }

  async reject(userId: string, id: string): Promise<MemoryView> {
    const m = await this.find(userId, id);
    if (!(await this.repo.decide(userId, id, { status: "rejected", text: m.text }))) throw new AppError("conflict", `This memory was already ${m.status}`);
    return this.get(userId, id);
  }

  /** A memory the owner types on the Memories page: accepted by being typed. */
  async create(userId: string, text: string): Promise<MemoryView> {
    const doc = await this.knowledge.addNote(userId, titleOf(text), text, "memory");
    const [row] = await this.repo.insertMany([
      { userId, text, status: "accepted", origin: "manual", conversationId: null, messageId: null, documentId: doc.id },
    ]);
    return this.get(userId, row!.id);
  }

  /** New words for an accepted memory; the old text stops being retrievable once the re-index replaces its chunks. */
  async update(userId: string, id: string, text: string): Promise<MemoryView> {
    const m = await this.find(userId, id);
    if (m.status !== "accepted" || !m.documentId)
      throw new AppError("conflict", "Only accepted memories can be edited; accept the proposal with your wording instead");
    await this.knowledge.rewriteNote(userId, m.documentId, titleOf(text), text);
    await this.repo.setText(userId, id, text);
    return this.get(userId, id);
  }

  /** Forgets the memory: its knowledge entry (chunks, vectors) goes, and the row with it. */
  async delete(userId: string, id: string): Promise<void> {
    const m = await this.find(userId, id);
    if (m.documentId) {
      try {
        await this.knowledge.delete(userId, m.documentId);
      } catch (err) {
        if (!(err instanceof AppError && err.code === "not_found")) throw err;
      }
    }
    await this.repo.delete(userId, id);
  }

  private async find(userId: string, id: string): Promise<MemoryRow> {
    const m = await this.repo.find(userId, id);
    if (!m) throw notFound("Memory");
    return m;
  }
}
