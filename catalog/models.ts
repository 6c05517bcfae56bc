/**
 * The models the seeds deploy: size and shape, once. Values are from each model's `config.json`
 * on the Hugging Face hub (num_hidden_layers, num_key_value_heads, head_dim = hidden_size /
 * num_attention_heads, max_position_embeddings, torch_dtype) and its model card (parameter count).
 */

export type ModelTask = "chat" | "embedding";
export type Dtype = "float32" | "float16" | "bfloat16";

/** What the memory estimate needs to know about a transformer. */
export interface ModelArchitecture {
  /** Parameter count, in billions. */
  readonly parametersB: number;
  readonly layers: number;
  /** Key/value heads (grouped-query and multi-query attention have fewer than attention heads). */
  readonly kvHeads: number;
  readonly headDim: number;
  /** Longest context the model was trained for (max_position_embeddings). */
  readonly maxContextLength: number;
  /** Decoder models keep a KV cache per token; encoders (embedding models) do not keep one across requests. */
  readonly decoder: boolean;
}

export interface CatalogModel extends ModelArchitecture {
  /** Hugging Face repository id. */
  readonly id: string;
  readonly task: ModelTask;
  /** torch_dtype of the published weights. */
  readonly dtype: Dtype;
  /** The hub requires accepting a licence and a token to download it. */
  readonly gated?: boolean;
  /** Pre-quantized variants for small GPUs (e.g. a T4's 16 GB). */
  readonly quantizedVariants?: readonly { readonly id: string; readonly quantization: "awq" | "gptq"; readonly bits: 4 | 8 }[];
}

const models: CatalogModel[] = [
  { id: "Qwen/Qwen2.5-1.5B-Instruct", task: "chat", dtype: "bfloat16", parametersB: 1.54, layers: 28, kvHeads: 2, headDim: 128, maxContextLength: 32768, decoder: true },
  {
    id: "mistralai/Mistral-7B-Instruct-v0.1", task: "chat", gated: true, dtype: "bfloat16", parametersB: 7.24, layers: 32, kvHeads: 8, headDim: 128, maxContextLength: 32768, decoder: true,
    quantizedVariants: [{ id: "TheBloke/Mistral-7B-Instruct-v0.1-AWQ", quantization: "awq", bits: 4 }],
  },
  {
    id: "meta-llama/Llama-2-7b-chat-hf", task: "chat", gated: true, dtype: "float16", parametersB: 6.74, layers: 32, kvHeads: 32, headDim: 128, maxContextLength: 4096, decoder: true,
    quantizedVariants: [{ id: "TheBloke/Llama-2-7B-Chat-AWQ", quantization: "awq", bits: 4 }],
  },
  {
    id: "HuggingFaceH4/zephyr-7b-beta", task: "chat", dtype: "bfloat16", parametersB: 7.24, layers: 32, kvHeads: 8, headDim: 128, maxContextLength: 32768, decoder: true,
    quantizedVariants: [{ id: "TheBloke/zephyr-7B-beta-AWQ", quantization: "awq", bits: 4 }],
  },
  { id: "microsoft/phi-2", task: "chat", dtype: "float16", parametersB: 2.78, layers: 32, kvHeads: 32, headDim: 80, maxContextLength: 2048, decoder: true },
  { id: "tiiuae/falcon-7b-instruct", task: "chat", dtype: "bfloat16", parametersB: 7.22, layers: 32, kvHeads: 1, headDim: 64, maxContextLength: 2048, decoder: true },
  { id: "sentence-transformers/all-MiniLM-L6-v2", task: "embedding", dtype: "float32", parametersB: 0.0227, layers: 6, kvHeads: 12, headDim: 32, maxContextLength: 256, decoder: false },
];

export const MODEL_CATALOG: ReadonlyMap<string, CatalogModel> = new Map(models.map((m) => [m.id.toLowerCase(), m]));

export const CATALOG_MODEL_IDS: readonly string[] = models.map((m) => m.id);

/** Case-insensitive lookup by Hugging Face id (ids are case-insensitive on the hub). */
export function catalogModel(id: string): CatalogModel | undefined {
  return MODEL_CATALOG.get(id.toLowerCase());
}
