import { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { servicesMiddleware } from "./container";
import type { AppEnv } from "./http/app-env";
import { requestId } from "./http/request-id";
import { MemoRouter } from "./http/memo-router";
import { roundTripTrace } from "./http/round-trips";
import { onError, onNotFound } from "./http/errors";
import { apiCsp, docsCsp } from "./http/security-headers";
import { AppError } from "./shared/errors";
import { findIllFormed } from "./shared/well-formed";
import { authRoutes } from "./modules/auth";
import { profileRoutes } from "./modules/profile";
import { accountRoutes } from "./modules/account";
import { healthRoutes } from "./modules/health";
import { realtimeRoutes } from "./modules/realtime";
import { jobRoutes } from "./modules/jobs";
import { avatarRoutes } from "./modules/avatar";
import { videoRoutes } from "./modules/video";
import { mediaRoutes } from "./modules/media";
import { chatRoutes, conversationRoutes } from "./modules/chat";
import { shareRoutes, publicRoutes } from "./modules/sharing";
import { knowledgeRoutes } from "./modules/knowledge";
import { audienceRoutes } from "./modules/audience";
import { memoryRoutes } from "./modules/memory";

const JSON_BODY_LIMIT = 1024 * 1024;
const DEV_ORIGINS = [/^http:\/\/localhost(:\d+)?$/, /^http:\/\/127\.0\.0\.1(:\d+)?$/];

const jsonBodyLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.req.header("content-type")?.includes("application/json")) return next();
  return bodyLimit({
    maxSize: JSON_BODY_LIMIT,
    onError: () => {
      throw new AppError("payload_too_large", `JSON bodies are limited to ${JSON_BODY_LIMIT / 1024} KiB`);
    },
  })(c, next);
});

/**
 * The one check for lone surrogates in JSON bodies (every zod validator reads the same cached
 * parse afterwards). Bodies that do not parse are left to the validators' own 4xx.
 */
const wellFormedJson = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.req.header("content-type")?.includes("application/json")) return next();
  const body = await c.req.json().catch(() => undefined);
  const path = findIllFormed(body);
  if (path) throw new AppError("validation_failed", `${path}: text contains an unpaired UTF-16 surrogate (invalid Unicode)`);
  return next();
});

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ strict: false, router: new MemoRouter() });
  app.use("*", requestId);
  // nosniff, X-Frame-Options and the rest on every Worker response; CSP in apiCsp/docsCsp.
  app.use("*", secureHeaders({ crossOriginResourcePolicy: "same-origin", crossOriginEmbedderPolicy: false, xFrameOptions: "DENY" }));
  app.use("/api/*", apiCsp);
  app.use("/api/*", servicesMiddleware);
  app.use("/api/*", roundTripTrace);
  app.use("/internal/*", servicesMiddleware);
  app.use(
    "/api/*",
    cors({
      // Same-origin needs no CORS; configured origins (and localhost in development) may call the API.
      origin: (origin, c) => {
        const { config } = c.get("services");
        if (config.corsOrigins.includes(origin)) return origin;
        if (!config.isProduction && DEV_ORIGINS.some((r) => r.test(origin))) return origin;
        return null;
      },
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "Range", "X-Visitor-Token"],
      exposeHeaders: [
        "X-Request-Id",
        "Content-Range",
        "Accept-Ranges",
        "Retry-After",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
      ],
      maxAge: 600,
    }),
  );
  app.use("/api/*", jsonBodyLimit);
  app.use("/api/*", wellFormedJson);
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", { type: "http", scheme: "bearer", bearerFormat: "JWT" });
  // Swagger UI's "Authorize" signs in with the OAuth2 password form at /api/auth/login.
  app.openAPIRegistry.registerComponent("securitySchemes", "OAuth2", { type: "oauth2", flows: { password: { tokenUrl: "/api/auth/login", scopes: {} } } });

  const routes = app
    .route("/api/auth", authRoutes)
    .route("/api/users", profileRoutes)
    .route("/api/users", accountRoutes)
    .route("/api/health", healthRoutes)
    .route("/api/realtime", realtimeRoutes)
    .route("/api/jobs", jobRoutes)
    .route("/api/avatars", avatarRoutes)
    .route("/api/chat", videoRoutes)
    .route("/api/media", mediaRoutes)
    .route("/api/conversations", conversationRoutes)
    .route("/api/chat", chatRoutes)
    .route("/api/shares", shareRoutes)
    .route("/api/public", publicRoutes)
    .route("/api/audience", audienceRoutes)

    .route("/api/knowledge", knowledgeRoutes)
    .route("/api/memories", memoryRoutes);
  // The seed's health path: a monitor must get the API's real status, never the SPA's 200 HTML
  // (wrangler.toml's run_worker_first routes it here). Re-dispatched so it is exactly /api/health.
  app.get("/health", (c) => app.fetch(new Request(new URL("/api/health", c.req.url), c.req.raw), c.env, c.executionCtx));
  // Machine-to-machine (QStash push): /internal/jobs is mounted by worker/index.ts (queue-consumers/),
  // outside /api so it is not part of the client's typed API.

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Digital Self API", version: "0.1.0", description: "Build an AI clone of yourself and let people chat with it." },
  });
  // Swagger UI's CSS/JS come from the app's own assets (web/vite.config.ts copies swagger-ui-dist
  // to /vendor/swagger-ui-dist/), not a CDN: the page works offline and behind locked-down networks.
  app.get("/api/docs", docsCsp, swaggerUI({ url: "/api/openapi.json", baseUrl: "/vendor" }));
  app.notFound(onNotFound);
  app.onError(onError);
  return routes;
}

export type AppType = ReturnType<typeof createApp>;
