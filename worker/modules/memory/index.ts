// The memory module: facts the owner tells their clone, proposed, then accepted as knowledge of kind "memory".
import type { Db } from "../../platform/db/client";
import type { LlmPort } from "../../platform/llm/port";
import type { KnowledgeService } from "../knowledge";
import { LlmFactExtractor, RuleFactExtractor, type FactExtractor } from "./fact-extractor";
import { MemoryRepository } from "./memory.repo";
import { MemoryService } from "./memory.service";

export { memoryRoutes } from "./memory.routes";
export type { MemoryService, FactExtractor };

/** The model's structured output when the LLM port has one (a real model), else the offline rules. */
export function pickFactExtractor(llm: LlmPort): FactExtractor {
  const structured = llm.structured?.bind(llm);
  return structured ? new LlmFactExtractor(structured) : new RuleFactExtractor();
}

export function createMemoryModule(deps: { db: Db; knowledge: KnowledgeService; llm: LlmPort }) {
  return { service: new MemoryService(new MemoryRepository(deps.db), deps.knowledge, pickFactExtractor(deps.llm)) };
}
