import { A, useLocation } from "@solidjs/router";
import { session } from "../stores/session";

/** An unknown address says so (instead of silently landing somewhere else). */
export function NotFoundPage() {
  const loc = useLocation();
  return (
    <main class="auth">
      <div class="auth-top">
        <span class="logo"><span class="logo-mark" aria-hidden="true" /> Digital Self</span>
      </div>
      <div class="card stack" aria-labelledby="nf-title">
        <h1 id="nf-title">Page not found</h1>
        <p class="muted">
          There is nothing at <code>{loc.pathname}</code>. The link may be mistyped, or the page may have moved.
        </p>
        <A class="button" href={session.signedIn() ? "/" : "/login"}>{session.signedIn() ? "Go to your dashboard" : "Sign in"}</A>
      </div>
    </main>
  );
}
