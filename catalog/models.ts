/**
 * The model catalog: size and shape of the models a stack can name without hand numbers. The current models
 * are computed from their published `config.json` (catalog/modelConfigs.ts says where each was read, and
 * catalog/configJson.ts turns it into the shape); the first seven entries are the seeds' models from 2023,
 * kept because existing stacks and examples name them (their numbers were typed from config.json before
 * this catalog cited sources).
 */
import { architectureFromConfig } from "./configJson";
import { SOURCED_CONFIGS } from "./modelConfigs";

import type { Dtype, ModelArchitecture, ModelTask, Quantization } from "./architecture";

export type { Dtype, ModelArchitecture, ModelTask, Quantization } from "./architecture";

export interface QuantizedVariant {
  readonly id: string;
  /** A checkpoint a user can ask for with `models[].quantization` (MXFP4 is only ever native). */
  readonly quantization: Exclude<Quantization, "mxfp4">;
  readonly bits: 4 | 8;
}

export interface CatalogModel extends ModelArchitecture {
  /** Hugging Face repository id. */
  readonly id: string;
  readonly task: ModelTask;
  /** torch_dtype of the published weights. */
  readonly dtype: Dtype;
  /** The hub requires accepting a licence and a token to download it. */
  readonly gated?: boolean;
  /** Licence name as the model card states it. */
  readonly licence?: string;
  /** Where the architecture numbers were read (repository@revision:path). */
  readonly source?: string;
  /** Weights published already quantized (gpt-oss: MXFP4 experts); served without `--quantization`. */
  readonly nativeQuantization?: Quantization;
  /** Pre-quantized variants for smaller GPUs. */
  readonly quantizedVariants?: readonly QuantizedVariant[];
  /** Embedding models: vector size and the most tokens one input may have (longer inputs are truncated). */
  readonly embedding?: { readonly dimension: number; readonly maxInputTokens: number };
}

const legacy: CatalogModel[] = [
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
  {
    id: "sentence-transformers/all-MiniLM-L6-v2", task: "embedding", dtype: "float32", parametersB: 0.0227, layers: 6, kvHeads: 12, headDim: 32, maxContextLength: 256, decoder: false,
    // sentence-transformers truncates at max_seq_length 256; the vectors have 384 dimensions (hidden_size).
    embedding: { dimension: 384, maxInputTokens: 256 },
  },
];

/**
 * What the catalog adds to each sourced config: task, licence and gating, as the model cards' front matter
 * states them (the hub was not reachable from the machine this was written on: each entry cites the stored
 * copy of the card it was read from), and the variants public deployments serve (each id seen in public
 * vLLM configurations).
 */
interface CurrentEntry {
  readonly task: ModelTask;
  readonly licence: string;
  readonly gated?: boolean;
  readonly dtype?: Dtype;
  readonly nativeQuantization?: Quantization;
  readonly quantizedVariants?: readonly QuantizedVariant[];
  readonly embedding?: { readonly dimension: number; readonly maxInputTokens: number };
}

const LLAMA31 = "Llama 3.1 Community License";
const LLAMA33 = "Llama 3.3 Community License";
const MIT = "MIT";
const LLAMA32 = "Llama 3.2 Community License";
const GEMMA = "Gemma Terms of Use";
const APACHE = "Apache-2.0";

