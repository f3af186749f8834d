import { A } from "@solidjs/router";
import { MessagePage } from "../components/PageFrame";

/** Where deleting the account lands: says plainly that it happened and what went with it. */
export function AccountDeletedPage() {
  return (
    <MessagePage titleId="deleted-title" title="Your account was deleted">
      <p>
        Your account and all its data are gone from this server: your profile, personality, knowledge and uploaded files, conversations, avatar and reply
        videos, and share links. People you shared a link with can no longer open it.
      </p>
      <p class="muted">You have been signed out. If you downloaded an export, it is the only copy left.</p>
      <A class="button" href="/register">
        Create a new account
      </A>
    </MessagePage>
  );
}
