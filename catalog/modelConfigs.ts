/**
 * The `config.json` fields of the catalog's current models, copied from where they were read (Hugging Face
 * itself is unreachable from the machine this was written on). Each entry says where, as
 * `owner/repo@commit:path`; only the fields the sizing reads are copied, with their published values.
 * Models the issue asked for whose config could not be found in a readable source are listed in
 * `UNSOURCED_MODELS` instead of being typed from memory.
 */
import type { HfConfig } from "./configJson";

export interface SourcedConfig {
  /** Where the values below were read. */
  readonly source: string;
  readonly config: HfConfig;
}

const LLM_PROF = "citsjtu2020/LLM-Prof@8434c8d19c396b2f95d92a67845a7c0a0e0dd512:sglang/Model_Config.md";
const MAXTEXT = "AI-Hypercomputer/maxtext@94959d07a381a3b8bc81469c4a4af18d5a90382f:MaxText/utils/ckpt_conversion/utils/hf_model_configs.py";

const llama = { model_type: "llama", vocab_size: 128256, torch_dtype: "bfloat16", max_position_embeddings: 131072 };
const qwen2 = { model_type: "qwen2", torch_dtype: "bfloat16", vocab_size: 152064, tie_word_embeddings: false, use_sliding_window: false };
const qwen3 = { model_type: "qwen3", torch_dtype: "bfloat16", vocab_size: 151936, head_dim: 128, max_position_embeddings: 40960, use_sliding_window: false };
// Gemma 3 checkpoints are multimodal (Gemma3ForConditionalGeneration): a SigLIP tower plus the text model.
const siglip = { hidden_size: 1152, image_size: 896, intermediate_size: 4304, num_attention_heads: 16, num_channels: 3, num_hidden_layers: 27, patch_size: 14 };
const gemma3Text = { model_type: "gemma3_text", vocab_size: 262144, max_position_embeddings: 163840, sliding_window: 1024, sliding_window_pattern: 6 };
const gptOss = {
  model_type: "gpt_oss", vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, head_dim: 64, num_attention_heads: 64,
  num_key_value_heads: 8, sliding_window: 128, num_experts_per_tok: 4, max_position_embeddings: 131072, torch_dtype: "bfloat16",
};

