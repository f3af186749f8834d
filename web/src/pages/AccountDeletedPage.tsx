import { A } from "@solidjs/router";

/** Where deleting the account lands: says plainly that it happened and what went with it. */
export function AccountDeletedPage() {
  return (
    <main class="auth">
      <div class="auth-top">
        <span class="logo">
          <span class="logo-mark" aria-hidden="true" /> Digital Self
        </span>
      </div>
      <div class="card stack" aria-labelledby="deleted-title">
        <h1 id="deleted-title">Your account was deleted</h1>
        <p>
          Your account and all its data are gone from this server: your profile, personality, knowledge and uploaded files, conversations, avatar and reply
          videos, and share links. People you shared a link with can no longer open it.
        </p>
        <p class="muted">You have been signed out. If you downloaded an export, it is the only copy left.</p>
        <A class="button" href="/register">
          Create a new account
        </A>
      </div>
    </main>
  );
}
