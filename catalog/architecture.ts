/** The shape of a model that serving memory depends on; shared by the catalog, configJson.ts and sizing.ts. */

export type ModelTask = "chat" | "embedding";
export type Dtype = "float32" | "float16" | "bfloat16";
/** Quantizations vLLM loads (`--quantization`), as the catalog's variants and `models[].quantization` name them. */
export type Quantization = "awq" | "gptq" | "fp8" | "mxfp4";

/** What the memory estimate needs to know about a transformer. */
export interface ModelArchitecture {
  /** Parameter count, in billions: every weight, all experts of a mixture-of-experts included. */
  readonly parametersB: number;
  /** Mixture-of-experts: parameters one token uses (compute), in billions. Memory still holds all of them. */
  readonly activeParametersB?: number;
  /** Mixture-of-experts: parameters of the experts alone, in billions (what MXFP4 quantizes). */
  readonly expertParametersB?: number;
  /**
   * Parameters outside the decoder layers' linear projections, in billions: token embeddings, an untied output
   * head, a vision tower. Quantized checkpoints (AWQ, GPTQ, FP8) keep them in 16 bits. Unknown (hand-entered
   * architectures): every weight is counted at the quantized width.
   */
  readonly unquantizedParametersB?: number;
  readonly layers: number;
  /** Key/value heads (grouped-query and multi-query attention have fewer than attention heads). */
  readonly kvHeads: number;
  readonly headDim: number;
  /** Longest context the model was trained for (max_position_embeddings). */
  readonly maxContextLength: number;
  /** Decoder models keep a KV cache per token; encoders (embedding models) do not keep one across requests. */
  readonly decoder: boolean;
  /** Sliding-window attention: the window (tokens) and how many layers use it (their KV cache stops there). */
  readonly slidingWindow?: number;
  readonly slidingWindowLayers?: number;
}

