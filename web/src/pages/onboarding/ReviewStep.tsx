import { createResource, createSignal, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { profileStore } from "../../stores/profile";
import { personalityPreview } from "../../lib/personality";
import { conversationsApi } from "../../api/conversations";
import { knowledgeApi } from "../../api/knowledge";
import { avatarApi } from "../../api/avatars";
import { StatusBadge } from "../../components/ui";
import { AvatarReplacementNotice } from "../../components/AvatarReplacement";
import { useAvatarEvents } from "../../stores/live";
import { withChange } from "../../lib/my-avatar";
import { notifyError } from "../../components/toast";

/** A line's stand-in while it loads: the same height as its text, so the list does not move. */
const Placeholder = () => <span class="skeleton-line" role="img" aria-label="Loading" />;

export function ReviewStep(props: { back: () => void }) {
  const navigate = useNavigate();
  const p = () => profileStore.profile()!;
  const [busy, setBusy] = createSignal(false);
  // What the clone starts with; a failure says so on its line.
  const [docs] = createResource(() => knowledgeApi.list({ limit: 100 }).catch(() => null));
  const [avatar, { mutate: setAvatar }] = createResource(() => avatarApi.mine().catch(() => undefined));
  useAvatarEvents((a) => setAvatar((cur) => withChange(cur, a)));

  async function finish() {
    setBusy(true);
    try {
      await profileStore.save({ onboarding: { step: 5, completed: true } });
      const convo = await conversationsApi.create("First chat with my clone").catch((err) => {
        notifyError(err, "Your clone is ready, but the first chat could not be started.");
        return null;
      });
      navigate(convo ? `/chat/${convo.id}` : "/", { replace: true });
    } catch (err) {
      notifyError(err, "Could not finish onboarding");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="stack">
      <h1 id="onboarding-title" tabindex="-1">
        Meet your clone
      </h1>
      <dl class="review">
        <dt>Name</dt>
        <dd>{p().name}</dd>
        <Show when={p().headline}>
          <dt>Headline</dt>
          <dd>{p().headline}</dd>
        </Show>
        <Show when={p().bio}>
          <dt>Bio</dt>
          <dd class="pre">{p().bio}</dd>
        </Show>
        {/* Every line is laid out at once, with a placeholder while it loads, so nothing shifts when it fills in. */}
        <dt>Knowledge</dt>
        <dd>
          <Show when={!docs.loading} fallback={<Placeholder />}>
            <Show when={docs()} fallback={<span class="muted">Could not check right now — see Knowledge later</span>}>
              {(d) =>
                d().items.length === 0
                  ? "Nothing yet — add some any time"
                  : `${d().items.length}${d().nextCursor ? "+" : ""} document${d().items.length === 1 ? "" : "s"}`
              }
            </Show>
          </Show>
        </dd>
        <dt>Avatar</dt>
        <dd>
          <Show when={!avatar.loading} fallback={<Placeholder />}>
            <Show when={avatar() !== undefined} fallback={<span class="muted">Could not check right now — see Avatar later</span>}>
              {avatar() ? <StatusBadge status={avatar()!.status} /> : "None — replies will be text only"}
              <AvatarReplacementNotice avatar={avatar()} />
            </Show>
          </Show>
        </dd>
        <dt>Sounds like</dt>
        <dd>
          <blockquote>{personalityPreview(p().personality, p().name, p().headline, p().bio)}</blockquote>
        </dd>
      </dl>
      <div class="row between">
        <button type="button" class="secondary" onClick={props.back}>
          Back
        </button>
        <button onClick={finish} disabled={busy()}>
          {busy() ? "Starting…" : "Start your first chat →"}
        </button>
      </div>
    </div>
  );
}
