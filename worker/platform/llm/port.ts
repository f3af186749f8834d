import { DECLINED_MARKER, UNANSWERED_MARKER, type AnswerStatus, type PersonaPrompt } from "../../shared/persona";

/**
 * One piece of a streamed reply: text deltas, then exactly one `final` with the whole text and
 * the responder's structured status (could not answer / declined; absent means answered).
 */
export type LlmChunk = { type: "delta"; text: string } | { type: "final"; text: string; model: string; status?: AnswerStatus };

const MARKERS = [UNANSWERED_MARKER, DECLINED_MARKER];

/**
 * Takes the status markers a language model appends out of its streamed text: deltas are held
 * back while they could still be the start of a marker, so no reader ever sees "[[unans…".
 */
export class MarkerFilter {
  private pending = "";
  private full = "";

  /** The part of the text so far that is safe to show. */
  push(delta: string): string {
    this.full += delta;
    this.pending += delta;
    for (const m of MARKERS) this.pending = this.pending.split(m).join("");
    const open = this.pending.lastIndexOf("[[");
    const tail = open >= 0 ? this.pending.slice(open) : this.pending.endsWith("[") ? "[" : "";
    const couldBeMarker = tail && MARKERS.some((m) => m.startsWith(tail));
    const out = couldBeMarker ? this.pending.slice(0, this.pending.length - tail.length) : this.pending;
    this.pending = couldBeMarker ? tail : "";
    return out;
  }

  /** What was held back at the end (not a marker after all) and the status the markers said. */
  finish(): { rest: string; text: string; status: AnswerStatus } {
    const status: AnswerStatus = this.full.includes(DECLINED_MARKER) ? "declined" : this.full.includes(UNANSWERED_MARKER) ? "unanswered" : "answered";
    const rest = this.pending;
    this.pending = "";
    let text = this.full;
    for (const m of MARKERS) text = text.split(m).join("");
    return { rest, text: text.trim(), status };
  }
}

/** A request for one JSON object matching a JSON Schema (structured output). */
export interface StructuredRequest {
  system: string;
  user: string;
  /** The schema's name, as OpenAI-style `json_schema` response formats want one. */
  name: string;
  schema: Record<string, unknown>;
}

export interface LlmPort {
  /** Reported by /api/health (`ports.llm`). */
  readonly adapter: string;
  readonly mode: "cloud" | "local";
  /**
   * Streams the reply to a persona prompt. Failures surface as `LlmError` (thrown by the
   * iterator), before or during the stream; callers must not persist a partial reply.
   */
  stream(prompt: PersonaPrompt, signal?: AbortSignal): AsyncIterable<LlmChunk>;
  /**
   * One JSON object matching `req.schema` (the caller validates it again), where the adapter is a
   * real model; the offline responder has none. Failures are `LlmError`s.
   */
  structured?(req: StructuredRequest, signal?: AbortSignal): Promise<unknown>;
}

export type LlmErrorKind = "rate_limited" | "timeout" | "unavailable" | "bad_response" | "auth";

/** A provider failure, with a message fit to show the user. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Collects a stream into its final text (the non-streaming JSON route uses this). */
export async function complete(llm: LlmPort, prompt: PersonaPrompt, onDelta?: (text: string) => void): Promise<{ text: string; model: string }> {
  let text = "";
  for await (const chunk of llm.stream(prompt)) {
    if (chunk.type === "delta") {
      text += chunk.text;
      onDelta?.(chunk.text);
    } else return { text: chunk.text, model: chunk.model };
  }
  if (!text) throw new LlmError("bad_response", "The model ended without a reply");
  throw new LlmError("bad_response", "The model stream ended without a final message");
}
