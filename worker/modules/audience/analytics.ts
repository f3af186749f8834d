/**
 * The owner's numbers, from one place: conversations and questions per day (own vs visitors),
 * visitors per share link, how many questions were left unanswered or declined, and the most
 * asked topics. Days are UTC calendar days; the window is the last `days` days including today.
 */
import { isQuestion, sentencesOf } from "../../shared/first-person-facts";
import { framing, framingSurface, questionOf } from "../../shared/relevance";
import { terms } from "../../shared/text";

export const ANALYTICS_DAYS = 30;
const DAY_MS = 86_400_000;
// Questions read for topics: the newest ones in the window, enough for a stable top list.
const TOPIC_SAMPLE = 2000;
const TOP_TOPICS = 8;

export interface DailyCounts {
  day: string; // YYYY-MM-DD (UTC)
  ownConversations: number;
  visitorConversations: number;
  ownQuestions: number;
  visitorQuestions: number;
}

export interface Analytics {
  days: number;
  from: string;
  to: string;
  daily: DailyCounts[];
  shareLinks: { shareLinkId: string; label: string; revoked: boolean; visitors: number; conversations: number; questions: number }[];
  questions: { total: number; answered: number; unanswered: number; declined: number; unansweredShare: number };
  topics: { topic: string; count: number }[];
}

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function audienceAnalytics(d1: D1Database, ownerId: string, at: number, days = ANALYTICS_DAYS): Promise<Analytics> {
  const start = Math.floor(at / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const [conv, asked, links, statuses, sample] = await d1.batch([
    d1
      .prepare(
        `SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch') AS day, share_link_id IS NOT NULL AS visitor, COUNT(*) AS n
           FROM conversations WHERE user_id = ?1 AND created_at >= ?2 AND created_at <= ?3 GROUP BY day, visitor`,
      )
      .bind(ownerId, start, at),
    d1
      .prepare(
        `SELECT strftime('%Y-%m-%d', m.created_at / 1000, 'unixepoch') AS day, c.share_link_id IS NOT NULL AS visitor, COUNT(*) AS n
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.user_id = ?1 AND m.role = 'user' AND m.created_at >= ?2 AND m.created_at <= ?3 GROUP BY day, visitor`,
      )
      .bind(ownerId, start, at),
    d1
      .prepare(
        `SELECT s.id AS shareLinkId, s.label, s.revoked_at IS NOT NULL AS revoked,
                COUNT(DISTINCT c.visitor_id) AS visitors, COUNT(DISTINCT c.id) AS conversations,
                (SELECT COUNT(*) FROM messages m JOIN conversations c2 ON c2.id = m.conversation_id
                  WHERE c2.share_link_id = s.id AND m.role = 'user' AND m.created_at >= ?2 AND m.created_at <= ?3) AS questions
           FROM share_links s LEFT JOIN conversations c ON c.share_link_id = s.id AND c.created_at >= ?2 AND c.created_at <= ?3
          WHERE s.user_id = ?1 GROUP BY s.id ORDER BY visitors DESC, s.created_at DESC`,
      )
      .bind(ownerId, start, at),
    d1
      .prepare(
        `SELECT COALESCE(answer_status, 'answered') AS status, COUNT(*) AS n FROM messages
          WHERE user_id = ?1 AND role = 'assistant' AND created_at >= ?2 AND created_at <= ?3 GROUP BY status`,
      )
      .bind(ownerId, start, at),
    d1
      .prepare(`SELECT content FROM messages WHERE user_id = ?1 AND role = 'user' AND created_at >= ?2 AND created_at <= ?3 ORDER BY created_at DESC LIMIT ?4`)
      .bind(ownerId, start, at, TOPIC_SAMPLE),
  ]);

  const daily = new Map<string, DailyCounts>();
  for (let i = 0; i < days; i++) {
    const day = dayOf(start + i * DAY_MS);
    daily.set(day, { day, ownConversations: 0, visitorConversations: 0, ownQuestions: 0, visitorQuestions: 0 });
  }
  for (const r of conv!.results as { day: string; visitor: number; n: number }[]) {
    const d = daily.get(r.day);
    if (d) d[r.visitor ? "visitorConversations" : "ownConversations"] += r.n;
  }
  for (const r of asked!.results as { day: string; visitor: number; n: number }[]) {
    const d = daily.get(r.day);
    if (d) d[r.visitor ? "visitorQuestions" : "ownQuestions"] += r.n;
  }

  const byStatus = Object.fromEntries((statuses!.results as { status: string; n: number }[]).map((r) => [r.status, r.n]));
  const answered = byStatus.answered ?? 0;
  const unanswered = byStatus.unanswered ?? 0;
  const declined = byStatus.declined ?? 0;
  const total = answered + unanswered + declined;

  return {
    days,
    from: dayOf(start),
    to: dayOf(at),
    daily: [...daily.values()],
    shareLinks: (links!.results as Analytics["shareLinks"]).map((l) => ({ ...l, revoked: !!l.revoked })),
    questions: { total, answered, unanswered, declined, unansweredShare: total ? Number((unanswered / total).toFixed(4)) : 0 },
    topics: topTopics(questionsIn((sample!.results as { content: string }[]).map((r) => r.content))),
  };
}

/**
 * What the messages ask: the question sentences of each message ("I just moved to Madrid. Any tips?" → "Any tips?"),
 * none for a message that only tells something ("I just moved to Madrid last month").
 */
export function questionsIn(messages: string[]): string[] {
  return messages.map((m) => sentencesOf(m).filter(isQuestion).join(" ")).filter(Boolean);
}

/**
 * The topic words asked about most: each counted once per question, shown in their most frequent spelling. Words that
 * frame a question rather than name its topic ("what is your cat called", "your favourite …") are left out.
 */
export function topTopics(questions: string[], top = TOP_TOPICS): { topic: string; count: number }[] {
  const counts = new Map<string, { count: number; surfaces: Map<string, number> }>();
  // Whether a word frames rather than names a topic does not depend on its question: decided once per spelling.
  const frames = new Map<string, boolean>();
  const framingWord = (surface: string) => {
    let f = frames.get(surface);
    if (f === undefined) {
      const word = questionOf(surface).words[0];
      f = framingSurface(surface) || (!!word && framing(word));
      frames.set(surface, f);
    }
    return f;
  };
  for (const q of questions) {
    const seen = new Set<string>();
    for (const t of terms(q)) {
      if (t.surface.length < 3 || seen.has(t.stem) || framingWord(t.surface)) continue;
      seen.add(t.stem);
      const e = counts.get(t.stem) ?? { count: 0, surfaces: new Map() };
      e.count++;
      const s = t.surface.toLowerCase();
      e.surfaces.set(s, (e.surfaces.get(s) ?? 0) + 1);
      counts.set(t.stem, e);
    }
  }
  return [...counts.values()]
    .map((e) => ({ topic: [...e.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0], count: e.count }))
    .sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic))
    .slice(0, top);
}
