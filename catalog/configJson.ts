/**
 * A model's serving shape from its Hugging Face `config.json`: the one parser the catalog's entries and
 * `architecture.fromConfigJson` (a model outside the catalog) both go through, so a catalog entry is its
 * cited config and nothing typed by hand.
 *
 * Parameter counts are computed from the config the way the model classes build their weights
 * (transformers `modeling_<type>.py`; gpt-oss: openai/gpt-oss@0568dfc:gpt_oss/torch/model.py): embeddings,
 * per-layer attention (q, k, v, o and their biases), MLP (dense gated, or every expert of a mixture), norms,
 * and the output head unless it is tied to the embeddings. Memory counts every expert; `activeParametersB`
 * counts the experts a token uses.
 */
import type { ModelArchitecture } from "./architecture";

/** Parsed `config.json` (only the fields read here matter). */
export type HfConfig = Readonly<Record<string, unknown>>;

/** Why a config cannot be read; the message names the field. */
export class ConfigJsonError extends Error {}

/** The decoder families this parser knows, by `model_type`. */
const DECODERS = new Set(["llama", "mistral", "qwen2", "qwen3", "qwen3_moe", "gemma3", "gemma3_text", "phi3", "gpt_oss", "mistral3"]);
/** BERT-family encoders (embedding models), by `model_type`. */
const ENCODERS = new Set(["bert", "xlm-roberta", "roberta", "nomic_bert", "gte"]);

export const KNOWN_MODEL_TYPES: readonly string[] = [...DECODERS, ...ENCODERS];

function num(cfg: HfConfig, key: string, fallback?: number): number {
  const v = cfg[key];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (fallback !== undefined) return fallback;
  throw new ConfigJsonError(`config.json has no numeric "${key}"`);
}

function bool(cfg: HfConfig, key: string, fallback: boolean): boolean {
  const v = cfg[key];
  return typeof v === "boolean" ? v : fallback;
}

/** Multimodal checkpoints (Gemma 3, Mistral 3) nest the language model under `text_config`. */
function textConfig(cfg: HfConfig): HfConfig {
  const t = cfg.text_config;
  return t && typeof t === "object" ? { ...(t as HfConfig) } : cfg;
}

/**
 * Parameters of the vision tower (`vision_config`) vLLM loads with a multimodal checkpoint, and of the
 * projector that feeds it to the language model.
 * - SigLIP/CLIP style (Gemma 3): biased q/k/v/o and fc1/fc2, layer norms with bias, a learned position table.
 * - Pixtral (Mistral Small 3.x, `model_type: "pixtral"`): no biases, a gated SiLU MLP, RMS norms, rotary
 *   positions, a bias-free patch convolution and `ln_pre` (huggingface/transformers
 *   @0233e509:src/transformers/models/pixtral/modeling_pixtral.py PixtralAttention, PixtralMLP,
 *   PixtralAttentionLayer, PixtralVisionModel), then Mistral 3's projector: an RMS norm, the patch merger
 *   (hidden·spatial_merge_size² → hidden, no bias) and linear_1/linear_2 into the text width
 *   (huggingface/transformers@00dcc6dd:src/transformers/models/mistral3/modeling_mistral3.py
 *   Mistral3PatchMerger, Mistral3MultiModalProjector).
 */
function visionParameters(cfg: HfConfig, textHidden: number): number {
  const v = cfg.vision_config;
  if (!v || typeof v !== "object") return 0;
  const vc = v as HfConfig;
  const d = num(vc, "hidden_size");
  const inter = num(vc, "intermediate_size");
  const layers = num(vc, "num_hidden_layers");
  const patch = num(vc, "patch_size");
  const channels = num(vc, "num_channels", 3);
  if (vc.model_type === "pixtral") {
    const tower = channels * patch * patch * d + d + layers * (4 * d * d + 3 * d * inter + 2 * d);
    if (cfg.model_type !== "mistral3") return tower;
    const merge = num(cfg, "spatial_merge_size", 1);
    const featureLayers = Array.isArray(cfg.vision_feature_layer) ? cfg.vision_feature_layer.length : 1;
    const bias = bool(cfg, "multimodal_projector_bias", false) ? 1 : 0;
    const projector = d + d * merge * merge * d + (d * featureLayers * textHidden + bias * textHidden) + (textHidden * textHidden + bias * textHidden);
    return tower + projector;
  }
  const image = num(vc, "image_size");
  // Per layer: q, k, v, o with biases; fc1/fc2 with biases; two layer norms (weight + bias).
  const perLayer = 4 * (d * d + d) + (d * inter + inter) + (inter * d + d) + 4 * d;
  const embed = channels * patch * patch * d + d + (image / patch) ** 2 * d;
  return layers * perLayer + embed + 2 * d;
}

