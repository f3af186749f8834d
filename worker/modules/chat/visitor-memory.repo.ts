/** The SQL behind a returning visitor's memory: their own questions through one link, and when they last cleared it. */
export class VisitorMemoryRepository {
  constructor(private readonly d1: D1Database) {}

  /** The visitor's messages through this link (other than in `exceptConversationId`) after their last reset, newest first. */
  async saidBefore(ownerId: string, shareLinkId: string, visitorId: string, exceptConversationId: string | null, limit: number) {
    const { results } = await this.d1
      .prepare(
        `SELECT m.content, m.created_at FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.user_id = ?1 AND c.share_link_id = ?2 AND c.visitor_id = ?3 AND c.id != ?4 AND m.role = 'user'
            AND m.created_at > COALESCE((SELECT forgotten_at FROM visitor_memory_resets WHERE share_link_id = ?2 AND visitor_id = ?3), 0)
          ORDER BY m.created_at DESC, m.id DESC LIMIT ?5`,
      )
      .bind(ownerId, shareLinkId, visitorId, exceptConversationId ?? "", limit)
      .all<{ content: string; created_at: number }>();
    return results;
  }

  async forget(ownerId: string, shareLinkId: string, visitorId: string, at: number): Promise<void> {
    await this.d1
      .prepare(
        `INSERT INTO visitor_memory_resets (share_link_id, visitor_id, user_id, forgotten_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (share_link_id, visitor_id) DO UPDATE SET forgotten_at = excluded.forgotten_at`,
      )
      .bind(shareLinkId, visitorId, ownerId, at)
      .run();
  }

  /** The link's visitors, most recently seen first. */
  async visitors(ownerId: string, shareLinkId: string, limit: number) {
    const { results } = await this.d1
      .prepare(
        `SELECT visitor_id, COUNT(*) AS conversations, MAX(updated_at) AS last_seen_at FROM conversations
          WHERE user_id = ? AND share_link_id = ? AND visitor_id IS NOT NULL
          GROUP BY visitor_id ORDER BY last_seen_at DESC LIMIT ?`,
      )
      .bind(ownerId, shareLinkId, limit)
      .all<{ visitor_id: string; conversations: number; last_seen_at: number }>();
    return results;
  }
}
