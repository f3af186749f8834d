import { useSearchParams } from "@solidjs/router";
import { PageHeader } from "../components/ui";
import { Tabs } from "../components/Tabs";
import { VisitorConversations } from "../components/audience/VisitorConversations";
import { InboxPanel } from "../components/audience/InboxPanel";
import { RevisionsPanel } from "../components/audience/RevisionsPanel";
import { GuardrailsForm } from "../components/audience/GuardrailsForm";

/** What the clone says to whom, and how the owner corrects it: visitors, the Inbox, own answers, off-limits topics. */
export default function AudiencePage() {
  const [params] = useSearchParams();
  const tabs = [
    { id: "inbox", label: "Inbox", panel: () => <InboxPanel /> },
    { id: "conversations", label: "Visitors", panel: () => <VisitorConversations /> },
    { id: "answers", label: "Your answers", panel: () => <RevisionsPanel /> },
    { id: "guardrails", label: "Off-limits", panel: () => <GuardrailsForm /> },
  ];
  const initial = Math.max(
    0,
    tabs.findIndex((t) => t.id === params.tab),
  );
  return (
    <div class="page">
      <PageHeader title="Audience" subtitle="What your clone could not answer, who talked to it, and how you teach it." />
      <Tabs label="Audience sections" tabs={tabs} initial={initial} />
    </div>
  );
}
