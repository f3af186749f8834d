import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { messages } from "../../platform/db/schema";
import { newId, now } from "../../shared/ids";
import type { CursorPosition } from "../../shared/cursor";
import type { Citation, MessageView } from "./chat.schemas";


type Row = typeof messages.$inferSelect;

const toView = (r: Row): MessageView => ({
  id: r.id,
  conversationId: r.conversationId,
  role: r.role,
  content: r.content,
  citations: JSON.parse(r.citations) as Citation[],
  model: r.model,
  videoJobId: r.videoJobId,
  createdAt: r.createdAt,
});

/** Messages are only reached through a conversation the caller already proved access to. */
export class MessageRepository {
  constructor(private readonly db: Db) {}

  async insert(input: { id?: string; conversationId: string; userId: string; role: "user" | "assistant"; content: string; citations?: Citation[]; model?: string | null; createdAt?: number }): Promise<MessageView> {
    const row: Row = {
      id: input.id ?? newId("msg"),
      conversationId: input.conversationId,
      userId: input.userId,
      role: input.role,
      content: input.content,
      citations: JSON.stringify(input.citations ?? []),
      model: input.model ?? null,
      videoJobId: null,
      createdAt: input.createdAt ?? now(),
    };
    await this.db.insert(messages).values(row);
    return toView(row);
  }

  /** Newest first from the cursor (exclusive), `limit` rows. */
  async pageBefore(conversationId: string, limit: number, before: CursorPosition | null): Promise<MessageView[]> {
    const cond = before
      ? and(eq(messages.conversationId, conversationId), or(lt(messages.createdAt, before.t), and(eq(messages.createdAt, before.t), lt(messages.id, before.id))))
      : eq(messages.conversationId, conversationId);
    const rows = await this.db.select().from(messages).where(cond).orderBy(desc(messages.createdAt), desc(messages.id)).limit(limit).all();
    return rows.map(toView);
  }

  /** The last `n` messages, oldest first: the conversation memory given to the model. */
  async lastN(conversationId: string, n: number): Promise<MessageView[]> {
    return (await this.pageBefore(conversationId, n, null)).reverse();
  }
}
