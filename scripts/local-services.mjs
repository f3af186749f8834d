// Local stand-ins started by `npm start` beside wrangler dev. Each entry returns a child
// process, or null (with a printed reason) when it cannot run on this machine.
// Capabilities add their service here (e.g. the media renderer).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { missingTools, TOOLS } from "../local-services/media-renderer/tools.mjs";

/** The Worker's local settings (.dev.vars) override the shell's, as wrangler dev does. */
function devVars() {
  if (!existsSync(".dev.vars")) return {};
  return Object.fromEntries(
    readFileSync(".dev.vars", "utf8")
      .split("\n")
      .map((l) => /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(l))
      .filter((m) => m && m[2] !== "")
      .map((m) => [m[1], m[2]]),
  );
}

const DEFAULT_RENDERER_URL = "http://127.0.0.1:8788";

export const localServices = [
  {
    // Talking-avatar videos without NEWPORT_API_KEY: ffmpeg + espeak-ng behind HTTP.
    name: "media-renderer",
    start(shellEnv) {
      const env = { ...shellEnv, ...devVars() };
      if (env.NEWPORT_API_KEY) {
        console.log("ℹ media-renderer: NEWPORT_API_KEY is set, videos use Newport AI; not starting the local renderer");
        return null;
      }
      const url = new URL(env.MEDIA_RENDERER_URL || DEFAULT_RENDERER_URL);
      const { missing, hint } = missingTools();
      if (missing.length) {
        console.warn(`\n⚠ media-renderer not started — ${hint}`);
        console.warn("  Avatar training and reply videos will report that the renderer is unavailable; chat works.\n");
        return null;
      }
      console.log(`▶ media-renderer on ${url.origin} (ffmpeg: ${TOOLS.ffmpeg}; speech: ${TOOLS.speechEngine})`);
      return spawn(process.execPath, ["local-services/media-renderer/server.mjs"], { stdio: "inherit", env: { ...env, PORT: url.port || "80" } });
    },
  },
  {
    // redis-server behind the Upstash-REST endpoint, when .dev.vars points the Worker at it
    // (UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079). Without that the cache and rate limits
    // use the Durable Object backends and nothing needs to run.
    name: "upstash-rest",
    start(env) {
      const vars = devVars();
      const m = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)\/?$/.exec(vars.UPSTASH_REDIS_REST_URL ?? "");
      if (!m) return null;
      return spawn(process.execPath, ["local-services/upstash-rest/cli.mjs"], {
        stdio: "inherit",
        env: { ...env, PORT: m[2], UPSTASH_REDIS_REST_TOKEN: vars.UPSTASH_REDIS_REST_TOKEN ?? "" },
      });
    },
  },
  {
    // The transformers.js embeddings service (OpenAI /v1/embeddings), when .dev.vars points the
    // Worker's OpenAI-compatible embedder at it: EMBEDDINGS_BASE_URL=http://127.0.0.1:8789/v1.
    // EMBEDDINGS_MODEL_DIR (.dev.vars or shell) names the local model files; without it the model
    // comes from the Hugging Face hub. Otherwise nothing runs and the Worker embeds as configured.
    name: "embeddings",
    start(shellEnv) {
      const vars = devVars();
      const m = /^http:\/\/(127\.0\.0\.1|localhost):(\d+)\/v1\/?$/.exec(vars.EMBEDDINGS_BASE_URL ?? "");
      if (!m) {
        const why = vars.EMBEDDINGS_BASE_URL ? `EMBEDDINGS_BASE_URL is ${vars.EMBEDDINGS_BASE_URL}` : "EMBEDDINGS_BASE_URL is not set in .dev.vars";
        console.log(`ℹ embeddings: ${why}; not starting the local transformers.js service`);
        return null;
      }
      const env = { ...shellEnv, ...vars };
      if (!env.EMBEDDINGS_DIMENSIONS)
        console.warn("⚠ embeddings: set EMBEDDINGS_DIMENSIONS in .dev.vars to the model's output size (the service's /health reports it)");
      const from = env.EMBEDDINGS_MODEL_DIR ? `files in ${env.EMBEDDINGS_MODEL_DIR}` : "the Hugging Face hub (no EMBEDDINGS_MODEL_DIR)";
      console.log(`▶ embeddings service on :${m[2]} (transformers.js, model ${env.EMBEDDINGS_MODEL || "Xenova/all-MiniLM-L6-v2"} from ${from})`);
      return spawn(process.execPath, ["local-services/embeddings/cli.mjs"], { stdio: "inherit", env: { ...env, PORT: m[2] } });
    },
  },
];
