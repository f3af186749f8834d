import { createResource, createSignal, createUniqueId } from "solid-js";
import { audienceApi } from "../../api/audience";
import { notify, notifyError } from "../toast";
import { AsyncState } from "../ui";

/** Topics the clone must not discuss (one per line) and an optional refusal line. */
export function GuardrailsForm() {
  const ids = { topics: createUniqueId(), refusal: createUniqueId() };
  const [saved, { refetch, mutate }] = createResource(() => audienceApi.guardrails());
  const [topics, setTopics] = createSignal<string | null>(null);
  const [refusal, setRefusal] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  async function save(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const list = (topics() ?? saved()!.topics.join("\n"))
        .split("\n")
        .map((t) => t.trim())
        .filter(Boolean);
      const next = await audienceApi.saveGuardrails(list, refusal() ?? saved()!.refusal);
      mutate(next);
      setTopics(null);
      setRefusal(null);
      notify("Off-limits topics saved");
    } catch (err) {
      notifyError(err, "Could not save");
    } finally {
      setBusy(false);
    }
  }
  return (
    <AsyncState error={saved.error} retry={refetch} ready={saved()}>
      {(g) => (
        <form class="stack card" onSubmit={save}>
          <p class="muted small">
            Your clone politely declines these topics, with your own words if you give them. Declined questions are counted in the analytics.
          </p>
          <label for={ids.topics}>Topics your clone must not discuss (one per line)</label>
          <textarea
            id={ids.topics}
            rows={4}
            placeholder={"politics\nmy children"}
            value={topics() ?? g().topics.join("\n")}
            onInput={(e) => setTopics(e.currentTarget.value)}
          />
          <label for={ids.refusal}>Refusal line (optional)</label>
          <input
            id={ids.refusal}
            maxLength={300}
            placeholder="That's private — ask me about my work instead!"
            value={refusal() ?? g().refusal}
            onInput={(e) => setRefusal(e.currentTarget.value)}
          />
          <div>
            <button type="submit" disabled={busy()}>
              {busy() ? "Saving…" : "Save"}
            </button>
          </div>
        </form>
      )}
    </AsyncState>
  );
}
