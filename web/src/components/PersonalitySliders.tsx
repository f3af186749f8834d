import { For } from "solid-js";
import { PERSONALITY_SLIDERS, personalityPreview, type PersonalityValues } from "../lib/personality";

export function PersonalitySliders(props: {
  value: PersonalityValues;
  onChange: (v: PersonalityValues) => void;
  name?: string;
  headline?: string;
  bio?: string;
}) {
  return (
    <div class="sliders">
      <For each={PERSONALITY_SLIDERS}>
        {(s) => (
          <div class="slider">
            <label for={`slider-${s.key}`}>
              {s.label} <span class="muted small">{props.value[s.key]}</span>
            </label>
            <div class="range-row">
              <span class="muted small">{s.low}</span>
              <input
                id={`slider-${s.key}`}
                type="range"
                min="0"
                max="100"
                value={props.value[s.key]}
                aria-valuetext={`${props.value[s.key]} of 100 (${s.low} to ${s.high})`}
                onInput={(e) => props.onChange({ ...props.value, [s.key]: Number(e.currentTarget.value) })}
              />
              <span class="muted small">{s.high}</span>
            </div>
          </div>
        )}
      </For>
      <figure class="preview" aria-live="polite">
        <figcaption class="muted small">How your clone might introduce itself</figcaption>
        <blockquote data-testid="personality-preview">{personalityPreview(props.value, props.name, props.headline, props.bio)}</blockquote>
      </figure>
    </div>
  );
}
