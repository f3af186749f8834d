import { createSignal } from "solid-js";
import { profileStore } from "../../stores/profile";
import { PersonalitySliders } from "../../components/PersonalitySliders";
import type { StepProps } from "./step";

export function PersonalityStep(props: StepProps) {
  const p = profileStore.profile()!;
  const [value, setValue] = createSignal({ ...p.personality });
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    await props.next({ personality: value() }).catch(() => undefined);
    setBusy(false);
  }

  return (
    <form class="stack" onSubmit={submit}>
      <h1 id="onboarding-title" tabindex="-1">
        How does your clone talk?
      </h1>
      <p class="muted">Move the sliders and watch the sample change.</p>
      <PersonalitySliders value={value()} onChange={setValue} name={p.name} headline={p.headline} bio={p.bio} />
      <div class="row between">
        <button type="button" class="secondary" onClick={props.back}>
          Back
        </button>
        <button type="submit" disabled={busy()}>
          {busy() ? "Saving…" : "Continue"}
        </button>
      </div>
    </form>
  );
}
