import { Show, type JSX, type ParentProps } from "solid-js";
import { percent } from "../lib/format";

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

export function ErrorState(props: { error: unknown; retry?: () => void }) {
  const message = () => (props.error instanceof Error ? props.error.message : "Something went wrong.");
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
