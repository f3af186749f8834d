import { describe, it, expect } from "vitest";
import { VectorizeStore } from "../../worker/platform/vector-store/vectorize";
import { vectorAccountData } from "../../worker/modules/knowledge/knowledge.account-data";
import type { KnowledgeRepository } from "../../worker/modules/knowledge/knowledge.repo";

// Vectorize has no offline emulation (wrangler only proxies to an account), so this checks the
// calls the adapter makes on the binding: the isolation and model-separation rules live there.
function recordingIndex() {
  const calls: { op: string; args: unknown[] }[] = [];
  const index = {
    async upsert(...args: unknown[]) {
      calls.push({ op: "upsert", args });
      return { mutationId: "m" };
    },
    async query(...args: unknown[]) {
      calls.push({ op: "query", args });
      return { count: 1, matches: [{ id: "chk_a_0", score: 0.9 }] };
    },
    async deleteByIds(...args: unknown[]) {
      calls.push({ op: "deleteByIds", args });
      return { mutationId: "m" };
    },
  };
  return { calls, index: index as unknown as VectorizeIndex };
}

describe("Vectorize adapter (binding calls)", () => {
  it("upserts into the user's namespace with the embedder as metadata, in batches of 1000", async () => {
    const { calls, index } = recordingIndex();
    const store = new VectorizeStore(index);
    const records = Array.from({ length: 1500 }, (_, i) => ({ chunkId: `chk_a_${i}`, documentId: "doc_a", vector: Float32Array.from([1, 0]) }));
    await store.upsert("usr_1", "e@2", records);
    expect(calls.map((c) => (c.args[0] as unknown[]).length)).toEqual([1000, 500]);
    expect((calls[0]!.args[0] as any[])[0]).toEqual({ id: "chk_a_0", values: [1, 0], namespace: "usr_1", metadata: { embedder: "e@2", documentId: "doc_a" } });
  });

  it("queries only the user's namespace, filtered to the current embedder", async () => {
    const { calls, index } = recordingIndex();
    const hits = await new VectorizeStore(index).query("usr_1", "e@2", Float32Array.from([0, 1]), 500);
    expect(hits).toEqual([{ chunkId: "chk_a_0", score: 0.9 }]);
    expect(calls[0]!.args).toEqual([[0, 1], { topK: 100, namespace: "usr_1", filter: { embedder: "e@2" }, returnMetadata: "none" }]);
  });

  it("account deletion deletes every chunk's vector by id (Vectorize has no delete-by-namespace)", async () => {
    const { calls, index } = recordingIndex();
    const repo = { chunkIdsOfUser: async () => ["chk_a_0", "chk_a_1"] } as unknown as KnowledgeRepository;
    await vectorAccountData(repo, new VectorizeStore(index)).purge!("usr_1");
    expect(calls).toEqual([{ op: "deleteByIds", args: [["chk_a_0", "chk_a_1"]] }]);
  });
});
