// A visitor topic (worker/shared/visitor-topics.ts) must bring its note into the candidates a search re-scores, not only
// score it once there: a user with many notes that share the question's words ("live", "life") filled the candidate pool
// with them, and "What do you do for a living?" found nothing although a note says "I work as a nurse".
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { HybridSearch } from "../../../worker/modules/knowledge/hybrid-search";
import { KnowledgeIndex, KnowledgeIndexCache } from "../../../worker/modules/knowledge/keyword-index";
import { KeywordSearch } from "../../../worker/modules/knowledge/keyword-search";
import { OFFLINE_HYBRID } from "../../../worker/modules/knowledge/offline-retrieval";
import { KnowledgeRepository } from "../../../worker/modules/knowledge/knowledge.repo";
import { keywordExpansions } from "../../../worker/shared/relevance";
import { LexicalConceptEmbedder } from "../../../worker/platform/embedder/lexical-concepts";
import { D1VectorStore } from "../../../worker/platform/vector-store/d1";
import { createDb } from "../../../worker/platform/db/client";
import { registerUser } from "../../support/client";
import { addDoc } from "../../support/knowledge-rows";

const PLACES = "Cork Leeds Porto Bergen Hobart Temuco Kraków Nagano Durban Lyon Ghent Tartu".split(" ");

describe("visitor topics in retrieval", () => {
  it("finds the note that says the topic among many that share the question's words", async () => {
    const u = await registerUser();
    const distractors = Array.from({ length: 60 }, (_, i) => `We used to live near the river in ${PLACES[i % PLACES.length]}; life there was slow, note ${i}.`);
    await addDoc(u.user.id, "Places", distractors);
    await addDoc(u.user.id, "Now", ["I work as a nurse on a children's ward."]);
    const source = new KnowledgeRepository(createDb(env.DB), env.DB);
    const search = new HybridSearch(new LexicalConceptEmbedder(), new D1VectorStore(env.DB), new KeywordSearch(env.DB, keywordExpansions), source, {
      ...OFFLINE_HYBRID,
      index: { index: new KnowledgeIndex(source, new KnowledgeIndexCache()), expand: keywordExpansions },
    });
    const hits = await search.search(u.user.id, "What do you do for a living?", 5);
    expect(hits.map((h) => h.content)).toContain("I work as a nurse on a children's ward.");
  });
});
