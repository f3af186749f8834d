import { describe, expect, it } from "vitest";
import { createRoot } from "solid-js";
import { createPaginated, type PageResult } from "../src/stores/paginated";

type Row = { id: string; title: string };
const rows = (ids: string[]) => ids.map((id) => ({ id, title: `t${id}` }));

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("pagination store", () => {
  it("loads pages by cursor, appends without duplicates, and stops at the end", async () => {
    const pages: Record<string, PageResult<Row>> = {
      first: { items: rows(["1", "2"]), nextCursor: "c2" },
      c2: { items: rows(["2", "3"]), nextCursor: null },
    };
    const seen: (string | null)[] = [];
    const list = createRoot(() => createPaginated<Row>(async ({ cursor }) => (seen.push(cursor), pages[cursor ?? "first"]!)));
    await list.refresh();
    expect(list.items().map((r) => r.id)).toEqual(["1", "2"]);
    expect(list.hasMore()).toBe(true);
    await list.loadMore();
    expect(list.items().map((r) => r.id)).toEqual(["1", "2", "3"]);
    expect(list.hasMore()).toBe(false);
    await list.loadMore();
    expect(seen).toEqual([null, "c2"]);
  });

  it("drops a stale search answer that arrives after a newer one", async () => {
    const waits: Record<string, ReturnType<typeof deferred<PageResult<Row>>>> = { a: deferred(), ab: deferred() };
    const list = createRoot(() => createPaginated<Row>(({ q }) => waits[q]!.promise));
    const first = list.search("a");
    const second = list.search("ab");
    waits.ab!.resolve({ items: rows(["ab"]), nextCursor: null });
    await second;
    waits.a!.resolve({ items: rows(["a"]), nextCursor: null });
    await first;
    expect(list.items().map((r) => r.id)).toEqual(["ab"]);
    expect(list.loading()).toBe(false);
  });

  it("keeps the error for the UI and recovers on refresh", async () => {
    let fail = true;
    const list = createRoot(() =>
      createPaginated<Row>(async () => {
        if (fail) throw new Error("boom");
        return { items: rows(["1"]), nextCursor: null };
      }),
    );
    await list.refresh();
    expect(list.error()?.message).toBe("boom");
    fail = false;
    await list.refresh();
    expect(list.error()).toBeNull();
    expect(list.items()).toHaveLength(1);
  });

  it("applies local edits", async () => {
    const list = createRoot(() => createPaginated<Row>(async () => ({ items: rows(["1", "2"]), nextCursor: null })));
    await list.refresh();
    list.prepend({ id: "0", title: "new" });
    list.update("1", { title: "renamed" });
    list.remove("2");
    expect(list.items()).toEqual([
      { id: "0", title: "new" },
      { id: "1", title: "renamed" },
    ]);
  });
});
