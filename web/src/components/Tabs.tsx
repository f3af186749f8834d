import { createSignal, createUniqueId, For, type JSX } from "solid-js";

/** WAI-ARIA tabs: roving tabindex, Left/Right/Home/End move between tabs, panel labelled by its tab. */
export function Tabs(props: { label: string; tabs: { id: string; label: string; panel: () => JSX.Element }[]; initial?: number }) {
  const [active, setActive] = createSignal(props.initial ?? 0);
  const base = createUniqueId();
  const buttons: HTMLButtonElement[] = [];
  const select = (i: number) => {
    const n = props.tabs.length;
    const next = ((i % n) + n) % n;
    setActive(next);
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
              aria-controls={`${base}-panel`}
              aria-selected={active() === i()}
              tabindex={active() === i() ? 0 : -1}
              classList={{ active: active() === i() }}
              onClick={() => setActive(i())}
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
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${props.tabs[active()]?.id}`}>
        {props.tabs[active()]?.panel()}
      </div>
    </div>
  );
}
