import { createResource, Show } from "solid-js";
import { avatarApi } from "../api/avatars";
import { AvatarUploader } from "../components/AvatarUploader";
import { AvatarCard } from "../components/AvatarCard";
import { createConfirm } from "../components/ConfirmDialog";
import { AsyncState, PageHeader } from "../components/ui";
import { notify, notifyError } from "../components/toast";

export default function AvatarPage() {
  const [avatar, { mutate, refetch }] = createResource(() => avatarApi.mine());
  const confirm = createConfirm();

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
              <AvatarUploader onUploaded={(a) => mutate(a)} />
            </section>
          }
        >
          {(a) => (
            <section class="card">
              <AvatarCard avatar={a()} onChange={(x) => mutate(x)} />
              <details>
                <summary>Replace or remove</summary>
                <div class="stack pad-top">
                  <AvatarUploader onUploaded={(x) => mutate(x)} />
                  <div>
                    <button class="danger" onClick={remove}>
                      Remove avatar
                    </button>
                  </div>
                </div>
              </details>
            </section>
          )}
        </Show>
      </AsyncState>
      <confirm.Dialog />
    </div>
  );
}
