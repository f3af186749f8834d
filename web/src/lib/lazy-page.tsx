import { createResource, Match, Switch, type Component, type JSX } from "solid-js";
import { Dynamic } from "solid-js/web";
import { Loading } from "../components/ui";

/** What browsers throw when a dynamic import's file cannot be fetched (Chromium, Safari, Firefox). */
export function isChunkLoadError(err: unknown): boolean {
  const m = err instanceof Error ? err.message : String(err);
  return /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(m);
}

const RELOAD_KEY = "ds:chunk-reload";

interface Options {
  reload?: () => void;
  /** The entry script this page was loaded with, and the one the server now names. */
  currentEntry?: () => string | null;
  fetchIndex?: () => Promise<string>;
}

const entryOf = (html: string) => /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? null;
const defaults: Required<Options> = {
  reload: () => location.reload(),
  currentEntry: () => {
    const s = document.querySelector<HTMLScriptElement>('script[type="module"][src]');
    return s ? new URL(s.src, location.href).pathname : null;
  },
  fetchIndex: () => fetch("/", { cache: "no-store" }).then((r) => r.text()),
};

/**
 * A new deployment removes the old hashed chunks: the server's index.html then names another
 * entry script. That case reloads the page once (a session flag stops a loop); anything else
 * (offline, a blip) is reported so the page can offer a retry.
 */
async function newDeployment(o: Required<Options>): Promise<boolean> {
  if (sessionStorage.getItem(RELOAD_KEY)) return false;
  try {
    const served = entryOf(await o.fetchIndex());
    const mine = o.currentEntry();
    return !!served && !!mine && new URL(served, location.href).pathname !== mine;
  } catch {
    return false;
  }
}

/**
 * Like Solid's lazy(), but a chunk that fails to load shows an error with "Try again" (lazy()
 * keeps the rejected promise, so it would stay blank) and reloads once on a new deployment.
 */
export function lazyPage(load: () => Promise<{ default: Component<any> }>, options: Options = {}): (props?: any) => JSX.Element {
  const o = { ...defaults, ...options };
  let cached: Component<any> | undefined;
  return (props: any = {}) => {
    const [page, { refetch }] = createResource(async () => {
      if (cached) return cached;
      try {
        cached = (await load()).default;
        sessionStorage.removeItem(RELOAD_KEY);
        return cached;
      } catch (err) {
        if (isChunkLoadError(err) && (await newDeployment(o))) {
          sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
          o.reload();
        }
        throw err;
      }
    });
    return (
      <Switch fallback={<Loading />}>
        <Match when={page.state === "errored"}>
          <div class="state error-state" role="alert">
            <strong>This page could not be loaded</strong>
            <span class="muted">{isChunkLoadError(page.error) ? "The connection failed or the app was updated." : String((page.error as Error)?.message ?? page.error)}</span>
            <button class="secondary" onClick={() => refetch()}>Try again</button>
          </div>
        </Match>
        <Match when={page.state === "ready" && page.latest}>{(C) => <Dynamic component={C()} {...props} />}</Match>
      </Switch>
    );
  };
}
