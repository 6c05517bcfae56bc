/** Client of an OpenAI-compatible `/v1/embeddings` endpoint (vLLM in pooling mode). */
import { jsonRequest, type HttpOptions } from "./http";

export interface EmbeddingsClientOptions {
  /** Base URL ending in /v1. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Ask the server to truncate longer inputs (vLLM's `truncate_prompt_tokens`) instead of rejecting them. */
  maxTokens?: number;
  http: HttpOptions;
}

interface EmbeddingsResponse {
  data: { index: number; embedding: number[] }[];
}

export class EmbeddingsClient {
  constructor(private readonly o: EmbeddingsClientOptions) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const res = await jsonRequest<EmbeddingsResponse>(
      "POST",
      `${this.o.baseUrl}/embeddings`,
      { model: this.o.model, input: texts, encoding_format: "float", ...(this.o.maxTokens ? { truncate_prompt_tokens: this.o.maxTokens } : {}) },
      this.o.http,
      this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {},
    );
    if (!Array.isArray(res?.data) || res.data.length !== texts.length) throw new Error(`embeddings: asked for ${texts.length}, got ${res?.data?.length ?? "no"} vectors`);
    return [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  }
}
