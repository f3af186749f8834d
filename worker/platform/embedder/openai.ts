import { checkVectors, embedderId, type Embedder } from "./port";

export interface OpenAiEmbedderOptions {
  /** e.g. https://api.openai.com/v1 (the adapter appends /embeddings). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  dims: number;
  /** Send `dimensions` in the request (only for models that support shortening, e.g. text-embedding-3-*). */
  sendDimensions?: boolean;
  fetch?: typeof fetch;
}

const BATCH = 96;

/** Any OpenAI-compatible `/v1/embeddings` server (OpenAI, Ollama, LM Studio, vLLM, TEI…). */
export class OpenAiEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  readonly adapter: string;

  constructor(private readonly opts: OpenAiEmbedderOptions) {
    this.dims = opts.dims;
    this.id = embedderId(`openai:${opts.model}`, opts.dims);
    this.adapter = `openai-compatible ${opts.model}`;
  }

  async embed(texts: string[], _purpose?: "document" | "query"): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) out.push(...(await this.request(texts.slice(i, i + BATCH))));
    return out;
  }

  private async request(input: string[]): Promise<Float32Array[]> {
    const { baseUrl, apiKey, model, dims, sendDimensions } = this.opts;
    const res = await (this.opts.fetch ?? fetch)(`${baseUrl.replace(/\/+$/, "")}/embeddings`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, input, encoding_format: "float", ...(sendDimensions ? { dimensions: dims } : {}) }),
    });
    if (!res.ok) throw new Error(`Embeddings endpoint answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { data?: { index: number; embedding: number[] }[] };
    // The spec returns one item per input with its index; order by it rather than trusting array order.
    const data = [...(body.data ?? [])].sort((a, b) => a.index - b.index);
    return checkVectors(
      data.map((d) => d.embedding),
      input.length,
      dims,
      "Embeddings endpoint",
    );
  }
}
