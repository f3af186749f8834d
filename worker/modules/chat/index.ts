// The chat module: conversations, messages and chat turns (HTTP, SSE and the conversation socket).
import type { Db } from "../../platform/db/client";
import type { LlmPort } from "../../platform/llm/port";
import type { RoomEventPublisher } from "../../platform/realtime/port";
import type { AuthService } from "../auth";
import type { KnowledgeSearch } from "../knowledge";
import type { ProfileService } from "../profile";
import type { Guardrails } from "../../shared/guardrails";
import { MessageRepository } from "./messages.repo";
import { D1ContextLoader } from "./chat-context";
import { ChatService, type MemoryProposer } from "./chat.service";
import { VisitorMemory } from "./visitor-memory";
import { VisitorMemoryRepository } from "./visitor-memory.repo";
import { ConversationRepository } from "./conversations.repo";
import { TurnOpening } from "./turn-opening";

export { chatRoutes } from "./chat.routes";
export { conversationRoutes } from "./conversations.routes";
export { jsonTurn, streamTurn, wantsEventStream } from "./chat.respond";
export {
  ConversationDetailSchema,
  ConversationSchema,
  IdParam,
  MessageSchema,
  SendBodySchema,
  SendResultSchema,
  pageQuery,
  type ConversationScope,
  type MessageView,
} from "./chat.schemas";
export type { ChatService, MemoryProposer, VisitorMemory };

export function createChatModule(deps: {
  db: Db;
  llm: LlmPort;
  rooms: RoomEventPublisher;
  auth: AuthService;
  profiles: ProfileService;
  knowledge: KnowledgeSearch;
  /** The owner's off-limits topics (the audience module keeps them). */
  guardrails: (ownerId: string, epoch?: number) => Promise<Guardrails>;
  d1: D1Database;
  memories?: MemoryProposer;
}) {
  // The context window is read from D1 every turn. A shared cache of it (as the seed kept in Redis)
  // never hit: each turn writes the question and the reply, and each write had to invalidate it,
  // so it only added four cache round trips per turn, one of them before the first token.
  const messages = new MessageRepository(deps.db);
  const conversations = new ConversationRepository(deps.db);
  const visitorMemory = new VisitorMemory(new VisitorMemoryRepository(deps.d1));
  const context = new D1ContextLoader(deps.profiles, messages, deps.knowledge, deps.guardrails, visitorMemory);
  return {
    service: new ChatService(
      conversations,
      messages,
      context,
      deps.llm,
      deps.rooms,
      deps.auth,
      new TurnOpening(deps.db, conversations, messages, deps.knowledge),
      deps.memories,
    ),
    /** What the clone remembers about returning visitors (the sharing module shows and clears it). */
    visitorMemory,
  };
}
