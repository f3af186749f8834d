/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list contributes 1 / (k + rank) per item.
 * It needs no score calibration between BM25 and cosine, which live on unrelated scales.
 */
export function reciprocalRankFusion(lists: string[][], k = 60, weights: number[] = []): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  // Optional per-list weights (weighted RRF); chosen on labelled data, 1 each by default.
  lists.forEach((list, l) => list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + (weights[l] ?? 1) / (k + rank + 1))));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
