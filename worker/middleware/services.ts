import { createMiddleware } from "hono/factory";
import type { Env } from "../env";
import { readConfig, type AppConfig } from "../lib/config";
import { createDb, type Db } from "../db/client";
import { UserRepository } from "../db/repositories/users";
import { SessionRepository } from "../db/repositories/sessions";
import { ProfileRepository } from "../db/repositories/profiles";
import { JobRepository } from "../db/repositories/jobs";
import { TokenService } from "../services/tokens";
import { AuthService } from "../services/auth";
import { ProfileService } from "../services/profiles";
import { AccountService } from "../services/account";
import { d1AccountData, r2AccountData } from "../services/account-data";
import { EventPublisher } from "../services/events";
import { JobService, QueuesJobQueue } from "../services/jobs";
import { KeywordSearch, type KnowledgeSearch } from "../services/knowledge-search";
import { ConversationRepository } from "../db/repositories/conversations";
import { MessageRepository } from "../db/repositories/messages";
import { ShareLinkRepository } from "../db/repositories/share-links";
import type { LlmPort } from "../ports/llm";
import { GroqLlm } from "../adapters/groq-llm";
import { OfflineExtractiveLlm } from "../adapters/offline-llm";
import { D1ContextLoader, type ContextLoader } from "../services/chat-context";
import { ChatService } from "../services/chat";
import { RoomPublisher } from "../services/rooms";

export type AdapterMode = "cloud" | "local";

/** Which implementation each port uses, reported by /api/health and shown in the UI. */
export interface PortReport {
  [port: string]: { mode: AdapterMode; adapter: string };
}

export interface Services {
  config: AppConfig;
  env: Env;
  d1: D1Database;
  db: Db;
  bucket: R2Bucket;
  ports: PortReport;
  tokens: TokenService;
  users: UserRepository;
  sessions: SessionRepository;
  auth: AuthService;
  profiles: ProfileService;
  account: AccountService;
  events: EventPublisher;
  jobs: JobService;
  /** Retrieval over the user's knowledge, used by chat for grounded answers and citations. */
  knowledge: KnowledgeSearch;
  conversations: ConversationRepository;
  messages: MessageRepository;
  shareLinks: ShareLinkRepository;
  /** Groq (or any OpenAI-compatible server) with a key; the offline extractive responder without. */
  llm: LlmPort;
  /** Profile + memory + retrieval for a chat turn; the seam where a cache wraps context loading. */
  chatContext: ContextLoader;
  chat: ChatService;
  rooms: RoomPublisher;
}

function pickLlm(config: AppConfig): LlmPort {
  const c = config.llm;
  const opts = { model: c.model, baseURL: c.baseURL ?? undefined, timeoutMs: c.timeoutMs, maxRetries: c.maxRetries };
  if (c.apiKey) return new GroqLlm({ ...opts, apiKey: c.apiKey });
  // A base URL without a key: a self-hosted OpenAI-compatible server (Ollama, llama.cpp, LM Studio).
  if (c.baseURL) return new GroqLlm({ ...opts, apiKey: "none", mode: "local" });
  return new OfflineExtractiveLlm();
}

// The container is built once per isolate per env object; adapters that keep
// connections or in-memory caches (e.g. @upstash/ratelimit) must outlive a request.
const cache = new WeakMap<Env, Services>();

export function buildServices(env: Env): Services {
  const hit = cache.get(env);
  if (hit) return hit;
  const config = readConfig(env);
  if (config.usingDevSecret) console.warn("JWT_SECRET is not set: using the development default (never in production)");
  const db = createDb(env.DB);
  const users = new UserRepository(db);
  const sessions = new SessionRepository(db);
  const profilesRepo = new ProfileRepository(db);
  const tokens = new TokenService(config.jwtSecret, config.accessTokenTtlSeconds);
  const events = new EventPublisher(env.USER_HUB);
  const llm = pickLlm(config);
  const ports: PortReport = {
    jobQueue: { mode: "local", adapter: "cloudflare-queues" },
    llm: { mode: llm.mode, adapter: llm.adapter },
  };
  const profileService = new ProfileService(users, profilesRepo);
  const knowledge = new KeywordSearch(env.DB);
  const conversations = new ConversationRepository(db);
  const messages = new MessageRepository(db);
  const chatContext = new D1ContextLoader(profileService, messages, knowledge);
  const rooms = new RoomPublisher(env.CONVERSATION_ROOM);
  const services: Services = {
    config,
    env,
    d1: env.DB,
    db,
    bucket: env.BUCKET,
    ports,
    tokens,
    users,
    sessions,
    auth: new AuthService(users, sessions, tokens, config.refreshTokenTtlMs),
    profiles: profileService,
    account: new AccountService(users, [d1AccountData(env.DB), r2AccountData(env.BUCKET)]),
    events,
    jobs: new JobService(new JobRepository(db), new QueuesJobQueue(env.JOBS), events),
    knowledge,
    conversations,
    messages,
    shareLinks: new ShareLinkRepository(db),
    llm,
    chatContext,
    chat: new ChatService(conversations, messages, chatContext, llm, rooms),
    rooms,
  };
  // Cloudflare Queues are managed in both modes; wrangler emulates them locally.
  ports.jobQueue!.mode = config.isProduction ? "cloud" : "local";
  cache.set(env, services);
  return services;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    services: Services;
    requestId: string;
    auth: { userId: string; sessionId: string };
  };
};

/** The composition root: the only place that reads env and picks adapters. */
export const servicesMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set("services", buildServices(c.env));
  await next();
});
