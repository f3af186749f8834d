import { createSignal, batch } from "solid-js";
import { createStore, reconcile } from "solid-js/store";

export interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursor pagination with search for any `{items, nextCursor}` list endpoint. A newer search
 * supersedes an older one still in flight (its late answer is dropped).
 */
export function createPaginated<T extends { id: string }>(fetchPage: (q: { cursor: string | null; q: string }) => Promise<PageResult<T>>) {
  const [state, setState] = createStore({ items: [] as T[] });
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [query, setQuery] = createSignal("");
  const [loading, setLoading] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<Error | null>(null);
  let generation = 0;

  async function load(reset: boolean) {
    const gen = reset ? ++generation : generation;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage({ cursor: reset ? null : cursor(), q: query() });
      if (gen !== generation) return;
      batch(() => {
        const seen = new Set(reset ? [] : state.items.map((i) => i.id));
        const fresh = page.items.filter((i) => !seen.has(i.id));
        setState("items", reset ? reconcile(page.items, { key: "id" }) : [...state.items, ...fresh]);
        setCursor(page.nextCursor);
        setLoaded(true);
      });
    } catch (err) {
      if (gen === generation) setError(err as Error);
    } finally {
      if (gen === generation) setLoading(false);
    }
  }

  return {
    items: () => state.items,
    loading,
    loaded,
    error,
    query,
    hasMore: () => cursor() !== null,
    refresh: () => load(true),
    loadMore: () => (cursor() !== null && !loading() ? load(false) : Promise.resolve()),
    search(q: string) {
      setQuery(q);
      return load(true);
    },
    /** Local edits after a mutation, so the list updates without a refetch. */
    prepend(item: T) {
      setState("items", (items) => [item, ...items.filter((i) => i.id !== item.id)]);
    },
    update(id: string, patch: Partial<T>) {
      setState("items", (i) => i.id === id, patch as any);
    },
    remove(id: string) {
      setState("items", (items) => items.filter((i) => i.id !== id));
    },
  };
}
