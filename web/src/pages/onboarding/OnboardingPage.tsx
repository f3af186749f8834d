import { createEffect, createSignal, Match, Switch, For } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { profileStore } from "../../stores/profile";
import { AsyncState } from "../../components/ui";
import { notifyError } from "../../components/toast";
import { ThemeToggle } from "../../components/Shell";
import { BasicsStep } from "./BasicsStep";
import { PersonalityStep } from "./PersonalityStep";
import { KnowledgeStep } from "./KnowledgeStep";
import { AvatarStep } from "./AvatarStep";
import { ReviewStep } from "./ReviewStep";
import type { ProfileUpdate } from "../../api/users";
import type { StepProps } from "./step";

const STEPS = ["Basics", "Personality", "Knowledge", "Avatar", "Review"];

export default function OnboardingPage() {
  const navigate = useNavigate();
  const [step, setStep] = createSignal<number | null>(null);

  // Resume from the server's saved step once the profile arrives.
  createEffect(() => {
    const p = profileStore.profile();
    if (p && step() === null) setStep(p.onboarding.completed ? 5 : Math.min(Math.max(p.onboarding.step, 1), 5));
  });

  const go = async (to: number, patch: ProfileUpdate = {}) => {
    const completed = profileStore.profile()?.onboarding.completed ?? false;
    try {
      await profileStore.save({ ...patch, onboarding: { step: to, ...(completed ? {} : { completed: false }) } });
      setStep(to);
      document.getElementById("onboarding-title")?.focus();
    } catch (err) {
      notifyError(err, "Could not save this step");
      throw err;
    }
  };

  const props = (n: number): StepProps => ({ next: (patch) => go(n + 1, patch), back: () => setStep(n - 1) });

  return (
    <main class="onboarding">
      <div class="auth-top">
        <span class="logo">
          <span class="logo-mark" aria-hidden="true" /> Digital Self
        </span>
        <div class="row">
          <ThemeToggle />
          <button class="link" onClick={() => navigate("/")}>
            Finish later
          </button>
        </div>
      </div>
      <AsyncState error={profileStore.profile.error} retry={profileStore.refetch} ready={step()} loadingLabel="Loading your progress…">
        {(s) => (
          <>
            <ol class="stepper" aria-label="Onboarding progress">
              <For each={STEPS}>
                {(label, i) => (
                  <li classList={{ done: i() + 1 < s(), current: i() + 1 === s() }} aria-current={i() + 1 === s() ? "step" : undefined}>
                    <span class="step-num">{i() + 1 < s() ? "✓" : i() + 1}</span>
                    <span class="step-label">{label}</span>
                  </li>
                )}
              </For>
            </ol>
            <section class="card onboarding-card" aria-labelledby="onboarding-title">
              <Switch>
                <Match when={s() === 1}>
                  <BasicsStep {...props(1)} />
                </Match>
                <Match when={s() === 2}>
                  <PersonalityStep {...props(2)} />
                </Match>
                <Match when={s() === 3}>
                  <KnowledgeStep {...props(3)} />
                </Match>
                <Match when={s() === 4}>
                  <AvatarStep {...props(4)} />
                </Match>
                <Match when={s() === 5}>
                  <ReviewStep back={() => setStep(4)} />
                </Match>
              </Switch>
            </section>
          </>
        )}
      </AsyncState>
    </main>
  );
}
