import { createResource, Show } from "solid-js";
import { avatarApi } from "../../api/avatars";
import { AvatarUploader } from "../../components/AvatarUploader";
import { AvatarCard } from "../../components/AvatarCard";
import { ErrorState, Loading } from "../../components/ui";
import type { StepProps } from "./OnboardingPage";
import { SkippableStepNav } from "./SkippableStepNav";

export function AvatarStep(props: StepProps) {
  // The server's current avatar: coming Back (or after a reload) shows the one already uploaded.
  const [avatar, { mutate, refetch }] = createResource(() => avatarApi.mine());
  return (
    <div class="stack">
      <h2 id="onboarding-title" tabindex="-1">Give your clone a face</h2>
      <p class="muted">Replies can be spoken by a talking avatar made from your video or photo. Optional.</p>
      <Show when={!avatar.error} fallback={<ErrorState error={avatar.error} retry={refetch} />}>
        <Show when={avatar.state === "ready"} fallback={<Loading label="Loading your avatar…" />}>
          <Show when={avatar.latest} fallback={<AvatarUploader onUploaded={(a) => mutate(a)} />}>
            {(a) => <AvatarCard avatar={a()} onChange={(next) => mutate(next)} />}
          </Show>
          <SkippableStepNav step={props} hasContent={!!avatar.latest} />
        </Show>
      </Show>
    </div>
  );
}
