import { z } from "zod";
import type { Env } from "./env";

const int = (def: number) => z.coerce.number().int().positive().catch(def);

const schema = z.object({
  ENVIRONMENT: z.string().catch("development"),
  CORS_ORIGINS: z.string().catch(""),
  RATE_LIMIT_PER_MINUTE: int(60),
  AUTH_RATE_LIMIT_PER_MINUTE: int(10),
  PUBLIC_RATE_LIMIT_PER_MINUTE: int(20),
  CACHE_DISABLED: z.string().optional().catch(undefined),
  TRACE_ROUND_TRIPS: z.string().optional().catch(undefined),
  TRUST_CF_CONNECTING_IP: z.string().optional().catch(undefined),
  MAX_UPLOAD_SIZE: int(100 * 1024 * 1024),
  ACCESS_TOKEN_TTL_MINUTES: int(30),
  REFRESH_TOKEN_TTL_DAYS: int(30),
  VIDEO_QUOTA_PER_DAY: int(20),
  MEDIA_URL_TTL_SECONDS: int(3600),
  MEDIA_RENDERER_URL: z.string().url().catch("http://127.0.0.1:8788"),
  KNOWLEDGE_MAX_CHARS: int(2_000_000),
  KNOWLEDGE_MAX_PAGES: int(1000),
  KNOWLEDGE_MAX_CHUNKS: int(5000),
  KNOWLEDGE_MAX_USER_CHARS: int(20_000_000),
  KNOWLEDGE_MAX_PDF_INFLATED_MB: int(32),
  KNOWLEDGE_FETCH_ALLOW_LOOPBACK: z.string().optional().catch(undefined),
  KNOWLEDGE_FETCH_MAX_MB: int(5),
  KNOWLEDGE_FETCH_TIMEOUT_MS: int(15_000),
  UPSTASH_TIMEOUT_MS: int(1000),
  GROQ_MODEL: z.string().trim().min(1).catch("openai/gpt-oss-120b"),
  GROQ_TIMEOUT_MS: int(30_000),
  GROQ_MAX_RETRIES: z.coerce.number().int().min(0).max(5).catch(2),
});

export interface AppConfig {
  environment: string;
  isProduction: boolean;
  corsOrigins: string[];
  /** Requests per minute per signed-in user on /api routes (and per IP on token refresh). */
  rateLimitPerMinute: number;
  /** Login/register attempts per minute per IP: low, to slow credential stuffing. */
  authRateLimitPerMinute: number;
  /** Per-IP limit on share-link (visitor) routes: stricter than signed-in users'. */
  publicRateLimitPerMinute: number;
  /**
   * Whether CF-Connecting-IP names the caller: true only behind Cloudflare's edge (production by
   * default; TRUST_CF_CONNECTING_IP=true|false overrides), which overwrites any client-sent value.
   * Locally wrangler only fills it in when the client did not send one, so it proves nothing.
   */
  trustClientIpHeader: boolean;
  /** CACHE_DISABLED=true turns the cache off (for measuring it); reads then always hit D1. */
  cacheEnabled: boolean;
  /** TRACE_ROUND_TRIPS=1 (never in production): count each request's D1 / Durable Object / Upstash round trips into Server-Timing. */
  traceRoundTrips: boolean;
  maxUploadSize: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlMs: number;
  /** Reply videos a user may request per rolling 24 hours. */
  videoQuotaPerDay: number;
  /** Lifetime of signed /api/media URLs. */
  mediaUrlTtlSeconds: number;
  /** The local media renderer (local-services/media-renderer), used when NEWPORT_API_KEY is unset. */
  mediaRendererUrl: string;
  /**
   * Bounds on one document's extracted text (characters, PDF pages, chunks) and on a user's stored
   * total; checked while extracting, so a decompression bomb stops early instead of filling D1.
   */
  knowledgeLimits: { maxChars: number; maxPages: number; maxChunks: number; maxUserChars: number; maxInflatedBytes: number };
  /**
   * Web pages added to knowledge: body and time limits, and whether loopback hosts may be fetched
   * (KNOWLEDGE_FETCH_ALLOW_LOOPBACK=true, for a local page server in development and tests;
   * never in production, whatever the setting says).
   */
  webFetch: { allowLoopback: boolean; maxBytes: number; timeoutMs: number; maxRedirects: number };
  /** Signs tokens; media URLs use a key derived from it. There is no built-in default anywhere. */
  jwtSecret: string;
  /** Why this deployment must refuse requests (e.g. JWT_SECRET unset); empty when it can serve. */
  problems: string[];
  /** Per-call budget for Upstash Redis before the cache falls back to D1 and the limiter allows. */
  upstashTimeoutMs: number;
  /** Groq / OpenAI-compatible LLM; absent key → the offline extractive responder. */
  llm: { apiKey: string | null; baseURL: string | null; model: string; timeoutMs: number; maxRetries: number };
}

