import { createResource, Show } from "solid-js";
import { avatarApi } from "../api/avatars";
import type { Avatar } from "../api/contract";
import { AvatarUploader } from "../components/AvatarUploader";
import { AvatarCard } from "../components/AvatarCard";
import { describeReplacement } from "../components/AvatarReplacement";
import { createConfirm } from "../components/ConfirmDialog";
import { AsyncState, PageHeader } from "../components/ui";
import { notify, notifyError } from "../components/toast";
import { withChange, withUpload } from "../lib/my-avatar";

export default function AvatarPage() {
  const [avatar, { mutate, refetch }] = createResource(() => avatarApi.mine());
  const confirm = createConfirm();

  // As the server decides (lib/my-avatar): a new upload replaces a ready avatar only once it is ready itself; until
  // then (or for good, if its training fails) it is shown as the replacement beside the avatar in use.
  const uploaded = (next: Avatar) => mutate((cur) => withUpload(cur, next));
  const changed = (next: Avatar) => mutate((cur) => withChange(cur, next));

  async function remove() {
    if (!(await confirm.ask("Remove your avatar?", "Replies will no longer be available as video until you upload a new one."))) return;
    try {
      await avatarApi.remove();
      mutate(null);
      notify("Avatar removed");
    } catch (err) {
      notifyError(err, "Could not remove the avatar");
    }
  }

  return (
    <div class="page">
      <PageHeader title="Avatar" subtitle="The face and voice of your clone's video replies." />
      <AsyncState error={avatar.error} retry={refetch} ready={!avatar.loading} loadingLabel="Loading your avatar…">
        <Show
          when={avatar()}
          fallback={
            <section class="card">
              <h2>Upload your avatar</h2>
              <AvatarUploader onUploaded={uploaded} />
            </section>
          }
        >
          {(a) => (
            <>
              <section class="card">
                <AvatarCard avatar={a()} onChange={changed} />
                <details>
                  <summary>Replace or remove</summary>
                  <div class="stack pad-top">
                    <AvatarUploader onUploaded={uploaded} />
                    <div>
                      <button class="danger" onClick={remove}>
                        Remove avatar
                      </button>
                    </div>
                  </div>
                </details>
              </section>
              <Show when={a().replacement}>
                {(r) => (
                  <section class="card" aria-labelledby="replacement-title" data-testid="avatar-replacement">
                    <h2 id="replacement-title">{describeReplacement(r()).title}</h2>
                    <p class="muted small">{describeReplacement(r()).detail}</p>
                    <AvatarCard avatar={r()} onChange={changed} />
                  </section>
                )}
              </Show>
            </>
          )}
        </Show>
      </AsyncState>
      <confirm.Dialog />
    </div>
  );
}
