import type { JSX, ParentProps } from "solid-js";

/** The bar above signed-out pages: the logo, and whatever goes on its right (the theme toggle). */
export function LogoBar(props: { children?: JSX.Element }) {
  return (
    <div class="auth-top">
      <span class="logo">
        <span class="logo-mark" aria-hidden="true" /> Digital Self
      </span>
      {props.children}
    </div>
  );
}

/** A one-card page outside the app shell (not found, account deleted): the logo bar, then a card headed by `title`. */
export function MessagePage(props: ParentProps<{ titleId: string; title: string }>) {
  return (
    <main class="auth">
      <LogoBar />
      <div class="card stack" aria-labelledby={props.titleId}>
        <h1 id={props.titleId}>{props.title}</h1>
        {props.children}
      </div>
    </main>
  );
}
