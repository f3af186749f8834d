/**
 * A per-isolate memo of a string → value lookup. Indexing and search call word lookups (stems, lemmas,
 * concepts) for every word of every chunk, and a vocabulary repeats. Bounded, so a stream of odd
 * tokens cannot grow it for ever.
 */
const MEMO_MAX = 50_000;
export function memo<T>(fn: (w: string) => T): (w: string) => T {
  const cache = new Map<string, T>();
  return (w) => {
    let v = cache.get(w);
    if (v === undefined) {
      if (cache.size >= MEMO_MAX) cache.clear();
      v = fn(w);
      cache.set(w, v);
    }
    return v;
  };
}
