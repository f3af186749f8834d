import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { VisitorConversations } from "../src/components/audience/VisitorConversations";
import { json, stubFetch } from "./support/fetch-stub";

const link = { id: "shr_1", label: "Portfolio site", token: "tok", url: "/share/tok", createdAt: 1, revokedAt: null };
const visitor = { visitorId: "vis_1", conversations: 2, lastSeenAt: Date.now(), notes: [{ kind: "said", text: "I'm a student in Turin.", at: 1 }] };

afterEach(() => vi.unstubAllGlobals());

describe("Audience → Visitors", () => {
  it("picking a link shows what the clone remembers about that link's visitors (issue 18: the owner sees it in Audience)", async () => {
    const calls = stubFetch(({ path }) => {
      if (path === "/api/shares") return json({ items: [link] });
      if (path === "/api/shares/shr_1/visitors") return json({ items: [visitor] });
      return json({ items: [], nextCursor: null });
    });
    render(() => <VisitorConversations />);
    await screen.findByRole("option", { name: "Portfolio site" });
    expect(screen.queryByText(/what your clone remembers/)).toBeNull();
    await fireEvent.change(screen.getByLabelText("Share link"), { target: { value: "shr_1" } });
    const summary = await screen.findByText("Visitors and what your clone remembers about them");
    const details = summary.closest("details")!;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await screen.findByText("Said: I'm a student in Turin.");
    await waitFor(() => expect(calls.map((c) => c.path)).toContain("/api/shares/shr_1/visitors"));
  });
});
