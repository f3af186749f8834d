import { describe, it, expect } from "vitest";
import { env } from "cloudflare:test";
import { LexicalHashEmbedder } from "../../worker/platform/embedder/lexical-hash";
import { OpenAiEmbedder } from "../../worker/platform/embedder/openai";
import { WorkersAiEmbedder, WORKERS_AI_EMBEDDING_MODEL } from "../../worker/platform/embedder/workers-ai";

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

async function received(path: string) {
  const all = await (await fetch(`${env.TEST_MOCK_API_URL}/__requests`)).json<any[]>();
  return all.filter((r) => r.path === path);
}

describe("lexical-hash embedder (offline default)", () => {
  const e = new LexicalHashEmbedder();

  it("is deterministic, unit length, and names its dimensions in its id", async () => {
    const [a, b] = await e.embed(["I love climbing in the Alps", "I love climbing in the Alps"], "document");
    expect(e.id).toBe("lexical-hash-v1@512");
    expect(a).toHaveLength(512);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(norm(a!)).toBeCloseTo(1, 5);
    const [empty] = await e.embed(["the of and"], "query");
    expect(norm(empty!)).toBe(0);
  });

  it("matches shared stems and scores unrelated text near zero (lexical, not semantic)", async () => {
    const [q, same, unrelated, synonym] = await e.embed(
      ["Where do you go climbing?", "I climbed at Fontainebleau every weekend.", "My tax return was filed late.", "I scale rock faces."],
      "document",
    );
    expect(dot(q!, same!)).toBeGreaterThan(0.2);
    expect(Math.abs(dot(q!, unrelated!))).toBeLessThan(0.1);
    // Honest limitation: a synonym without shared words is not found by this embedder.
    expect(dot(q!, synonym!)).toBeLessThan(dot(q!, same!));
  });
});

describe("OpenAI-compatible embedder (wire format, against a local HTTP server)", () => {
  const make = (model: string, dims: number, apiKey = "test-embeddings-key") =>
    new OpenAiEmbedder({ baseUrl: `${env.TEST_MOCK_API_URL}/v1/`, apiKey, model, dims });

  it("POSTs model, input[] and encoding_format with the bearer key; orders results by index", async () => {
    const e = make("mock-16", 16);
    expect(e.id).toBe("openai:mock-16@16");
    const texts = ["alpha beta", "gamma", "delta epsilon zeta"];
    const batch = await e.embed(texts, "document");
    expect(batch).toHaveLength(3);
    for (const v of batch) expect(norm(v)).toBeCloseTo(1, 5);
    // The server answers in reverse order; each vector must still belong to its own text.
    for (const [i, t] of texts.entries()) expect(Array.from(batch[i]!)).toEqual(Array.from((await e.embed([t], "query"))[0]!));
    const req = (await received("/v1/embeddings")).find((r) => JSON.parse(r.body).input.length === 3)!;
    expect(req.headers.authorization).toBe("Bearer test-embeddings-key");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ model: "mock-16", input: texts, encoding_format: "float" });
  });

  it("refuses vectors of another dimension than configured, and surfaces HTTP errors", async () => {
    await expect(make("mock-16", 32).embed(["x"], "query")).rejects.toThrow(/16 dimensions, configured for 32/);
    await expect(make("always-fails", 8).embed(["x"], "query")).rejects.toThrow(/answered 500/);
    await expect(make("mock-8", 8, "wrong-key").embed(["x"], "query")).rejects.toThrow(/answered 401/);
  });
});

describe("Workers AI embedder (binding contract)", () => {
  // No Workers AI offline: this checks the request we make and the checks we apply to the answer.
  it("asks the BGE model for batches of ≤100 texts and checks the 768 dimensions", async () => {
    const calls: { model: string; input: { text: string[] } }[] = [];
    const ai = {
      async run(model: string, input: { text: string[] }) {
        calls.push({ model, input });
        return { shape: [input.text.length, 768], data: input.text.map((_, i) => Array.from({ length: 768 }, (_, j) => (j === i % 768 ? 2 : 0))) };
      },
    } as unknown as Ai;
    const e = new WorkersAiEmbedder(ai);
    expect(e.id).toBe("workers-ai:bge-base-en-v1.5@768");
    const out = await e.embed(
      Array.from({ length: 150 }, (_, i) => `t${i}`),
      "document",
    );
    expect(calls.map((c) => [c.model, c.input.text.length])).toEqual([
      [WORKERS_AI_EMBEDDING_MODEL, 100],
      [WORKERS_AI_EMBEDDING_MODEL, 50],
    ]);
    expect(out).toHaveLength(150);
    expect(out[0]![0]).toBe(1); // normalised
    const bad = new WorkersAiEmbedder({ run: async () => ({ data: [[1, 2, 3]] }) } as unknown as Ai);
    await expect(bad.embed(["x"], "query")).rejects.toThrow(/3 dimensions/);
  });
});
