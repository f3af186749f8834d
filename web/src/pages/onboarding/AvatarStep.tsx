import { createSignal, Show } from "solid-js";
import type { Avatar } from "../../api/contract";
import { AvatarUploader } from "../../components/AvatarUploader";
import { AvatarCard } from "../../components/AvatarCard";
import type { StepProps } from "./OnboardingPage";

export function AvatarStep(props: StepProps) {
  const [avatar, setAvatar] = createSignal<Avatar | null>(null);
  const [busy, setBusy] = createSignal(false);
  return (
    <div class="stack">
      <h2 id="onboarding-title" tabindex="-1">Give your clone a face</h2>
      <p class="muted">Replies can be spoken by a talking avatar made from your video or photo. Optional.</p>
      <Show when={avatar()} fallback={<AvatarUploader onUploaded={setAvatar} />}>
        {(a) => <AvatarCard avatar={a()} onChange={setAvatar} />}
      </Show>
      <div class="row between">
        <button type="button" class="secondary" onClick={props.back}>Back</button>
        <button
          disabled={busy()}
          onClick={async () => {
            setBusy(true);
            await props.next().catch(() => undefined);
            setBusy(false);
          }}
        >
          {avatar() ? "Continue" : "Skip for now"}
        </button>
      </div>
    </div>
  );
}
