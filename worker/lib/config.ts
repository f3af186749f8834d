import { z } from "zod";
import type { Env } from "../env";

// A fixed development secret: good enough for a laptop, refused in production.
export const DEV_JWT_SECRET = "digital-self-local-development-secret-do-not-use-in-production";

const int = (def: number) => z.coerce.number().int().positive().catch(def);

const schema = z.object({
  ENVIRONMENT: z.string().catch("development"),
  CORS_ORIGINS: z.string().catch(""),
  RATE_LIMIT_PER_MINUTE: int(60),
  MAX_UPLOAD_SIZE: int(100 * 1024 * 1024),
  ACCESS_TOKEN_TTL_MINUTES: int(30),
  REFRESH_TOKEN_TTL_DAYS: int(30),
  GROQ_MODEL: z.string().trim().min(1).catch("openai/gpt-oss-120b"),
  GROQ_TIMEOUT_MS: int(30_000),
  GROQ_MAX_RETRIES: z.coerce.number().int().min(0).max(5).catch(2),
});

export interface AppConfig {
  environment: string;
  isProduction: boolean;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  maxUploadSize: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlMs: number;
  jwtSecret: string;
  /** True when JWT_SECRET was not configured and the development default is in use. */
  usingDevSecret: boolean;
  /** Groq / OpenAI-compatible LLM; absent key → the offline extractive responder. */
  llm: { apiKey: string | null; baseURL: string | null; model: string; timeoutMs: number; maxRetries: number };
}

export function readConfig(env: Env): AppConfig {
  const v = schema.parse({ ...env });
  const isProduction = v.ENVIRONMENT === "production";
  const secret = env.JWT_SECRET?.trim();
  if (!secret && isProduction) throw new Error("JWT_SECRET must be set in production");
  if (secret && secret.length < 32 && isProduction) throw new Error("JWT_SECRET must be at least 32 characters");
  return {
    environment: v.ENVIRONMENT,
    isProduction,
    corsOrigins: v.CORS_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE,
    maxUploadSize: v.MAX_UPLOAD_SIZE,
    accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_MINUTES * 60,
    refreshTokenTtlMs: v.REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000,
    jwtSecret: secret || DEV_JWT_SECRET,
    usingDevSecret: !secret,
    llm: {
      apiKey: env.GROQ_API_KEY?.trim() || null,
      baseURL: env.GROQ_BASE_URL?.trim() || null,
      model: v.GROQ_MODEL,
      timeoutMs: v.GROQ_TIMEOUT_MS,
      maxRetries: v.GROQ_MAX_RETRIES,
    },
  };
}
