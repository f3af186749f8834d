import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createMemoryProposals, MemoryProposals } from "../src/components/chat/MemoryProposals";
import { json, stubFetch } from "./support/fetch-stub";

const proposal = {
  id: "mem_1",
  text: "I moved to Lisbon last month.",
  status: "pending",
  origin: "rules",
  conversationId: "cnv_1",
  messageId: "msg_1",
  documentId: null,
  indexStatus: null,
  createdAt: 1,
  updatedAt: 1,
};

afterEach(() => vi.unstubAllGlobals());

async function setup() {
  const calls = stubFetch(({ method, path }) =>
    method === "GET" ? json({ items: [proposal] }) : json({ ...proposal, status: path.includes("reject") ? "rejected" : "accepted" }),
  );
  const store = createMemoryProposals(() => "cnv_1");
  render(() => <MemoryProposals proposals={store} />);
  await store.refresh();
  await screen.findByText("I moved to Lisbon last month.");
  return calls;
}

describe("memory proposals under the owner's chat", () => {
  it("asks for this conversation's proposals; Remember accepts as is and the card goes", async () => {
    const calls = await setup();
    expect(calls[0]).toMatchObject({ method: "GET", path: "/api/memories/proposals?conversationId=cnv_1" });
    await fireEvent.click(screen.getByRole("button", { name: "Remember" }));
    await waitFor(() => expect(screen.queryByTestId("memory-proposal")).toBeNull());
    expect(calls[1]).toEqual({ method: "POST", path: "/api/memories/mem_1/accept", body: {}, auth: null });
  });

  it("Edit then Save memory accepts the owner's words", async () => {
    const calls = await setup();
    await fireEvent.click(screen.getByRole("button", { name: "Edit" }));
    await fireEvent.input(screen.getByLabelText("Memory text"), { target: { value: "I moved to Porto in November." } });
    await fireEvent.click(screen.getByRole("button", { name: "Save memory" }));
    await waitFor(() => expect(screen.queryByTestId("memory-proposal")).toBeNull());
    expect(calls[1]).toEqual({ method: "POST", path: "/api/memories/mem_1/accept", body: { text: "I moved to Porto in November." }, auth: null });
  });

  it("Don't remember rejects it", async () => {
    const calls = await setup();
    await fireEvent.click(screen.getByRole("button", { name: "Don't remember" }));
    await waitFor(() => expect(screen.queryByTestId("memory-proposal")).toBeNull());
    expect(calls[1]).toMatchObject({ method: "POST", path: "/api/memories/mem_1/reject" });
  });
});
