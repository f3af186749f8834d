import { createMiddleware } from "hono/factory";
import type { Env } from "../env";
import { readConfig, type AppConfig } from "../lib/config";
import { AppError } from "../lib/errors";
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
import { AvatarRepository } from "../db/repositories/avatars";
import { VideoRepository } from "../db/repositories/videos";
import { AvatarService } from "../services/avatars";
import { VideoService } from "../services/videos";
import { MediaUrls } from "../services/media-urls";
import type { VideoProvider } from "../ports/video";
import { NewportVideo } from "../adapters/newport";
import { LocalRendererVideo } from "../adapters/local-renderer";
import type { Cache } from "../ports/cache";
import type { RateLimiter } from "../ports/rate-limiter";
import { CacheService } from "../services/cache";
import { cachedAccountData } from "../services/cache-account-data";
import { createUpstashRedis } from "../adapters/upstash-client";
import { UpstashCache } from "../adapters/upstash-cache";
import { UpstashRateLimiter } from "../adapters/upstash-rate-limiter";
import { DurableObjectCache } from "../adapters/local-cache";
import { DurableObjectRateLimiter } from "../adapters/local-rate-limiter";
import { NoCache } from "../adapters/no-cache";
import { CircuitBreaker } from "../adapters/circuit-breaker";
import { ConversationRepository } from "../db/repositories/conversations";
import type { MessageRepository } from "../db/repositories/messages";
import { CachedMessageRepository } from "../services/cached-messages";
import { ShareLinkRepository } from "../db/repositories/share-links";
import type { LlmPort } from "../ports/llm";
import { GroqLlm } from "../adapters/groq-llm";
import { OfflineExtractiveLlm } from "../adapters/offline-llm";
import { D1ContextLoader, type ContextLoader } from "../services/chat-context";
import { ChatService } from "../services/chat";
import { RefreshRotation } from "../services/refresh-rotation";
import { RoomPublisher } from "../services/rooms";
import { KnowledgeRepository } from "../db/repositories/knowledge";
import { KnowledgeService } from "../knowledge/service";
import { HybridSearch } from "../knowledge/hybrid-search";
import { vectorAccountData } from "../knowledge/account-data";
import type { Embedder } from "../ports/embedder";
import type { VectorStore } from "../ports/vector-store";
import { LexicalConceptEmbedder } from "../adapters/embedders/lexical-concepts";
import { keywordExpansions } from "../knowledge/relevance";
import { hybridOptionsFor } from "../knowledge/offline-retrieval";
import { WorkersAiEmbedder } from "../adapters/embedders/workers-ai";
import { OpenAiEmbedder } from "../adapters/embedders/openai";
import { D1VectorStore } from "../adapters/vector-stores/d1";
import { VectorizeStore } from "../adapters/vector-stores/vectorize";
import { QStashJobQueue } from "../services/qstash";
import { Receiver } from "@upstash/qstash";

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
  /** Signed short-lived URLs for R2 media (avatars, reply videos). */
  mediaUrls: MediaUrls;
  /** Talking-avatar provider: Newport AI with NEWPORT_API_KEY, else the local media renderer. */
  video: VideoProvider;
  avatars: AvatarService;
  videos: VideoService;
  /** Cache-aside helper (`cached(key, ttl, loader)`, `invalidate(key)`); never throws because of the cache. */
  cache: CacheService;
  rateLimiter: RateLimiter;
  conversations: ConversationRepository;
  messages: MessageRepository;
  shareLinks: ShareLinkRepository;
  /** Groq (or any OpenAI-compatible server) with a key; the offline extractive responder without. */
  llm: LlmPort;
  /** Profile + memory + retrieval for a chat turn; the seam where a cache wraps context loading. */
  chatContext: ContextLoader;
  chat: ChatService;
  rooms: RoomPublisher;
  /** Adding, listing and deleting knowledge documents (indexing runs in the knowledge.index job). */
  knowledgeBase: KnowledgeService;
  embedder: Embedder;
  vectorStore: VectorStore;
  /** Verifies QStash deliveries on /internal/jobs/run; null when no signing keys are configured. */
  qstashReceiver: Receiver | null;
}