export interface ConfigShape extends ModelArchitecture {
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly vocabSize: number;
  readonly dtype?: "float32" | "float16" | "bfloat16";
}

function dtypeOf(cfg: HfConfig): ConfigShape["dtype"] {
  const d = cfg.torch_dtype ?? cfg.dtype;
  return d === "float32" || d === "float16" || d === "bfloat16" ? d : undefined;
}

/** Layers whose attention only looks back `window` tokens (their KV cache stops growing there). */
function slidingLayers(t: HfConfig, layers: number, modelType: string): { window: number; layers: number } | undefined {
  const types = t.layer_types;
  const window = typeof t.sliding_window === "number" ? t.sliding_window : undefined;
  if (Array.isArray(types) && window) {
    const n = types.filter((x) => x === "sliding_attention").length;
    return n > 0 ? { window, layers: n } : undefined;
  }
  if (modelType === "gemma3" || modelType === "gemma3_text") {
    // Every `sliding_window_pattern`-th layer is global, the others slide (transformers Gemma3TextConfig).
    const pattern = num(t, "sliding_window_pattern", 6);
    return window ? { window, layers: layers - Math.floor(layers / pattern) } : undefined;
  }
  if (modelType === "gpt_oss" && window) {
    // Even-indexed layers slide (openai/gpt-oss gpt_oss/torch/model.py AttentionBlock).
    return { window, layers: Math.ceil(layers / 2) };
  }
  // Qwen2/Qwen3 carry `sliding_window` but leave it off unless `use_sliding_window` is true.
  if (window && t.use_sliding_window === true) {
    const max = num(t, "max_window_layers", layers);
    return { window, layers: Math.max(0, layers - max) };
  }
  return undefined;
}

function decoderShape(cfg: HfConfig, modelType: string): ConfigShape {
  const t = textConfig(cfg);
  const type = modelType === "mistral3" ? String(t.model_type ?? "mistral") : modelType;
  const h = num(t, "hidden_size");
  const layers = num(t, "num_hidden_layers");
  const heads = num(t, "num_attention_heads");
  const kvHeads = num(t, "num_key_value_heads", heads);
  const headDim = num(t, "head_dim", h / heads);
  const vocab = num(t, "vocab_size");
  const inter = num(t, "intermediate_size");
  const q = heads * headDim;
  const kv = kvHeads * headDim;

  // Attention weights, and the biases the family has: Qwen2 always biases q/k/v; gpt-oss and configs with
  // attention_bias bias q/k/v/o.
  let attn = h * q + 2 * h * kv + q * h;
  if (type === "qwen2") attn += q + 2 * kv;
  if (type === "gpt_oss" || bool(t, "attention_bias", false)) attn += q + 2 * kv + h;
  if (type === "gpt_oss") attn += heads; // attention sinks
  let norms = 2 * h;
  if (type === "qwen3" || type === "qwen3_moe") norms += 2 * headDim; // q/k norms
  if (type.startsWith("gemma3")) norms = 4 * h + 2 * headDim; // pre/post attention and MLP norms, q/k norms

  let mlpTotal: number;
  let mlpActive: number;
  let experts = 0; // weights of all experts of one layer (what MXFP4 quantizes)
  if (type === "qwen3_moe") {
    const n = num(t, "num_experts");
    const perTok = num(t, "num_experts_per_tok");
    const expert = 3 * h * num(t, "moe_intermediate_size");
    experts = n * expert;
    mlpTotal = experts + h * n;
    mlpActive = perTok * expert + h * n;
  } else if (type === "gpt_oss") {
    const n = num(t, "num_local_experts", num(t, "num_experts", NaN));
    const perTok = num(t, "num_experts_per_tok", num(t, "experts_per_token", NaN));
    if (!Number.isFinite(n) || !Number.isFinite(perTok)) throw new ConfigJsonError("config.json has no num_local_experts / num_experts_per_tok");
    const expert = h * 2 * inter + 2 * inter + inter * h + h; // mlp1 (gate+up) and mlp2, with biases
    experts = n * expert;
    mlpTotal = experts + h * n + n; // + router
    mlpActive = perTok * expert + h * n + n;
  } else {
    mlpTotal = mlpActive = 3 * h * inter;
  }

  const tied = bool(t, "tie_word_embeddings", bool(cfg, "tie_word_embeddings", type.startsWith("gemma3")));
  const embed = vocab * h * (tied ? 1 : 2) + h;
  const vision = visionParameters(cfg, h);
  const total = layers * (attn + norms + mlpTotal) + embed + vision;
  const active = layers * (attn + norms + mlpActive) + embed + vision;
  const sliding = slidingLayers(t, layers, type);
  return {
    modelType: type,
    hiddenSize: h,
    vocabSize: vocab,
    parametersB: total / 1e9,
    ...(active < total ? { activeParametersB: active / 1e9, expertParametersB: (layers * experts) / 1e9 } : {}),
    unquantizedParametersB: (vocab * h * (tied ? 1 : 2) + vision) / 1e9,
    layers,
    kvHeads,
    headDim,
    maxContextLength: num(t, "max_position_embeddings"),
    decoder: true,
    ...(sliding ? { slidingWindow: sliding.window, slidingWindowLayers: sliding.layers } : {}),
    ...(dtypeOf(cfg) ?? dtypeOf(t) ? { dtype: dtypeOf(cfg) ?? dtypeOf(t) } : {}),
  };
}

