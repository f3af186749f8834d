import { createSignal, Show } from "solid-js";
import type { Avatar } from "../../api/contract";
import { AvatarUploader } from "../../components/AvatarUploader";
import { AvatarCard } from "../../components/AvatarCard";
import type { StepProps } from "./step";
import { SkippableStepNav } from "./SkippableStepNav";

export function AvatarStep(props: StepProps) {
  const [avatar, setAvatar] = createSignal<Avatar | null>(null);
  return (
    <div class="stack">
      <h2 id="onboarding-title" tabindex="-1">Give your clone a face</h2>
      <p class="muted">Replies can be spoken by a talking avatar made from your video or photo. Optional.</p>
      <Show when={avatar()} fallback={<AvatarUploader onUploaded={setAvatar} />}>
        {(a) => <AvatarCard avatar={a()} onChange={setAvatar} />}
      </Show>
      <SkippableStepNav step={props} hasContent={!!avatar()} />
    </div>
  );
}
