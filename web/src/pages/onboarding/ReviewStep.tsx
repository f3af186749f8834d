import { createResource, createSignal, Show } from "solid-js";
import { useNavigate } from "@solidjs/router";
import { profileStore } from "../../stores/profile";
import { personalityPreview } from "../../lib/personality";
import { conversationsApi } from "../../api/conversations";
import { knowledgeApi } from "../../api/knowledge";
import { avatarApi } from "../../api/avatars";
import { StatusBadge } from "../../components/ui";
import { notifyError } from "../../components/toast";

export function ReviewStep(props: { back: () => void }) {
  const navigate = useNavigate();
  const p = () => profileStore.profile()!;
  const [busy, setBusy] = createSignal(false);
  // What the clone starts with; failures just leave the line out.
  const [docs] = createResource(() => knowledgeApi.list({ limit: 100 }).catch(() => null));
  const [avatar] = createResource(() => avatarApi.mine().catch(() => undefined));

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
        <Show when={docs()}>
          {(d) => (
            <>
              <dt>Knowledge</dt>
              <dd>
                {d().items.length === 0
                  ? "Nothing yet — add some any time"
                  : `${d().items.length}${d().nextCursor ? "+" : ""} document${d().items.length === 1 ? "" : "s"}`}
              </dd>
            </>
          )}
        </Show>
        <Show when={avatar() !== undefined && !avatar.loading}>
          <dt>Avatar</dt>
          <dd>{avatar() ? <StatusBadge status={avatar()!.status} /> : "None — replies will be text only"}</dd>
        </Show>
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
