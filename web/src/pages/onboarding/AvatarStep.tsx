import { createResource, Show } from "solid-js";
import { avatarApi } from "../../api/avatars";
import { AvatarUploader } from "../../components/AvatarUploader";
import { AvatarCard } from "../../components/AvatarCard";
import { AsyncState } from "../../components/ui";
import { withChange, withUpload } from "../../lib/my-avatar";
import type { StepProps } from "./step";
import { SkippableStepNav } from "./SkippableStepNav";

export function AvatarStep(props: StepProps) {
  // The server's current avatar: coming Back (or after a reload) shows the one already uploaded.
  const [avatar, { mutate, refetch }] = createResource(() => avatarApi.mine());
  return (
    <div class="stack">
      <h1 id="onboarding-title" tabindex="-1">
        Give your clone a face
      </h1>
      <p class="muted">Replies can be spoken by a talking avatar made from your video or photo. Optional.</p>
      <AsyncState error={avatar.error} retry={refetch} ready={avatar.state === "ready"} loadingLabel="Loading your avatar…">
        <Show when={avatar.latest} fallback={<AvatarUploader onUploaded={(a) => mutate((cur) => withUpload(cur, a))} />}>
          {(a) => <AvatarCard avatar={a()} onChange={(next) => mutate((cur) => withChange(cur, next))} />}
        </Show>
        <SkippableStepNav step={props} hasContent={!!avatar.latest} />
      </AsyncState>
    </div>
  );
}
