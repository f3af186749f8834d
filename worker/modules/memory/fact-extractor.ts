import { z } from "zod";
import { extractFirstPersonFacts } from "../../shared/first-person-facts";
import type { StructuredRequest } from "../../platform/llm/port";

/** Finds the facts about themselves the owner states in a message. */
export interface FactExtractor {
  readonly origin: "rules" | "llm";
  extract(text: string): Promise<string[]>;
}

/** Offline: the first-person rules of shared/first-person-facts.ts (precision/recall in `npm run bench memory`). */
export class RuleFactExtractor implements FactExtractor {
  readonly origin = "rules" as const;
  async extract(text: string): Promise<string[]> {
    return extractFirstPersonFacts(text);
  }
}

const MAX_FACTS = 5;
const FACT_CHARS = 300;
// Only messages that could state something about the speaker cost a model call (the free tier is ~30 calls a minute).
const MAY_STATE_A_FACT = /\b(?:i|i'm|i’m|i've|i’ve|my|mine|me|we|our|remember|note)\b/i;

const factsSchema = z.object({ facts: z.array(z.string()) });
const FACTS_JSON_SCHEMA = {
  type: "object",
  properties: { facts: { type: "array", items: { type: "string" } } },
  required: ["facts"],
  additionalProperties: false,
};
const SYSTEM = [
  "You extract durable facts a person states about themselves in a chat message, to be saved as their memories.",
  'Return {"facts": [...]}: each fact one short sentence in the first person, as the person would say it ("I moved to Lisbon in November 2026.").',
  "Include only facts about the speaker (their life, work, family, preferences, plans) stated as true, or anything they explicitly ask you to remember.",
  "Leave out questions, requests, opinions about other people, hypotheticals, wishes and small talk. Return an empty list when there is nothing.",
].join("\n");

/**
 * With a language model: structured output (a JSON Schema'd list of facts). A model failure or a
 * malformed answer falls back to the offline rules, so a proposal is never lost to an outage.
 */
export class LlmFactExtractor implements FactExtractor {
  readonly origin = "llm" as const;
  constructor(
    private readonly structured: (req: StructuredRequest) => Promise<unknown>,
    private readonly fallback: FactExtractor = new RuleFactExtractor(),
  ) {}

  async extract(text: string): Promise<string[]> {
    if (!MAY_STATE_A_FACT.test(text)) return [];
    try {
      const raw = await this.structured({ system: SYSTEM, user: text, name: "facts", schema: FACTS_JSON_SCHEMA });
      const { facts } = factsSchema.parse(raw);
      return [
        ...new Set(
          facts
            .map((f) => f.replace(/\s+/g, " ").trim())
            .filter(Boolean)
            .map((f) => f.slice(0, FACT_CHARS)),
        ),
      ].slice(0, MAX_FACTS);
    } catch (err) {
      console.warn(JSON.stringify({ level: "warn", message: "memory extraction by the model failed, using the offline rules", error: String(err) }));
      return this.fallback.extract(text);
    }
  }
}