function encoderShape(cfg: HfConfig, modelType: string): ConfigShape {
  // nomic_bert uses GPT-2 style names (n_embd, n_layer, n_head, n_positions, n_inner).
  const h = num(cfg, "hidden_size", num(cfg, "n_embd", NaN));
  const layers = num(cfg, "num_hidden_layers", num(cfg, "n_layer", NaN));
  const heads = num(cfg, "num_attention_heads", num(cfg, "n_head", NaN));
  const inter = num(cfg, "intermediate_size", num(cfg, "n_inner", 4 * h));
  const vocab = num(cfg, "vocab_size");
  const positions = num(cfg, "max_position_embeddings", num(cfg, "n_positions", NaN));
  if (![h, layers, heads, positions].every(Number.isFinite)) {
    throw new ConfigJsonError("config.json lacks hidden_size/n_embd, num_hidden_layers/n_layer, num_attention_heads/n_head or max_position_embeddings/n_positions");
  }
  const types = num(cfg, "type_vocab_size", 0);
  // Rotary encoders (nomic_bert, gte) learn no position table; gated MLPs (nomic_bert, gte) have 3 matrices.
  const rotary = modelType === "nomic_bert" || modelType === "gte";
  const gated = modelType === "nomic_bert" || modelType === "gte";
  const perLayer = 4 * (h * h + h) + (gated ? 3 * h * inter : 2 * h * inter + inter + h) + 4 * h;
  const embed = vocab * h + (rotary ? 0 : positions * h) + types * h + 2 * h;
  // XLM-RoBERTa offsets positions by padding_idx + 1, so 514 positions hold 512 tokens (transformers
  // create_position_ids_from_input_ids); BERT-style models use them all. vLLM serves nomic_bert at
  // `max_trained_positions` (default 2048) unless context extension is asked for with hf_overrides, and
  // refuses a longer --max-model-len (vllm-project/vllm@0144dd5b:vllm/model_executor/models/config.py
  // NomicBertModelConfig: "Nomic context extension is disabled").
  const usable =
    modelType === "xlm-roberta" || modelType === "roberta"
      ? positions - 2
      : modelType === "nomic_bert"
        ? Math.min(positions, num(cfg, "max_trained_positions", 2048))
        : positions;
  return {
    modelType,
    hiddenSize: h,
    vocabSize: vocab,
    parametersB: (layers * perLayer + embed) / 1e9,
    layers,
    kvHeads: heads,
    headDim: h / heads,
    maxContextLength: usable,
    decoder: false,
    ...(dtypeOf(cfg) ? { dtype: dtypeOf(cfg) } : {}),
  };
}

/** The serving shape of a `config.json`. @throws ConfigJsonError naming what is missing or unknown. */
export function architectureFromConfig(cfg: HfConfig): ConfigShape {
  if (!cfg || typeof cfg !== "object" || Array.isArray(cfg)) throw new ConfigJsonError("config.json is not a JSON object");
  const modelType = typeof cfg.model_type === "string" ? cfg.model_type : undefined;
  if (!modelType) throw new ConfigJsonError('config.json has no "model_type"');
  if (DECODERS.has(modelType)) return decoderShape(cfg, modelType);
  if (ENCODERS.has(modelType)) return encoderShape(cfg, modelType);
  throw new ConfigJsonError(`model_type "${modelType}" is not one this parser sizes (known: ${KNOWN_MODEL_TYPES.join(", ")}); give architecture as numbers instead`);
}
