// The knowledge module: documents (notes, uploads, web pages, ZIP imports), their indexing and re-index jobs and hybrid retrieval.
import type { Db } from "../../platform/db/client";
import type { Embedder } from "../../platform/embedder/port";
import type { VectorStore } from "../../platform/vector-store/port";
import type { JobService } from "../jobs";
import type { KnowledgeJobDeps } from "./knowledge.jobs";
import { keywordExpansions } from "../../shared/relevance";
import { HybridSearch } from "./hybrid-search";
import { KeywordSearch, type KnowledgeSearch, type RetrievedChunk } from "./keyword-search";
import { KnowledgeIndex, type KnowledgeIndexCache } from "./keyword-index";
import { vectorAccountData } from "./knowledge.account-data";
import { createKnowledgeJobs } from "./knowledge.jobs";
import { KnowledgeRepository } from "./knowledge.repo";
import { KnowledgeService } from "./knowledge.service";
import { OFFLINE_HYBRID } from "./offline-retrieval";

export { knowledgeRoutes } from "./knowledge.routes";
export type { KnowledgeService, KnowledgeSearch, RetrievedChunk };
export { versionOf } from "./knowledge.repo";
export { KnowledgeIndexCache } from "./keyword-index";

export function createKnowledgeModule(deps: {
  db: Db;
  d1: D1Database;
  bucket: R2Bucket;
  embedder: Embedder;
  vectors: VectorStore;
  jobs: JobService;
  maxUploadSize: number;
  limits: KnowledgeJobDeps["limits"];
  webFetch: KnowledgeJobDeps["webFetch"];
  /** The embedder is the offline lexical one (no keys): retrieval then applies the relevance floor and the dev-chosen fusion weights (offline-retrieval.ts). */
  lexicalEmbedder: boolean;
  /** Where this module's in-memory keyword indexes live: the isolate's by default; tests pass one per simulated isolate. */
  knowledgeIndexCache?: KnowledgeIndexCache;
}) {
  const repo = new KnowledgeRepository(deps.db, deps.d1);
  return {
    service: new KnowledgeService(repo, deps.jobs, deps.bucket, deps.vectors, deps.maxUploadSize, {
      embedderId: deps.embedder.id,
      allowLoopbackUrls: deps.webFetch.allowLoopback,
    }),
    /** Retrieval over the user's knowledge, used by chat for grounded answers and citations. */
    search: new HybridSearch(deps.embedder, deps.vectors, new KeywordSearch(deps.d1, keywordExpansions), repo, {
      ...(deps.lexicalEmbedder ? OFFLINE_HYBRID : {}),
      // Keyword hits, hydration and relevance profiles from this isolate's memory; D1 FTS5 for users too big for it.
      index: { index: new KnowledgeIndex(repo, deps.knowledgeIndexCache), expand: keywordExpansions },
    }) as KnowledgeSearch,
    accountData: vectorAccountData(repo, deps.vectors),
    jobs: createKnowledgeJobs({ repo, embedder: deps.embedder, vectors: deps.vectors, bucket: deps.bucket, limits: deps.limits, webFetch: deps.webFetch }),
  };
}
