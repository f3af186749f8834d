import type { ProfileUpdate } from "../../api/users";

/** What the onboarding page gives each step (its own module, so steps and page do not import each other). */
export interface StepProps {
  /** Saves the patch plus the next step, so a reload resumes there. */
  next: (patch?: ProfileUpdate) => Promise<void>;
  back: () => void;
}
