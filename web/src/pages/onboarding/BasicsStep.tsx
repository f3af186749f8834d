import { createSignal } from "solid-js";
import { profileStore } from "../../stores/profile";
import type { StepProps } from "./step";

export function BasicsStep(props: StepProps) {
  const p = profileStore.profile()!;
  const [name, setName] = createSignal(p.name);
  const [headline, setHeadline] = createSignal(p.headline);
  const [bio, setBio] = createSignal(p.bio);
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    await props.next({ name: name().trim(), headline: headline().trim(), bio: bio().trim() }).catch(() => undefined);
    setBusy(false);
  }

  return (
    <form class="stack" onSubmit={submit}>
      <h1 id="onboarding-title" tabindex="-1">
        Tell us about you
      </h1>
      <p class="muted">Your clone introduces itself with this. You can change it any time in Settings.</p>
      <label>
        Name
        <input name="name" required maxLength={100} autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Headline
        <input
          name="headline"
          maxLength={200}
          placeholder="e.g. Product designer in Lisbon"
          value={headline()}
          onInput={(e) => setHeadline(e.currentTarget.value)}
        />
      </label>
      <label>
        Bio
        <textarea
          name="bio"
          rows={5}
          maxLength={5000}
          placeholder="A few sentences about your work, interests and how you like to help people."
          value={bio()}
          onInput={(e) => setBio(e.currentTarget.value)}
        />
      </label>
      <div class="row end">
        <button type="submit" disabled={busy() || !name().trim()}>
          {busy() ? "Saving…" : "Continue"}
        </button>
      </div>
    </form>
  );
}
