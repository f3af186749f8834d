import { terms } from "../../shared/text";

// Two questions are "the same question" when this share of their content words (stems) is shared.
const SAME_QUESTION = 0.5;

/**
 * Groups similar questions, newest first: each question joins the first group whose first
 * question shares enough content words with it (Jaccard over Porter stems), else starts one.
 */
export function groupSimilar<T extends { question: string; createdAt: number }>(
  items: T[],
): { question: string; count: number; latestAt: number; items: T[] }[] {
  const groups: { stems: Set<string>; question: string; latestAt: number; items: T[] }[] = [];
  for (const item of [...items].sort((a, b) => b.createdAt - a.createdAt)) {
    const stems = new Set(terms(item.question).map((t) => t.stem));
    const g = groups.find((x) => jaccard(x.stems, stems) >= SAME_QUESTION);
    if (g) g.items.push(item);
    else groups.push({ stems, question: item.question, latestAt: item.createdAt, items: [item] });
  }
  return groups.map(({ question, latestAt, items: members }) => ({ question, count: members.length, latestAt, items: members }));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
