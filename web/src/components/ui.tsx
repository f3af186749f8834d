import { For, Show, type Accessor, type JSX, type ParentProps } from "solid-js";
import { percent } from "../lib/format";
import { ApiError } from "../api/client";

export function Spinner(props: { label?: string }) {
  return <span class="spinner" role="status" aria-label={props.label ?? "Loading"} />;
}

export function Loading(props: { label?: string }) {
  return (
    <div class="state" aria-busy="true">
      <Spinner label={props.label} />
      <span class="muted">{props.label ?? "Loading…"}</span>
    </div>
  );
}

export function Empty(props: ParentProps<{ title: string; icon?: string }>) {
  return (
    <div class="state empty">
      <div class="state-icon" aria-hidden="true">
        {props.icon ?? "✦"}
      </div>
      <strong>{props.title}</strong>
      <div class="muted">{props.children}</div>
    </div>
  );
}

/** What a failed load says: the server's message, or in words when the server was not reached (fetch's TypeError, "Failed to fetch"). */
export function loadErrorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "Could not reach the server. Check your connection and try again.";
  return error instanceof Error ? error.message : "Something went wrong.";
}

export function ErrorState(props: { error: unknown; retry?: () => void }) {
  const message = () => loadErrorMessage(props.error);
  return (
    <div class="state error-state" role="alert">
      <strong>Could not load this</strong>
      <span class="muted">{message()}</span>
      <Show when={props.retry}>
        <button class="secondary" onClick={() => props.retry!()}>
          Try again
        </button>
      </Show>
    </div>
  );
}

/**
 * The usual sequence of a view that loads: an error (with "Try again" when `retry` is given), else a spinner until
 * `ready` is truthy, then the children. Function children receive the ready value, as with `<Show>`.
 */
export function AsyncState<T>(props: {
  error: unknown;
  retry?: () => void;
  ready: T | undefined | null | false;
  loadingLabel?: string;
  children: JSX.Element | ((value: Accessor<NonNullable<T>>) => JSX.Element);
}) {
  return (
    <Show when={!props.error} fallback={<ErrorState error={props.error} retry={props.retry} />}>
      <Show when={props.ready} fallback={<Loading label={props.loadingLabel} />}>
        {props.children as JSX.Element}
      </Show>
    </Show>
  );
}

/**
 * `AsyncState` around a list: `empty` while there are no items, else a <ul> (`class`, `label` as its aria-label) of
 * `children(item)`, then `after` (a "Load more").
 */
export function AsyncList<T>(props: {
  error: unknown;
  retry?: () => void;
  ready: unknown;
  loadingLabel?: string;
  items: readonly T[] | undefined;
  empty: JSX.Element;
  class?: string;
  label?: string;
  after?: JSX.Element;
  children: (item: T, index: Accessor<number>) => JSX.Element;
}) {
  return (
    <AsyncState error={props.error} retry={props.retry} ready={props.ready} loadingLabel={props.loadingLabel}>
      <Show when={(props.items ?? []).length > 0} fallback={props.empty}>
        <ul class={props.class} aria-label={props.label}>
          <For each={props.items}>{props.children}</For>
        </ul>
        {props.after}
      </Show>
    </AsyncState>
  );
}

/** "Load more" under a list while there is more; `busy` replaces the label while a page loads (a spinner unless given). */
export function LoadMore(props: { hasMore: unknown; loading: boolean; onMore: () => void; busy?: JSX.Element }) {
  return (
    <Show when={props.hasMore}>
      <button class="secondary" onClick={() => props.onMore()} disabled={props.loading}>
        {props.loading ? (props.busy ?? <Spinner />) : "Load more"}
      </button>
    </Show>
  );
}

/** What `PagedList` reads of a paginated store (stores/paginated.ts). */
export interface PagedSource {
  error(): unknown;
  loaded(): boolean;
  loading(): boolean;
  query(): string;
  hasMore(): boolean;
  items(): readonly unknown[];
  refresh(): unknown;
  loadMore(): unknown;
}

/**
 * A searchable paginated list: error → loading → empty ("No matches" while filtered) → the list (children) and "Load more".
 */
export function PagedList(
  props: ParentProps<{ list: PagedSource; loadingLabel: string; icon: string; emptyTitle: string; emptyHint: string; noMatchHint: string }>,
) {
  return (
    <AsyncState error={props.list.error()} retry={() => void props.list.refresh()} ready={props.list.loaded()} loadingLabel={props.loadingLabel}>
      <Show
        when={props.list.items().length > 0}
        fallback={
          <Empty title={props.list.query() ? "No matches" : props.emptyTitle} icon={props.icon}>
            {props.list.query() ? props.noMatchHint : props.emptyHint}
          </Empty>
        }
      >
        {props.children}
        <LoadMore hasMore={props.list.hasMore()} loading={props.list.loading()} onMore={() => void props.list.loadMore()} />
      </Show>
    </AsyncState>
  );
}

/** A form's error, announced as soon as it appears. */
export function FormError(props: { message: string | null | undefined }) {
  return (
    <Show when={props.message}>
      <p class="error" role="alert">
        {props.message}
      </p>
    </Show>
  );
}

export function ProgressBar(props: { value: number; label: string }) {
  return (
    <div class="progress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(props.value * 100)}>
      <div class="progress-fill" style={{ width: percent(props.value) }} />
    </div>
  );
}

export function StatusBadge(props: { status: string }) {
  const tone = () => (["ready", "succeeded"].includes(props.status) ? "ok" : props.status === "failed" ? "bad" : "busy");
  return <span class={`badge badge-${tone()}`}>{props.status}</span>;
}

export function PageHeader(props: { title: string; subtitle?: string; actions?: JSX.Element }) {
  return (
    <header class="page-header">
      <div>
        <h1>{props.title}</h1>
        <Show when={props.subtitle}>
          <p class="muted">{props.subtitle}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="actions">{props.actions}</div>
      </Show>
    </header>
  );
}
