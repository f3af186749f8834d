import { A, useLocation } from "@solidjs/router";
import { session } from "../stores/session";
import { MessagePage } from "../components/PageFrame";

/** An unknown address says so (instead of silently landing somewhere else). */
export function NotFoundPage() {
  const loc = useLocation();
  return (
    <MessagePage titleId="nf-title" title="Page not found">
      <p class="muted">
        There is nothing at <code>{loc.pathname}</code>. The link may be mistyped, or the page may have moved.
      </p>
      <A class="button" href={session.signedIn() ? "/" : "/login"}>
        {session.signedIn() ? "Go to your dashboard" : "Sign in"}
      </A>
    </MessagePage>
  );
}
