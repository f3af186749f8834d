import { createResource, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { KnowledgeDocument } from "../../api/contract";
import { knowledgeApi } from "../../api/knowledge";
import { KnowledgeUploader, NoteForm } from "../../components/KnowledgeUploader";
import { AsyncState } from "../../components/ui";
import { Tabs } from "../../components/Tabs";
import { DocRow } from "../../components/DocRow";
import { useJobEvents, docStatusFromJob } from "../../stores/live";
import type { StepProps } from "./step";
import { SkippableStepNav } from "./SkippableStepNav";

export function KnowledgeStep(props: StepProps) {
  const [docs, setDocs] = createStore<KnowledgeDocument[]>([]);
  const add = (d: KnowledgeDocument) => setDocs((list) => [d, ...list.filter((x) => x.id !== d.id)]);
  // The server's list, not this component's memory: coming Back (or after a reload) shows what is already there.
  const [existing, { refetch }] = createResource(async () => {
    const page = await knowledgeApi.list({ limit: 100 });
    setDocs((list) => [...list, ...page.items.filter((d) => !list.some((x) => x.id === d.id))]);
    return page;
  });
  useJobEvents((job) => {
    const i = docs.findIndex((d) => d.jobId === job.id || d.id === job.subjectId);
    if (i === -1) return;
    setDocs(i, { status: docStatusFromJob(job.status), progress: job.progress, error: job.error });
    // The chunk count is only known to the document itself.
    const id = docs[i]!.id;
    if (job.status === "succeeded")
      void knowledgeApi
        .get(id)
        .then((d) => setDocs((list) => list.map((x) => (x.id === id ? d : x))))
        .catch(() => undefined);
  });

  return (
    <div class="stack">
      <h1 id="onboarding-title" tabindex="-1">
        What should your clone know?
      </h1>
      <p class="muted">Upload documents or write notes. Your clone answers from them and cites them.</p>
      <Tabs
        label="Add knowledge"
        keepMounted
        tabs={[
          {
            id: "upload",
            label: "Upload files",
            panel: () => <KnowledgeUploader onUploaded={add} onRemoved={(id) => setDocs((list) => list.filter((x) => x.id !== id))} />,
          },
          { id: "note", label: "Write a note", panel: () => <NoteForm onAdded={add} /> },
        ]}
      />
      <AsyncState error={existing.error} retry={refetch} ready={existing.state === "ready" || docs.length > 0} loadingLabel="Loading your knowledge…">
        <Show when={docs.length > 0}>
          <ul class="doc-list" aria-label="Added knowledge">
            <For each={docs}>{(d) => <DocRow doc={d} />}</For>
          </ul>
        </Show>
        <SkippableStepNav step={props} hasContent={docs.length > 0} />
      </AsyncState>
    </div>
  );
}
