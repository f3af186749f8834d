import { checkVectors, embedderId, type Embedder } from "./port";

export const WORKERS_AI_EMBEDDING_MODEL = "@cf/baai/bge-base-en-v1.5";
const BATCH = 100; // Workers AI's limit of texts per embedding request

/** Production embedder: BGE base (768 dims) on Workers AI through the AI binding. */
export class WorkersAiEmbedder implements Embedder {
  readonly dims = 768;
  readonly id = embedderId("workers-ai:bge-base-en-v1.5", 768);
  readonly adapter = `workers-ai ${WORKERS_AI_EMBEDDING_MODEL}`;

  constructor(private readonly ai: Ai) {}

  async embed(texts: string[], _purpose?: "document" | "query"): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH);
      const res = (await this.ai.run(WORKERS_AI_EMBEDDING_MODEL as any, { text: batch } as any)) as { data?: number[][] };
      out.push(...checkVectors(res.data ?? [], batch.length, this.dims, "Workers AI"));
    }
    return out;
  }
}
