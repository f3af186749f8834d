import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";

/** Distinct method + path pairs remembered; param paths (one per document id) take turns in it. */
const MAX_ENTRIES = 512;

/**
 * Hono's default router (SmartRouter) behind a bounded memo of its answers per method and path.
 *
 * Why: the API has static routes beside parameter routes at the same place (`/api/knowledge/search`
 * and `/api/knowledge/{id}`), which Hono's fast RegExpRouter refuses, so SmartRouter settles on
 * TrieRouter, whose search walks every route and middleware level on every request: about 7% of an
 * authenticated request's CPU in a workerd profile under `npm run bench api`. The routes are fixed
 * once the app has matched (see add), and a match is only read afterwards (HonoRequest reads its params), so the
 * same path always gets the same answer; hot paths (the profile, chat turns) hit the memo.
 */
export class MemoRouter<T> implements Router<T> {
  readonly name = "MemoRouter";
  private readonly inner: Router<T> = new SmartRouter({ routers: [new RegExpRouter(), new TrieRouter()] });
  private readonly memo = new Map<string, Result<T>>();

  /** Hono's routers refuse new routes once they have matched, so a remembered answer cannot go stale. */
  add(method: string, path: string, handler: T): void {
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    const known = this.memo.get(key);
    if (known) return known;
    const result = this.inner.match(method, path);
    if (this.memo.size >= MAX_ENTRIES) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(key, result);
    return result;
  }
}
