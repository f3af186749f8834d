import { createSignal } from "solid-js";
import type { StepProps } from "./step";

/** Back / Continue footer of the optional steps: "Skip for now" until something was added. */
export function SkippableStepNav(props: { step: StepProps; hasContent: boolean }) {
  const [busy, setBusy] = createSignal(false);
  return (
    <div class="row between">
      <button type="button" class="secondary" onClick={props.step.back}>
        Back
      </button>
      <button
        disabled={busy()}
        onClick={async () => {
          setBusy(true);
          await props.step.next().catch(() => undefined);
          setBusy(false);
        }}
      >
        {props.hasContent ? "Continue" : "Skip for now"}
      </button>
    </div>
  );
}