const current: Readonly<Record<string, CurrentEntry>> = {
  // Card front matter: extra_gated_prompt "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" (copied in
  // huggingface.co/legraphista/Meta-Llama-3.1-8B-Instruct-IMat-GGUF README.md); 3.2: license: llama3.2 with
  // its extra_gated_prompt (huggingface.co/mukel/Llama-3.2-1B-Instruct-GGUF README.md).
  "meta-llama/Llama-3.1-8B-Instruct": { task: "chat", licence: LLAMA31, gated: true },
  "meta-llama/Llama-3.1-70B-Instruct": { task: "chat", licence: LLAMA31, gated: true },
  "meta-llama/Llama-3.2-1B-Instruct": { task: "chat", licence: LLAMA32, gated: true },
  "meta-llama/Llama-3.2-3B-Instruct": { task: "chat", licence: LLAMA32, gated: true },
  // Qwen2.5 7B/14B/32B and Qwen3: license: apache-2.0, no gate (huggingface.co/Qwen/Qwen2.5-14B commit 272acf2).
  "Qwen/Qwen2.5-7B-Instruct": { task: "chat", licence: APACHE, quantizedVariants: [{ id: "Qwen/Qwen2.5-7B-Instruct-AWQ", quantization: "awq", bits: 4 }] },
  "Qwen/Qwen2.5-14B-Instruct": { task: "chat", licence: APACHE },
  "Qwen/Qwen2.5-32B-Instruct": { task: "chat", licence: APACHE },
  "Qwen/Qwen3-4B": { task: "chat", licence: APACHE, quantizedVariants: [{ id: "Qwen/Qwen3-4B-FP8", quantization: "fp8", bits: 8 }] },
  "Qwen/Qwen3-8B": { task: "chat", licence: APACHE, quantizedVariants: [{ id: "Qwen/Qwen3-8B-FP8", quantization: "fp8", bits: 8 }] },
  "Qwen/Qwen3-14B": { task: "chat", licence: APACHE },
  "Qwen/Qwen3-32B": { task: "chat", licence: APACHE, quantizedVariants: [{ id: "Qwen/Qwen3-32B-FP8", quantization: "fp8", bits: 8 }] },
  "Qwen/Qwen3-30B-A3B": { task: "chat", licence: APACHE, quantizedVariants: [{ id: "Qwen/Qwen3-30B-A3B-FP8", quantization: "fp8", bits: 8 }] },
  // license: gemma behind "Access Gemma on Hugging Face" (huggingface.co/google/gemma-3n-E2B/tree/main: "Gated model").
  "google/gemma-3-4b-it": { task: "chat", licence: GEMMA, gated: true },
  "google/gemma-3-12b-it": { task: "chat", licence: GEMMA, gated: true },
  "google/gemma-3-27b-it": { task: "chat", licence: GEMMA, gated: true },
  // Apache 2.0 and MXFP4 experts: openai/gpt-oss@7b58334:README.md.
  "openai/gpt-oss-20b": { task: "chat", licence: APACHE, nativeQuantization: "mxfp4" },
  "openai/gpt-oss-120b": { task: "chat", licence: APACHE, nativeQuantization: "mxfp4" },
  // Dense vectors are the CLS hidden state (hidden_size 1024); 8194 positions less XLM-R's 2 offset = 8192 tokens.
  "BAAI/bge-m3": { task: "embedding", licence: MIT, dtype: "float32", embedding: { dimension: 1024, maxInputTokens: 8192 } },
  // Card: "the Llama 3.3 Community License Agreement"; its front matter (license: llama3.3, extra_gated_prompt)
  // gates the download (copied in huggingface.co/mlx-community/Llama-3.3-70B-Instruct-6bit README.md).
  // AWQ int4 (group 128) of the same weights; its hub page counts 11.3B stored values (I32 packed int4 and FP16),
  // which is the layout catalog/sizing.ts sizes (tests/catalog/models.test.ts). huggingface.co/kosbu/Llama-3.3-70B-Instruct-AWQ
  "meta-llama/Llama-3.3-70B-Instruct": {
    task: "chat", licence: LLAMA33, gated: true,
    quantizedVariants: [{ id: "kosbu/Llama-3.3-70B-Instruct-AWQ", quantization: "awq", bits: 4 }],
  },
  // Card: "Apache 2.0 License" (huggingface.co/mistralai/Mistral-Small-3.1-24B-Base-2503). Mistral gates its
  // Small 3 repositories with automatic approval (huggingface.co/mradermacher/model_requests/discussions/588 on
  // Mistral-Small-24B-Instruct-2501: "Uh, gated"); 2503's own gate was not readable, so a token is asked for.
  "mistralai/Mistral-Small-3.1-24B-Instruct-2503": { task: "chat", licence: APACHE, gated: true },
  // Hub header "License: mit", no gate (huggingface.co/microsoft/phi-4/discussions/10).
  "microsoft/phi-4": { task: "chat", licence: MIT },
  // Card front matter license: mit (huggingface.co/microsoft/Phi-4-mini-instruct, as copied by unsloth/Phi-4-mini-instruct).
  "microsoft/Phi-4-mini-instruct": { task: "chat", licence: MIT },
  // Vectors of n_embd 768 (the card's Matryoshka sizes truncate them further, client-side). vLLM serves 2048 tokens
  // (max_trained_positions) unless context extension is configured: see catalog/configJson.ts.
  "nomic-ai/nomic-embed-text-v1.5": { task: "embedding", licence: APACHE, embedding: { dimension: 768, maxInputTokens: 2048 } },
  // Mean-pooled hidden states (1024); 514 positions less XLM-R's 2 = 512 tokens, the card's stated limit.
  "intfloat/multilingual-e5-large": { task: "embedding", licence: MIT, embedding: { dimension: 1024, maxInputTokens: 512 } },
  // CLS vectors of hidden_size; rotary positions up to max_position_embeddings 8192.
  "Snowflake/snowflake-arctic-embed-m-v2.0": { task: "embedding", licence: APACHE, embedding: { dimension: 768, maxInputTokens: 8192 } },
  // Hub header "License: apache-2.0" (huggingface.co/Snowflake/snowflake-arctic-embed-l-v2.0/blob/69766d9/README.md).
  "Snowflake/snowflake-arctic-embed-l-v2.0": { task: "embedding", licence: APACHE, embedding: { dimension: 1024, maxInputTokens: 8192 } },
};

let byId: Map<string, CatalogModel> | undefined;

/** Built on first use (no work at import time). */
function catalog(): Map<string, CatalogModel> {
  if (byId) return byId;
  const models: CatalogModel[] = [...legacy];
  for (const [id, entry] of Object.entries(current)) {
    const sourced = SOURCED_CONFIGS[id];
    if (!sourced) throw new Error(`catalog entry ${id} has no sourced config.json (catalog/modelConfigs.ts)`);
    const { modelType: _t, hiddenSize: _h, vocabSize: _v, dtype, ...arch } = architectureFromConfig(sourced.config);
    models.push({ ...arch, id, source: sourced.source, dtype: entry.dtype ?? dtype ?? "bfloat16", ...entry });
  }
  byId = new Map(models.map((m) => [m.id.toLowerCase(), m]));
  return byId;
}

/** Every catalog entry, by lower-case id. */
export function catalogModels(): ReadonlyMap<string, CatalogModel> {
  return catalog();
}

/** Hugging Face ids of every catalog entry. */
export function catalogModelIds(): string[] {
  return [...catalog().values()].map((m) => m.id);
}

/** Case-insensitive lookup by Hugging Face id (ids are case-insensitive on the hub). */
export function catalogModel(id: string): CatalogModel | undefined {
  return catalog().get(id.toLowerCase());
}
