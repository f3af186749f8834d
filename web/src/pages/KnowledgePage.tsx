import { createSignal, For, onMount, Show } from "solid-js";
import { useSearchParams } from "@solidjs/router";
import { knowledgeApi } from "../api/knowledge";
import type { KnowledgeDocument, KnowledgeHit } from "../api/contract";
import { createPaginated } from "../stores/paginated";
import { useJobEvents, docStatusFromJob } from "../stores/live";
import { KnowledgeUploader, NoteForm, WebPageForm } from "../components/KnowledgeUploader";
import { ReindexPanel } from "../components/ReindexPanel";
import { Tabs } from "../components/Tabs";
import { DocRow } from "../components/DocRow";
import { createConfirm } from "../components/ConfirmDialog";
import { PagedList, PageHeader } from "../components/ui";
import { notify, notifyError } from "../components/toast";

export default function KnowledgePage() {
  const [params] = useSearchParams();
  const docs = createPaginated<KnowledgeDocument>(({ cursor, q }) => knowledgeApi.list({ cursor, q, limit: 20 }));
  const confirm = createConfirm();
  onMount(() => void docs.refresh());

  // Rows whose details (the chunk count) are being read after their job finished, or could not be read:
  // those show that, with a Refresh, instead of the count the list had before indexing ("0 chunks").
  const [details, setDetails] = createSignal<Record<string, "loading" | "failed">>({});
  const setDetail = (id: string, state: "loading" | "failed" | undefined) =>
    setDetails((m) => {
      const { [id]: _, ...rest } = m;
      return state ? { ...rest, [id]: state } : rest;
    });
  async function readDetails(id: string) {
    setDetail(id, "loading");
    try {
      const d = await knowledgeApi.get(id);
      docs.update(d.id, d);
      setDetail(id, undefined);
    } catch {
      setDetail(id, "failed");
    }
  }

  useJobEvents((job) => {
    if (job.kind !== "knowledge.index") return;
    const doc = docs.items().find((d) => d.jobId === job.id || d.id === job.subjectId);
    if (!doc) return;
    docs.update(doc.id, { status: docStatusFromJob(job.status), progress: job.progress, error: job.error });
    // The chunk count is only known to the document itself.
    if (job.status === "succeeded") void readDetails(doc.id);
  });

  async function refetch(d: KnowledgeDocument) {
    try {
      const fresh = await knowledgeApi.refetch(d.id);
      docs.update(d.id, { ...fresh, status: "queued", progress: 0 });
      notify("Fetching the page again");
    } catch (err) {
      notifyError(err, "Could not re-fetch the page");
    }
  }

  async function remove(d: KnowledgeDocument) {
    if (!(await confirm.ask(`Delete “${d.title}”?`, "Your clone will forget everything it learned from this document. This cannot be undone."))) return;
    try {
      await knowledgeApi.remove(d.id);
      docs.remove(d.id);
      notify("Deleted");
    } catch (err) {
      notifyError(err, "Could not delete the document");
    }
  }

  return (
    <div class="page">
      <PageHeader title="Knowledge" subtitle="Everything your clone can talk about. It cites these when it answers." />
      <div class="grid-2">
        <section class="card" aria-labelledby="add-title">
          <h2 id="add-title">Add knowledge</h2>
          <Tabs
            label="Add knowledge"
            keepMounted
            tabs={[
              { id: "upload", label: "Upload files", panel: () => <KnowledgeUploader onUploaded={docs.prepend} onRemoved={docs.remove} /> },
              { id: "note", label: "Write a note", panel: () => <NoteForm onAdded={docs.prepend} /> },
              { id: "web", label: "Web page", panel: () => <WebPageForm onAdded={docs.prepend} /> },
            ]}
          />
        </section>
        <KnowledgeProbe />
      </div>
      <section class="card" aria-labelledby="docs-title">
        <div class="row between">
          <h2 id="docs-title">Your documents</h2>
          <input type="search" class="narrow" aria-label="Filter documents" placeholder="Filter…" onInput={(e) => docs.search(e.currentTarget.value)} />
        </div>
        <PagedList
          list={docs}
          loadingLabel="Loading documents…"
          icon="❖"
          emptyTitle="No knowledge yet"
          emptyHint="Upload files, add a web page or write a note to teach your clone."
          noMatchHint="Try another filter."
        >
          <ul class="doc-list">
            <For each={docs.items()}>
              {(d) => (
                <DocRow
                  doc={d}
                  highlight={params.doc === d.id}
                  onDelete={() => remove(d)}
                  onRefetch={() => refetch(d)}
                  details={details()[d.id]}
                  onRefresh={() => void readDetails(d.id)}
                />
              )}
            </For>
          </ul>
        </PagedList>
      </section>
      <ReindexPanel onDone={docs.refresh} documents={() => docs.items().length} />
      <confirm.Dialog />
    </div>
  );
}

/** "Test what my clone knows": runs the same search chat uses and shows the passages it would cite. */
function KnowledgeProbe() {
  const [q, setQ] = createSignal("");
  const [hits, setHits] = createSignal<KnowledgeHit[] | null>(null);
  const [busy, setBusy] = createSignal(false);
  async function run(e: SubmitEvent) {
    e.preventDefault();
    if (!q().trim()) return;
    setBusy(true);
    try {
      setHits((await knowledgeApi.search(q().trim(), 5)).results);
    } catch (err) {
      notifyError(err, "Search failed");
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="probe-title">
      <h2 id="probe-title">Test what your clone knows</h2>
      <form class="row" onSubmit={run} role="search">
        <input
          type="search"
          aria-label="Ask a question to search your knowledge"
          placeholder="Where did I study?"
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy() || !q().trim()}>
          {busy() ? "…" : "Search"}
        </button>
      </form>
      <Show when={hits()}>
        {(h) => (
          <Show when={h().length > 0} fallback={<p class="muted">Nothing found — your clone would not know this yet.</p>}>
            <ol class="hits">
              <For each={h()}>
                {(hit) => (
                  // The fused keyword + semantic score only orders hits (the list's numbering shows that), so it is a tooltip.
                  <li title={`Search score ${hit.score.toFixed(3)}`}>
                    <strong class="truncate">
                      {hit.title}
                      {hit.heading ? ` · ${hit.heading}` : ""}
                    </strong>
                    <p class="small clamp">{hit.content}</p>
                  </li>
                )}
              </For>
            </ol>
          </Show>
        )}
      </Show>
    </section>
  );
}