function pickLlm(config: AppConfig): LlmPort {
  const c = config.llm;
  const opts = { model: c.model, baseURL: c.baseURL ?? undefined, timeoutMs: c.timeoutMs, maxRetries: c.maxRetries };
  if (c.apiKey) return new GroqLlm({ ...opts, apiKey: c.apiKey });
  // A base URL without a key: a self-hosted OpenAI-compatible server (Ollama, llama.cpp, LM Studio).
  if (c.baseURL) return new GroqLlm({ ...opts, apiKey: "none", mode: "local" });
  return new OfflineExtractiveLlm();
}

const positiveInt = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** OpenAI-compatible endpoint when configured, else Workers AI when bound, else the offline lexical embedder. */
function pickEmbedder(env: Env): { embedder: Embedder; mode: AdapterMode } {
  if (env.EMBEDDINGS_BASE_URL) {
    const dims = positiveInt(env.EMBEDDINGS_DIMENSIONS);
    if (!dims) throw new Error("EMBEDDINGS_DIMENSIONS must be set with EMBEDDINGS_BASE_URL");
    const model = env.EMBEDDINGS_MODEL ?? "text-embedding-3-small";
    return {
      embedder: new OpenAiEmbedder({ baseUrl: env.EMBEDDINGS_BASE_URL, apiKey: env.EMBEDDINGS_API_KEY, model, dims }),
      mode: "cloud",
    };
  }
  if (env.AI) return { embedder: new WorkersAiEmbedder(env.AI), mode: "cloud" };
  return { embedder: new LexicalConceptEmbedder(), mode: "local" };
}

/** Vectorize when bound and its dimensions match the embedder's; otherwise the exact store on D1. */
function pickVectorStore(env: Env, embedder: Embedder): { store: VectorStore; mode: AdapterMode } {
  const indexDims = positiveInt(env.VECTORIZE_DIMENSIONS) ?? 768;
  if (env.VECTORIZE && indexDims === embedder.dims) return { store: new VectorizeStore(env.VECTORIZE), mode: "cloud" };
  if (env.VECTORIZE) console.warn(`Vectorize index has ${indexDims} dims but ${embedder.id} makes ${embedder.dims}: using the D1 vector store`);
  return { store: new D1VectorStore(env.DB), mode: "local" };
}

// The container is built once per isolate per env object; adapters that keep
// connections or in-memory caches (e.g. @upstash/ratelimit) must outlive a request.
const cache = new WeakMap<Env, Services>();

