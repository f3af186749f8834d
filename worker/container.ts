// The composition root: the ONLY reader of env (with config.ts) and the ONLY importer of concrete
// adapters. It picks each port's adapter (cloud when its binding/secret is present, local
// otherwise), then builds the modules with their dependencies passed explicitly.
import { Receiver } from "@upstash/qstash";
import { createMiddleware } from "hono/factory";
import type { Env } from "./env";
import { readConfig, type AppConfig } from "./config";
import { AppError } from "./shared/errors";
import type { AppEnv } from "./http/app-env";
import type { RateLimiter } from "./platform/rate-limit/port";
import type { LlmPort } from "./platform/llm/port";
import type { Embedder } from "./platform/embedder/port";
import type { VectorStore } from "./platform/vector-store/port";
import type { VideoProvider } from "./platform/video/port";
import { createDb } from "./platform/db/client";
import { CacheService, type Cache } from "./platform/cache/port";
import { createUpstashRedis } from "./platform/cache/upstash-client";
import { UpstashCache } from "./platform/cache/upstash";
import { DurableObjectCache } from "./platform/cache/durable-object";
import { NoCache } from "./platform/cache/none";
import { UpstashRateLimiter } from "./platform/rate-limit/upstash";
import { DurableObjectRateLimiter } from "./platform/rate-limit/durable-object";
import { CircuitBreaker } from "./shared/circuit-breaker";
import { countingD1, countingNamespace, countingRedis } from "./shared/round-trips";
import { GroqLlm } from "./platform/llm/groq";
import { OfflineExtractiveLlm } from "./platform/llm/offline";
import { LexicalConceptEmbedder } from "./platform/embedder/lexical-concepts";
import { WorkersAiEmbedder } from "./platform/embedder/workers-ai";
import { OpenAiEmbedder } from "./platform/embedder/openai";
import { D1VectorStore } from "./platform/vector-store/d1";
import { VectorizeStore } from "./platform/vector-store/vectorize";
import { NewportVideo } from "./platform/video/newport";
import { LocalRendererVideo } from "./platform/video/local-renderer";
import { QStashJobQueue } from "./platform/queue/qstash";
import { QueuesJobQueue } from "./platform/queue/cloudflare-queues";
import { DurableObjectPublisher } from "./platform/realtime/publisher";
import type { RoomEvent, UserEvent } from "./contracts/events";
import { createAuthModule, type AuthService } from "./modules/auth";
import { createProfileModule, type ProfileService } from "./modules/profile";
import { createAccountModule, type AccountService } from "./modules/account";
import { createJobsModule, type JobDefinition, type JobService } from "./modules/jobs";
import { createKnowledgeModule, type KnowledgeSearch, type KnowledgeService } from "./modules/knowledge";
import { createMediaModule, type MediaService } from "./modules/media";
import { createAvatarModule, type AvatarService } from "./modules/avatar";
import { createVideoModule, type VideoService } from "./modules/video";
import { createChatModule, type ChatService } from "./modules/chat";
import { createSharingModule, type SharingService } from "./modules/sharing";
import { createAudienceModule, createAudienceRepository, GuardrailsStore, type AudienceService } from "./modules/audience";
import { createMemoryModule, type MemoryService } from "./modules/memory";
import { createHealthModule, type HealthService, type PortReport } from "./modules/health";
import { createRealtimeModule, type RealtimeService } from "./modules/realtime";

export type AdapterMode = "cloud" | "local";
export type { PortReport };

/** What the routes reach through `c.get("services")` (declared into http/app-env.ts's Services). */
export interface RouteServices {
  config: AppConfig;
  rateLimiter: RateLimiter;
  auth: AuthService;
  profiles: ProfileService;
  account: AccountService;
  jobs: JobService;
  /** Retrieval over the user's knowledge, used by chat for grounded answers and citations. */
  knowledge: KnowledgeSearch;
  /** Adding, listing and deleting knowledge documents (indexing runs in the knowledge.index job). */
  knowledgeBase: KnowledgeService;
  media: MediaService;
  avatars: AvatarService;
  videos: VideoService;
  chat: ChatService;
  sharing: SharingService;
  /** Visitors' conversations, the Inbox, revisions, guardrails and analytics for the owner. */
  audience: AudienceService;
  /** Facts the owner told the clone: proposals, and accepted memories (knowledge of kind "memory"). */
  memories: MemoryService;
  health: HealthService;
  realtime: RealtimeService;
  /** Verifies QStash deliveries on /internal/jobs/run; null when no signing keys are configured. */
  qstashReceiver: Receiver | null;
  /** Every job the modules define: the explicit registry the runner in queue-consumers/ dispatches on. */
  jobDefinitions: readonly JobDefinition[];
}