export function readConfig(env: Env): AppConfig {
  const v = schema.parse({ ...env });
  const isProduction = v.ENVIRONMENT === "production";
  const secret = env.JWT_SECRET?.trim() ?? "";
  // Every environment needs its own secret (`npm start` writes a random one into .dev.vars):
  // a missing one is reported (health, 503) instead of falling back to anything guessable.
  const problems: string[] = [];
  if (!secret)
    problems.push("JWT_SECRET is not set: set it as a secret (wrangler secret put JWT_SECRET) or run `npm start`, which generates one into .dev.vars");
  else if (secret.length < 32) problems.push("JWT_SECRET must be at least 32 characters");
  return {
    environment: v.ENVIRONMENT,
    isProduction,
    corsOrigins: v.CORS_ORIGINS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    authRateLimitPerMinute: v.AUTH_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: v.PUBLIC_RATE_LIMIT_PER_MINUTE,
    // Unset or empty (as in .dev.vars.example): trusted exactly in production.
    trustClientIpHeader: v.TRUST_CF_CONNECTING_IP?.trim() ? /^(1|true|yes)$/i.test(v.TRUST_CF_CONNECTING_IP.trim()) : isProduction,
    cacheEnabled: !/^(1|true|yes)$/i.test(v.CACHE_DISABLED ?? ""),
    traceRoundTrips: !isProduction && /^(1|true|yes)$/i.test(v.TRACE_ROUND_TRIPS ?? ""),
    maxUploadSize: v.MAX_UPLOAD_SIZE,
    accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_MINUTES * 60,
    refreshTokenTtlMs: v.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000,
    videoQuotaPerDay: v.VIDEO_QUOTA_PER_DAY,
    mediaUrlTtlSeconds: v.MEDIA_URL_TTL_SECONDS,
    mediaRendererUrl: v.MEDIA_RENDERER_URL.replace(/\/+$/, ""),
    knowledgeLimits: {
      maxChars: v.KNOWLEDGE_MAX_CHARS,
      maxPages: v.KNOWLEDGE_MAX_PAGES,
      maxChunks: v.KNOWLEDGE_MAX_CHUNKS,
      maxUserChars: v.KNOWLEDGE_MAX_USER_CHARS,
      maxInflatedBytes: v.KNOWLEDGE_MAX_PDF_INFLATED_MB * 1024 * 1024,
    },
    webFetch: {
      allowLoopback: !isProduction && /^(1|true|yes)$/i.test(v.KNOWLEDGE_FETCH_ALLOW_LOOPBACK?.trim() ?? ""),
      maxBytes: v.KNOWLEDGE_FETCH_MAX_MB * 1024 * 1024,
      timeoutMs: v.KNOWLEDGE_FETCH_TIMEOUT_MS,
      maxRedirects: 5,
    },
    upstashTimeoutMs: v.UPSTASH_TIMEOUT_MS,
    jwtSecret: secret,
    problems,
    llm: {
      apiKey: env.GROQ_API_KEY?.trim() || null,
      baseURL: env.GROQ_BASE_URL?.trim() || null,
      model: v.GROQ_MODEL,
      timeoutMs: v.GROQ_TIMEOUT_MS,
      maxRetries: v.GROQ_MAX_RETRIES,
    },
  };
}