export function buildServices(env: Env): Services {
  const hit = cache.get(env);
  if (hit) return hit;
  const config = readConfig(env);
  if (config.problems.length) throw new AppError("service_unavailable", `This deployment is misconfigured: ${config.problems.join("; ")}`);
  const db = createDb(env.DB);
  const users = new UserRepository(db);
  const sessions = new SessionRepository(db);
  const profilesRepo = new ProfileRepository(db);
  const tokens = new TokenService(config.jwtSecret, config.accessTokenTtlSeconds);
  const events = new EventPublisher(env.USER_HUB);
  const { embedder, mode: embedderMode } = pickEmbedder(env);
  const { store: vectorStore, mode: vectorMode } = pickVectorStore(env, embedder);
  const qstash = env.QSTASH_TOKEN && env.PUBLIC_BASE_URL
    ? new QStashJobQueue({ token: env.QSTASH_TOKEN, baseUrl: env.QSTASH_URL, callbackUrl: `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/internal/jobs/run` })
    : null;
  const jobQueue = qstash ?? new QueuesJobQueue(env.JOBS);
  const llm = pickLlm(config);
  const ports: PortReport = {
    jobQueue: { mode: "local", adapter: jobQueue.kind },
    llm: { mode: llm.mode, adapter: llm.adapter },
    embedder: { mode: embedderMode, adapter: `${embedder.adapter} [${embedder.id}]` },
    vectorStore: { mode: vectorMode, adapter: vectorStore.adapter },
  };
  const jobService = new JobService(new JobRepository(db), jobQueue, events);
  const knowledgeRepo = new KnowledgeRepository(db, env.DB);
  const { cachePort, rateLimiter } = pickCacheAdapters(env, config, ports);
  const cacheService = new CacheService(cachePort);
  const auth = new AuthService(users, sessions, tokens, config.refreshTokenTtlMs, cacheService, new RefreshRotation(config.jwtSecret));
  const profiles = new ProfileService(users, profilesRepo, cacheService);
  const mediaUrls = new MediaUrls(config.jwtSecret, config.mediaUrlTtlSeconds);
  const video: VideoProvider = env.NEWPORT_API_KEY
    ? new NewportVideo({ apiKey: env.NEWPORT_API_KEY, baseUrl: env.NEWPORT_BASE_URL })
    : new LocalRendererVideo(config.mediaRendererUrl);
  ports.video = { mode: video.mode, adapter: video.name };
  const avatarRepo = new AvatarRepository(db);
  const knowledge = new HybridSearch(embedder, vectorStore, new KeywordSearch(env.DB, keywordExpansions), knowledgeRepo, hybridOptionsFor(embedder));
  const conversations = new ConversationRepository(db);
  const messages = new CachedMessageRepository(db, cacheService);
  const chatContext = new D1ContextLoader(profiles, messages, knowledge);
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
    auth,
    profiles,
    account: new AccountService(users, [cachedAccountData(auth, profiles, sessions), d1AccountData(env.DB), r2AccountData(env.BUCKET), vectorAccountData(knowledgeRepo, vectorStore)]),
    events,
    jobs: jobService,
    knowledge,
    mediaUrls,
    video,
    avatars: new AvatarService(avatarRepo, env.BUCKET, jobService, events, mediaUrls, config.maxUploadSize),
    videos: new VideoService(new VideoRepository(db), avatarRepo, jobService, events, mediaUrls, video, config.videoQuotaPerDay, rooms),
    cache: cacheService,
    rateLimiter,
    conversations,
    messages,
    shareLinks: new ShareLinkRepository(db),
    llm,
    chatContext,
    chat: new ChatService(conversations, messages, chatContext, llm, rooms),
    rooms,
    knowledgeBase: new KnowledgeService(knowledgeRepo, jobService, env.BUCKET, vectorStore, config.maxUploadSize),
    embedder,
    vectorStore,
    qstashReceiver:
      env.QSTASH_CURRENT_SIGNING_KEY && env.QSTASH_NEXT_SIGNING_KEY ? new Receiver({ currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY }) : null,
  };
  // Cloudflare Queues are managed in both modes (wrangler emulates them locally); QStash is always a cloud service.
  ports.jobQueue!.mode = qstash || config.isProduction ? "cloud" : "local";
  cache.set(env, services);
  return services;
}

/** Upstash Redis (REST) when its URL and token are set; otherwise the Durable Object backends. */
function pickCacheAdapters(env: Env, config: AppConfig, ports: PortReport): { cachePort: Cache; rateLimiter: RateLimiter } {
  const url = env.UPSTASH_REDIS_REST_URL?.trim();
  const token = env.UPSTASH_REDIS_REST_TOKEN?.trim();
  let cachePort: Cache;
  let rateLimiter: RateLimiter;
  if (url && token) {
    const redis = createUpstashRedis(url, token);
    const breaker = new CircuitBreaker(); // one Redis, one view of whether it is reachable
    cachePort = new UpstashCache(redis, breaker);
    rateLimiter = new UpstashRateLimiter(redis, breaker);
    ports.cache = { mode: "cloud", adapter: "upstash-redis" };
    ports.rateLimiter = { mode: "cloud", adapter: "upstash-ratelimit" };
  } else {
    cachePort = new DurableObjectCache(env.CACHE_STORE);
    rateLimiter = new DurableObjectRateLimiter(env.RATE_LIMITER);
    ports.cache = { mode: "local", adapter: "durable-object" };
    ports.rateLimiter = { mode: "local", adapter: "durable-object" };
  }
  if (!config.cacheEnabled) {
    cachePort = new NoCache();
    ports.cache = { mode: ports.cache.mode, adapter: "disabled" };
  }
  return { cachePort, rateLimiter };
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
  const problems = readConfig(c.env).problems;
  if (problems.length) {
    // Health says why; every other request gets the 503 (in the error shape) from buildServices.
    if (c.req.path === "/api/health") return c.json({ status: "misconfigured", environment: c.env.ENVIRONMENT ?? "development", problems }, 503);
  }
  c.set("services", buildServices(c.env));
  await next();
});
