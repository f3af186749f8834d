import { GuardrailsStore } from "./guardrails.store";
// The audience module: what the owner sees of their clone's conversations and how they correct it —
// visitors' conversations, the Inbox of unanswered questions, revisions, guardrails, analytics.
import type { Db } from "../../platform/db/client";
import type { ChatService } from "../chat";
import type { KnowledgeService } from "../knowledge";
import { AudienceRepository } from "./audience.repo";
import { AudienceService } from "./audience.service";

export { audienceRoutes } from "./audience.routes";
export type { AudienceService };

/** The repository alone: chat reads the owner's guardrails every turn and is built before this module. */
export const createAudienceRepository = (db: Db, d1: D1Database) => new AudienceRepository(db, d1);
export { GuardrailsStore };

export function createAudienceModule(deps: {
  repo: AudienceRepository;
  d1: D1Database;
  chat: ChatService;
  knowledge: KnowledgeService;
  guardrails: GuardrailsStore;
}) {
  return { service: new AudienceService(deps.repo, deps.d1, deps.chat, deps.knowledge, deps.guardrails) };
}
