import Groq, { APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } from "groq-sdk";
import { LlmError, MarkerFilter, type LlmChunk, type LlmPort, type StructuredRequest } from "./port";
import type { PersonaPrompt } from "../../shared/persona";

export interface GroqOptions {
  apiKey: string;
  model: string;
  /**
   * OpenAI-style base URL ending where `/chat/completions` is appended, e.g.
   * `https://api.groq.com/openai/v1`, `http://localhost:11434/v1` (Ollama) or a llama.cpp server.
   * Unset: Groq's own endpoint.
   */
  baseURL?: string;
  /** Per attempt, until the response headers arrive (groq-sdk `timeout`). */
  timeoutMs: number;
  /** Retries on 408/409/429/5xx and connection errors, with exponential backoff honouring Retry-After (groq-sdk). */
  maxRetries: number;
  fetch?: typeof fetch;
  /** "local" for a self-hosted server reached without a key. */
  mode?: "cloud" | "local";
}

// groq-sdk always requests `<baseURL>/openai/v1/chat/completions`; this rewrites that path so
// the same client talks to any OpenAI-compatible server given in the OpenAI convention.
const GROQ_PREFIX = "/openai/v1/";

/** Cloud LLM: Groq (or any OpenAI-compatible server) through groq-sdk, streamed. */
export class GroqLlm implements LlmPort {
  readonly mode: "cloud" | "local";
  readonly adapter: string;
  private readonly client: Groq;

  constructor(private readonly opts: GroqOptions) {
    const base = opts.baseURL?.replace(/\/+$/, "");
    const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
    this.mode = opts.mode ?? "cloud";
    this.adapter = this.mode === "cloud" ? `groq:${opts.model}` : `openai-compatible:${opts.model}`;
    this.client = new Groq({
      apiKey: opts.apiKey,
      baseURL: base,
      timeout: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      fetch: base
        ? (input: RequestInfo | URL, init?: RequestInit) =>
            doFetch(String(input instanceof Request ? input.url : input).replace(`${base}${GROQ_PREFIX}`, `${base}/`), init)
        : doFetch,
    });
  }

  async *stream(prompt: PersonaPrompt, signal?: AbortSignal): AsyncIterable<LlmChunk> {
    let model = this.opts.model;
    const markers = new MarkerFilter();
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.opts.model,
          stream: true,
          messages: [{ role: "system", content: prompt.system }, ...prompt.messages],
        },
        { signal },
      );
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          const shown = markers.push(delta);
          if (shown) yield { type: "delta", text: shown };
        }
      }
    } catch (err) {
      throw toLlmError(err);
    }
    const end = markers.finish();
    if (end.rest) yield { type: "delta", text: end.rest };
    if (!end.text) throw new LlmError("bad_response", "The language model returned an empty reply");
    yield { type: "final", text: end.text, model, status: end.status };
  }

  /** Structured output: OpenAI-style `response_format: json_schema`, not streamed, temperature 0. */
  async structured(req: StructuredRequest, signal?: AbortSignal): Promise<unknown> {
    let content: string;
    try {
      const res = await this.client.chat.completions.create(
        {
          model: this.opts.model,
          stream: false,
          temperature: 0,
          messages: [
            { role: "system", content: req.system },
            { role: "user", content: req.user },
          ],
          response_format: { type: "json_schema", json_schema: { name: req.name, schema: req.schema } },
        },
        { signal },
      );
      content = res.choices[0]?.message?.content ?? "";
    } catch (err) {
      throw toLlmError(err);
    }
    try {
      return JSON.parse(content);
    } catch {
      throw new LlmError("bad_response", "The language model did not return JSON");
    }
  }
}

function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof RateLimitError) return new LlmError("rate_limited", "The language model is rate-limiting us; please try again in a minute", 429);
  if (err instanceof APIConnectionTimeoutError) return new LlmError("timeout", "The language model did not answer in time");
  if (err instanceof APIUserAbortError) return new LlmError("timeout", "The reply was cancelled");
  if (err instanceof APIError) {
    const status = err.status;
    if (status === 401 || status === 403) return new LlmError("auth", "The language model rejected our credentials", status);
    if (status === undefined || status >= 500) return new LlmError("unavailable", "The language model is unavailable right now", status);
    return new LlmError("bad_response", `The language model refused the request (${status})`, status);
  }
  return new LlmError("unavailable", `The language model failed: ${(err as Error)?.message ?? String(err)}`);
}