declare module "./http/app-env" {
  interface Services extends RouteServices {}
}

/** The built container: the routes' services plus what the entry point wires into the queue runner and the Durable Objects. */
export interface Container extends RouteServices {
  ports: PortReport;
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

/** Upstash Redis (REST) when its URL and token are set; otherwise the Durable Object backends. */
function pickCacheAdapters(env: Env, config: AppConfig, ports: PortReport): { cachePort: Cache; rateLimiter: RateLimiter } {
  const url = env.UPSTASH_REDIS_REST_URL?.trim();
  const token = env.UPSTASH_REDIS_REST_TOKEN?.trim();
  let cachePort: Cache;
  let rateLimiter: RateLimiter;
  if (url && token) {
    const client = createUpstashRedis(url, token, config.upstashTimeoutMs);
    const redis = config.traceRoundTrips ? countingRedis(client) : client;
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

// The container is built once per isolate per env object; adapters that keep
// connections or in-memory caches (e.g. @upstash/ratelimit) must outlive a request.
const built = new WeakMap<Env, Container>();

/** Adapters a caller may put in place of the configured ones (tests: another video provider, a scripted LLM). */
export interface AdapterReplacements {
  video?: VideoProvider;
  llm?: LlmPort;
}

/** The same bindings, each round trip to D1 or a Durable Object counted (TRACE_ROUND_TRIPS=1). */
function countedBindings(env: Env): Env {
  return {
    ...env,
    DB: countingD1(env.DB),
    CACHE_STORE: countingNamespace(env.CACHE_STORE),
    RATE_LIMITER: countingNamespace(env.RATE_LIMITER),
    USER_HUB: countingNamespace(env.USER_HUB),
    CONVERSATION_ROOM: countingNamespace(env.CONVERSATION_ROOM),
  };
}

/** `replace` swaps adapters; such containers are not cached. */
export function buildContainer(env: Env, replace: AdapterReplacements = {}): Container {
  const replaced = Object.keys(replace).length > 0;
  const hit = replaced ? undefined : built.get(env);
  if (hit) return hit;
  const key = env;
  const config = readConfig(env);
  if (config.problems.length) throw new AppError("service_unavailable", `This deployment is misconfigured: ${config.problems.join("; ")}`);
  if (config.traceRoundTrips) env = countedBindings(env);

  // ── platform: one adapter per port ──
  const db = createDb(env.DB);
  const events = new DurableObjectPublisher<UserEvent>(env.USER_HUB, "event");
  const rooms = new DurableObjectPublisher<RoomEvent>(env.CONVERSATION_ROOM, "room");
  const { embedder, mode: embedderMode } = pickEmbedder(env);
  const { store: vectors, mode: vectorMode } = pickVectorStore(env, embedder);
  const qstash =
    env.QSTASH_TOKEN && env.PUBLIC_BASE_URL
      ? new QStashJobQueue({ token: env.QSTASH_TOKEN, baseUrl: env.QSTASH_URL, callbackUrl: `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/internal/jobs/run` })
      : null;
  const jobQueue = qstash ?? new QueuesJobQueue(env.JOBS);
  const llm = replace.llm ?? pickLlm(config);
  const ports: PortReport = {
    // Cloudflare Queues are managed in both modes (wrangler emulates them locally); QStash is always a cloud service.
    jobQueue: { mode: qstash || config.isProduction ? "cloud" : "local", adapter: jobQueue.kind },
    llm: { mode: llm.mode, adapter: llm.adapter },
    embedder: { mode: embedderMode, adapter: `${embedder.adapter} [${embedder.id}]` },
    vectorStore: { mode: vectorMode, adapter: vectors.adapter },
  };
  const { cachePort, rateLimiter } = pickCacheAdapters(env, config, ports);
  // The rate limiter keeps the epochs the first-level cache is validated by (one round trip per request).
  const cache = new CacheService(cachePort, config.cacheEnabled ? rateLimiter : null);
  const video: VideoProvider =
    replace.video ??
    (env.NEWPORT_API_KEY ? new NewportVideo({ apiKey: env.NEWPORT_API_KEY, baseUrl: env.NEWPORT_BASE_URL }) : new LocalRendererVideo(config.mediaRendererUrl));
  ports.video = { mode: video.mode, adapter: video.name };

  // ── modules, each given exactly what it uses ──
  const auth = createAuthModule({
    db,
    cache,
    jwtSecret: config.jwtSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    refreshTokenTtlMs: config.refreshTokenTtlMs,
  }).service;
  const profiles = createProfileModule({ db, cache, auth }).service;
  const jobs = createJobsModule({ db, queue: jobQueue, events }).service;
  const media = createMediaModule({ bucket: env.BUCKET, secret: config.jwtSecret, ttlSeconds: config.mediaUrlTtlSeconds });
  const knowledge = createKnowledgeModule({
    db,
    d1: env.DB,
    bucket: env.BUCKET,
    embedder,
    vectors,
    jobs,
    maxUploadSize: config.maxUploadSize,
    limits: config.knowledgeLimits,
    webFetch: config.webFetch,
    lexicalEmbedder: embedder instanceof LexicalConceptEmbedder,
  });
  const avatars = createAvatarModule({ db, bucket: env.BUCKET, jobs, events, mediaUrls: media.urls, video, profiles, maxUploadSize: config.maxUploadSize });
  const videos = createVideoModule({
    db,
    bucket: env.BUCKET,
    jobs,
    events,
    rooms,
    mediaUrls: media.urls,
    provider: video,
    avatars: avatars.service,
    profiles,
    quotaPerDay: config.videoQuotaPerDay,
  });
  const audienceRepo = createAudienceRepository(db, env.DB);
  const guardrails = new GuardrailsStore(audienceRepo, cache);
  const memories = createMemoryModule({ db, knowledge: knowledge.service, llm }).service;
  const chatModule = createChatModule({
    db,
    d1: env.DB,
    llm,
    rooms,
    auth,
    profiles,
    knowledge: knowledge.search,
    guardrails: (id, epoch) => guardrails.get(id, epoch),
    memories,
  });
  const chat = chatModule.service;
  const audience = createAudienceModule({ repo: audienceRepo, d1: env.DB, chat, knowledge: knowledge.service, guardrails }).service;
  const container: Container = {
    config,
    ports,
    rateLimiter,
    auth,
    profiles,
    account: createAccountModule({ d1: env.DB, bucket: env.BUCKET, auth, profiles, contributors: [knowledge.accountData] }).service,
    jobs,
    knowledge: knowledge.search,
    knowledgeBase: knowledge.service,
    media: media.service,
    avatars: avatars.service,
    videos: videos.service,
    chat,
    audience,
    memories,
    sharing: createSharingModule({
      db,
      auth,
      chat,
      visitorMemory: chatModule.visitorMemory,
      profiles,
      videos: videos.service,
      avatarCard: (userId) => avatars.service.card(userId),
      audience,
    }).service,
    health: createHealthModule({
      environment: config.environment,
      ports,
      probes: {
        d1: () => env.DB.prepare("SELECT 1").first(),
        r2: () => env.BUCKET.head("health-probe"),
        queue: async () => {
          if (typeof env.JOBS?.send !== "function") throw new Error("JOBS queue binding missing");
        },
      },
    }).service,
    realtime: createRealtimeModule({ auth, events }).service,
    qstashReceiver:
      env.QSTASH_CURRENT_SIGNING_KEY && env.QSTASH_NEXT_SIGNING_KEY
        ? new Receiver({ currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY, nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY })
        : null,
    // The explicit job registry: a job kind no module lists here cannot run.
    jobDefinitions: [...knowledge.jobs, ...avatars.jobs, ...videos.jobs],
  };
  if (!replaced) built.set(key, container);
  return container;
}

/** Builds the container once per env and puts the routes' services on the context. */
export const servicesMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  // Every request after the first: the container is built, so the config was read and is sound.
  const ready = built.get(c.env);
  if (ready) {
    c.set("services", ready);
    return next();
  }
  const problems = readConfig(c.env).problems;
  if (problems.length) {
    // Health says why; every other request gets the 503 (in the error shape) from buildContainer.
    if (c.req.path === "/api/health") return c.json({ status: "misconfigured", environment: c.env.ENVIRONMENT ?? "development", problems }, 503);
  }
  c.set("services", buildContainer(c.env));
  await next();
});
