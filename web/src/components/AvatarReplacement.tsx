import { Show } from "solid-js";
import { A } from "@solidjs/router";
import type { Avatar, MyAvatar } from "../api/contract";

/**
 * What a newer upload that has not replaced the avatar in use (`MyAvatar.replacement`) means for the owner: failed,
 * or still training. The same words on the Avatar page, the Dashboard and onboarding's review.
 */
export function describeReplacement(r: Avatar) {
  return r.status === "failed"
    ? {
        failed: true,
        title: `Your new ${r.kind} could not be used`,
        detail: "Your current avatar is still the one your clone uses for video replies. Upload another photo or video to replace it.",
      }
    : {
        failed: false,
        title: `Training your new ${r.kind}…`,
        detail: "Your current avatar keeps answering on video until the new one is ready; then the new one replaces it.",
      };
}

/**
 * A short notice of that upload (with its training error) and a link to the Avatar page, where it is shown in full and
 * can be replaced; nothing when there is none. Said in words (and an icon), not by colour alone; a polite status, so a
 * training that fails while the page is open is announced.
 */
export function AvatarReplacementNotice(props: { avatar: MyAvatar | null | undefined }) {
  return (
    <Show when={props.avatar?.replacement}>
      {(r) => {
        const about = () => describeReplacement(r());
        return (
          <div class="notice" classList={{ "notice-bad": about().failed }} role="status" data-testid="avatar-replacement-notice">
            <p>
              <span aria-hidden="true">{about().failed ? "⚠ " : "⏳ "}</span>
              <strong>{about().title}</strong>
              {about().failed && r().error ? `: ${r().error}` : ""}
            </p>
            <p class="small">
              {about().detail} <A href="/avatar">Open the Avatar page</A>
            </p>
          </div>
        );
      }}
    </Show>
  );
}