/** By Hugging Face id (the catalog id). */
export const SOURCED_CONFIGS: Readonly<Record<string, SourcedConfig>> = {
  "meta-llama/Llama-3.1-8B-Instruct": {
    // maxtext maps both "llama3.1-8b" and "llama3.1-8b-Instruct" to this config; LLM-Prof's copy agrees.
    source: `${MAXTEXT} (llama31_8b_config); ${LLM_PROF} (Llama-3.1-8B)`,
    config: { ...llama, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: false },
  },
  "meta-llama/Llama-3.1-70B-Instruct": {
    source: `${MAXTEXT} (llama31_70b_config)`,
    config: { ...llama, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: false },
  },
  "meta-llama/Llama-3.2-1B-Instruct": {
    source: "kevinstephano/thunder_model_blocks:hf_llama/llama_config.py (LLAMA_3_2_1B_CFG, meta-llama/Llama-3.2-1B-Instruct at hub revision 4e20de362430cd3b72f300e6b0f18e50e7166e08)",
    config: { ...llama, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 64, tie_word_embeddings: true },
  },
  "meta-llama/Llama-3.2-3B-Instruct": {
    source: `${LLM_PROF} (Llama-3.2-3B; the Instruct model is its fine-tune)`,
    config: { ...llama, hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 28, num_attention_heads: 24, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: true },
  },
  "Qwen/Qwen2.5-7B-Instruct": {
    source: `${LLM_PROF} (Qwen2.5-7B; the Instruct model is its fine-tune, its own config.json not read)`,
    config: { ...qwen2, hidden_size: 3584, intermediate_size: 18944, num_hidden_layers: 28, num_attention_heads: 28, num_key_value_heads: 4, max_position_embeddings: 131072 },
  },
  "Qwen/Qwen2.5-14B-Instruct": {
    source: `${LLM_PROF} (Qwen2.5-14B; the Instruct model is its fine-tune, its own config.json not read)`,
    config: { ...qwen2, hidden_size: 5120, intermediate_size: 13824, num_hidden_layers: 48, num_attention_heads: 40, num_key_value_heads: 8, max_position_embeddings: 131072 },
  },
  "Qwen/Qwen2.5-32B-Instruct": {
    source: `${LLM_PROF} (Qwen2.5-32B; the Instruct model is its fine-tune, its own config.json not read)`,
    config: { ...qwen2, hidden_size: 5120, intermediate_size: 27648, num_hidden_layers: 64, num_attention_heads: 40, num_key_value_heads: 8, max_position_embeddings: 131072 },
  },
  "Qwen/Qwen3-4B": {
    source: `${LLM_PROF} (Qwen3-4B); ${MAXTEXT} (qwen3_4b_config)`,
    config: { ...qwen3, hidden_size: 2560, intermediate_size: 9728, num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8, tie_word_embeddings: true },
  },
  "Qwen/Qwen3-8B": {
    source: `${LLM_PROF} (Qwen3-8B); ${MAXTEXT} (qwen3_8b_config)`,
    config: { ...qwen3, hidden_size: 4096, intermediate_size: 12288, num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8, tie_word_embeddings: false },
  },
  "Qwen/Qwen3-14B": {
    source: `${LLM_PROF} (Qwen3-14B); ${MAXTEXT} (qwen3_14b_config)`,
    config: { ...qwen3, hidden_size: 5120, intermediate_size: 17408, num_hidden_layers: 40, num_attention_heads: 40, num_key_value_heads: 8, tie_word_embeddings: false },
  },
  "Qwen/Qwen3-32B": {
    source: `${LLM_PROF} (Qwen3-32B); ${MAXTEXT} (qwen3_32b_config)`,
    config: { ...qwen3, hidden_size: 5120, intermediate_size: 25600, num_hidden_layers: 64, num_attention_heads: 64, num_key_value_heads: 8, tie_word_embeddings: false },
  },
  "Qwen/Qwen3-30B-A3B": {
    source: `${LLM_PROF} (Qwen3-30B-A3B)`,
    config: {
      ...qwen3, model_type: "qwen3_moe", hidden_size: 2048, intermediate_size: 6144, moe_intermediate_size: 768, num_experts: 128, num_experts_per_tok: 8,
      num_hidden_layers: 48, num_attention_heads: 32, num_key_value_heads: 4, tie_word_embeddings: false,
    },
  },
  "google/gemma-3-4b-it": {
    source: `${MAXTEXT} (gemma3_4b_config)`,
    config: { model_type: "gemma3", torch_dtype: "bfloat16", vision_config: siglip, text_config: { ...gemma3Text, hidden_size: 2560, intermediate_size: 10240, num_hidden_layers: 34, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256 } },
  },
  "google/gemma-3-12b-it": {
    source: `${MAXTEXT} (gemma3_12b_config)`,
    config: { model_type: "gemma3", torch_dtype: "bfloat16", vision_config: siglip, text_config: { ...gemma3Text, hidden_size: 3840, intermediate_size: 15360, num_hidden_layers: 48, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 256 } },
  },
  "google/gemma-3-27b-it": {
    source: `${MAXTEXT} (gemma3_27b_config)`,
    config: { model_type: "gemma3", torch_dtype: "bfloat16", vision_config: siglip, text_config: { ...gemma3Text, hidden_size: 5376, intermediate_size: 21504, num_hidden_layers: 62, num_attention_heads: 32, num_key_value_heads: 16, head_dim: 128 } },
  },
  "openai/gpt-oss-20b": {
    // A GitHub mirror of the hub repository; its quantization_config was edited (reads "gptq"), so only the
    // architecture fields are taken from it. The weights are MXFP4 experts (openai/gpt-oss README).
    source: "EchoCog/gpt-oss-20b@52971a17bf2f66dd519c8d26217b1405e425a246:config.json",
    config: { ...gptOss, num_hidden_layers: 24, num_local_experts: 32 },
  },
  "openai/gpt-oss-120b": {
    // OpenAI's reference implementation defaults are the 120b; max_position_embeddings is its
    // initial_context_length 4096 × rope_scaling_factor 32, as the 20b's config.json states 131072.
    source: "openai/gpt-oss@0568dfc94f09469e2968c2b90e50561d1b3fc424:gpt_oss/torch/model.py (ModelConfig defaults)",
    config: { ...gptOss, num_hidden_layers: 36, num_local_experts: 128 },
  },
  "BAAI/bge-m3": {
    // A bge-m3 fine-tune's config.json quoted whole in a vLLM bug report; fine-tunes keep the architecture.
    source: "vllm-project/vllm#25865 (config.json of a bge-m3 fine-tune, XLMRobertaModel)",
    config: {
      model_type: "xlm-roberta", hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, num_attention_heads: 16,
      max_position_embeddings: 8194, type_vocab_size: 1, vocab_size: 250002, torch_dtype: "float32",
    },
  },
};

/** Asked for by issue 14, not catalogued: no readable copy of their config.json was found. */
export const UNSOURCED_MODELS: readonly string[] = [
  "meta-llama/Llama-3.3-70B-Instruct",
  "mistralai/Mistral-Small-3.2-24B-Instruct-2506",
  "microsoft/phi-4",
  "microsoft/Phi-4-mini-instruct",
  "nomic-ai/nomic-embed-text-v1.5",
  "intfloat/multilingual-e5-large",
  "Snowflake/snowflake-arctic-embed-m-v2.0",
  "Snowflake/snowflake-arctic-embed-l-v2.0",
];
