import type { AccountDataContributor } from "../account";
import type { KnowledgeRepository } from "./knowledge.repo";
import type { VectorStore } from "../../platform/vector-store/port";

/**
 * Vectors live outside D1's cascade when the store is Vectorize, so account deletion removes
 * them explicitly (chunk rows still exist at this point: contributors run before the user row goes).
 * Export adds the chunk texts (documents are in the D1 section); vectors are derived data and are left out.
 */
export function vectorAccountData(repo: KnowledgeRepository, vectors: VectorStore): AccountDataContributor {
  return {
    name: "knowledgeChunks",
    export: (userId) => repo.exportChunks(userId),
    async purge(userId) {
      await vectors.delete(userId, await repo.chunkIdsOfUser(userId));
      await vectors.forgetUser?.(userId);
    },
  };
}
