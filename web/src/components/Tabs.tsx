import { createSignal, createUniqueId, For, type JSX, Show } from "solid-js";

/**
 * WAI-ARIA tabs: roving tabindex, Left/Right/Home/End move between tabs, each panel labelled by its tab.
 * A panel is built when its tab is first shown. By default it is thrown away when another tab is chosen;
 * with `keepMounted` it stays (hidden), so what it holds survives a tab switch: uploads under way with
 * their progress, failures with their Retry, a half-written note.
 */
export function Tabs(props: { label: string; tabs: { id: string; label: string; panel: () => JSX.Element }[]; initial?: number; keepMounted?: boolean }) {
  const [active, setActive] = createSignal(props.initial ?? 0);
  const [visited, setVisited] = createSignal(new Set([props.initial ?? 0]));
  const show = (i: number) => {
    setActive(i);
    if (!visited().has(i)) setVisited(new Set([...visited(), i]));
  };
  const base = createUniqueId();
  const buttons: HTMLButtonElement[] = [];
  const panelId = (id: string) => (props.keepMounted ? `${base}-panel-${id}` : `${base}-panel`);
  const select = (i: number) => {
    const n = props.tabs.length;
    const next = ((i % n) + n) % n;
    show(next);
    buttons[next]?.focus();
  };
  return (
    <div class="stack">
      <div class="tabs" role="tablist" aria-label={props.label}>
        <For each={props.tabs}>
          {(t, i) => (
            <button
              ref={(el) => (buttons[i()] = el)}
              type="button"
              role="tab"
              id={`${base}-tab-${t.id}`}
              aria-controls={panelId(t.id)}
              aria-selected={active() === i()}
              tabindex={active() === i() ? 0 : -1}
              classList={{ active: active() === i() }}
              onClick={() => show(i())}
              onKeyDown={(e) => {
                const moves: Record<string, number> = { ArrowRight: i() + 1, ArrowLeft: i() - 1, Home: 0, End: props.tabs.length - 1 };
                if (e.key in moves) {
                  e.preventDefault();
                  select(moves[e.key]!);
                }
              }}
            >
              {t.label}
            </button>
          )}
        </For>
      </div>
      <Show
        when={props.keepMounted}
        fallback={
          <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${props.tabs[active()]?.id}`}>
            {props.tabs[active()]?.panel()}
          </div>
        }
      >
        <For each={props.tabs}>
          {(t, i) => (
            <Show when={visited().has(i())}>
              <div role="tabpanel" id={panelId(t.id)} aria-labelledby={`${base}-tab-${t.id}`} hidden={active() !== i()}>
                {t.panel()}
              </div>
            </Show>
          )}
        </For>
      </Show>
    </div>
  );
}
