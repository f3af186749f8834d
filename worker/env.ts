// Bindings and vars of the Worker (wrangler.toml + secrets in .dev.vars / `wrangler secret`).
// Only the composition root (middleware/services.ts) and the entry point read these.
export interface Env {
  DB: D1Database;
  BUCKET: R2Bucket;
  JOBS: Queue<JobMessage>;
  USER_HUB: DurableObjectNamespace<import("./realtime/user-hub").UserHub>;
  /** Local cache and rate-limit backends, used when Upstash is not configured. */
  CACHE_STORE: DurableObjectNamespace<import("./adapters/local-cache").CacheStore>;
  RATE_LIMITER: DurableObjectNamespace<import("./adapters/local-rate-limiter").RateLimitStore>;
  CONVERSATION_ROOM: DurableObjectNamespace<import("./realtime/conversation-room").ConversationRoom>;
  ASSETS?: Fetcher;
  // Cloud-only bindings (production): absent locally, so the local adapters are used.
  VECTORIZE?: VectorizeIndex;
  AI?: Ai;

  ENVIRONMENT?: string;
  CORS_ORIGINS?: string;
  RATE_LIMIT_PER_MINUTE?: string;
  AUTH_RATE_LIMIT_PER_MINUTE?: string;
  PUBLIC_RATE_LIMIT_PER_MINUTE?: string;
  CACHE_DISABLED?: string;
  MAX_UPLOAD_SIZE?: string;
  ACCESS_TOKEN_TTL_MINUTES?: string;
  REFRESH_TOKEN_TTL_DAYS?: string;
  VIDEO_QUOTA_PER_DAY?: string;
  MEDIA_URL_TTL_SECONDS?: string;
  MEDIA_RENDERER_URL?: string;

  JWT_SECRET?: string;
  GROQ_API_KEY?: string;
  GROQ_BASE_URL?: string;
  GROQ_MODEL?: string;
  GROQ_TIMEOUT_MS?: string;
  GROQ_MAX_RETRIES?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  NEWPORT_API_KEY?: string;
  NEWPORT_BASE_URL?: string;
  QSTASH_TOKEN?: string;
  QSTASH_CURRENT_SIGNING_KEY?: string;
  QSTASH_NEXT_SIGNING_KEY?: string;
  /** QStash API base (default https://qstash.upstash.io); set to a local server in tests. */
  QSTASH_URL?: string;
  /** This Worker's public origin, where QStash delivers jobs (`<origin>/internal/jobs/run`). */
  PUBLIC_BASE_URL?: string;
  // OpenAI-compatible embeddings (chosen over Workers AI when set).
  EMBEDDINGS_BASE_URL?: string;
  EMBEDDINGS_API_KEY?: string;
  EMBEDDINGS_MODEL?: string;
  EMBEDDINGS_DIMENSIONS?: string;
  /** Dimensions the Vectorize index was created with (default 768, bge-base). */
  VECTORIZE_DIMENSIONS?: string;
}

/** The body of every message on the JOBS queue: the job row holds the rest. */
export interface JobMessage {
  jobId: string;
}
