import { createResource, createSignal, Show } from "solid-js";
import { sharesApi } from "../api/shares";
import type { ShareLink } from "../api/contract";
import { LinkVisitors } from "../components/audience/LinkVisitors";
import { createConfirm } from "../components/ConfirmDialog";
import { AsyncList, Empty, PageHeader } from "../components/ui";
import { notify, notifyError } from "../components/toast";
import { timeAgo } from "../lib/format";

// The API's `url` is the one public address of a link: shown, copied and opened as is.
const absolute = (s: ShareLink) => new URL(s.url || `/share/${s.token}`, location.origin).toString();

export default function SharesPage() {
  const [shares, { mutate, refetch }] = createResource(() => sharesApi.list().then((r) => r.items));
  const [label, setLabel] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const confirm = createConfirm();

  async function create(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const s = await sharesApi.create(label().trim() || undefined);
      mutate((list) => [s, ...(list ?? [])]);
      setLabel("");
      await copy(s);
    } catch (err) {
      notifyError(err, "Could not create the link");
    } finally {
      setBusy(false);
    }
  }

  async function copy(s: ShareLink) {
    try {
      await navigator.clipboard.writeText(absolute(s));
      notify("Link copied");
    } catch {
      /* clipboard needs a secure context; the link is visible anyway */
    }
  }

  async function revoke(s: ShareLink) {
    if (!(await confirm.ask("Revoke this link?", "Anyone using it will no longer be able to chat with your clone.", "Revoke"))) return;
    try {
      await sharesApi.revoke(s.id);
      mutate((list) => list?.map((x) => (x.id === s.id ? { ...x, revokedAt: Date.now() } : x)));
    } catch (err) {
      notifyError(err, "Could not revoke the link");
    }
  }

  return (
    <div class="page">
      <PageHeader title="Share" subtitle="Let other people chat with your clone through a public link. Revoke it any time." />
      <form class="card share-form" onSubmit={create}>
        <label class="grow">
          Label (optional)
          <input maxLength={100} placeholder="e.g. Portfolio site" value={label()} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy()}>
          {busy() ? "Creating…" : "Create link"}
        </button>
      </form>
      <section class="card" aria-labelledby="links-title">
        <h2 id="links-title">Your links</h2>
        <AsyncList
          error={shares.error}
          retry={refetch}
          ready={!shares.loading}
          items={shares()}
          empty={
            <Empty title="No links yet" icon="⇗">
              Create one above and send it to anyone.
            </Empty>
          }
          class="links"
        >
          {(s) => (
            <li classList={{ revoked: !!s.revokedAt }}>
              <div class="grow stack-tight">
                <strong>{s.label || "Untitled link"}</strong>
                <code class="truncate">{absolute(s)}</code>
                <span class="muted small">
                  Created {timeAgo(s.createdAt)}
                  {s.revokedAt ? ` · revoked ${timeAgo(s.revokedAt)}` : ""}
                </span>
                <LinkVisitors id={s.id} />
              </div>
              <Show when={!s.revokedAt} fallback={<span class="badge badge-bad">revoked</span>}>
                <div class="row">
                  <button class="secondary small-btn" onClick={() => copy(s)}>
                    Copy
                  </button>
                  <a class="button secondary small-btn" href={absolute(s)} target="_blank" rel="noopener">
                    Open
                  </a>
                  <button class="danger small-btn" onClick={() => revoke(s)}>
                    Revoke
                  </button>
                </div>
              </Show>
            </li>
          )}
        </AsyncList>
      </section>
      <confirm.Dialog />
    </div>
  );
}
