/**
 * Serving-memory estimate for a model: weights + KV cache for one full-length sequence + runtime
 * overhead. The same arithmetic decides whether a model fits a pool (config validation), a GPU
 * preset (Kubernetes path) and what the plan reports.
 *
 * - Grouped-query attention: the KV cache holds `kvHeads`, not attention heads.
 * - Sliding-window attention: a sliding layer keeps at most `slidingWindow` tokens of K/V (vLLM's hybrid
 *   KV-cache manager allocates per layer group, docs.vllm.ai design/hybrid_kv_cache_manager).
 * - Mixture-of-experts: every expert is resident, so memory counts `parametersB` (all experts), never
 *   the active parameters.
 * - Quantization: the decoder layers' linear weights at the variant's bits, everything else in 16 bits
 *   (vllm-project/vllm@92d756e9:vllm/model_executor/layers/quantization/awq.py AWQConfig.get_quant_method
 *   quantizes LinearBase layers only; AutoAWQ casper-hansen/AutoAWQ@0222940e:awq/quantize/quantizer.py
 *   AwqQuantizer.quantize packs only the named linears of each decoder layer); 4-bit weights also carry one
 *   fp16 scale and one 4-bit zero point per group of 128 (pseudo_quantize_tensor; group size 128 is what the
 *   catalog's AWQ variants were made with). gpt-oss's native MXFP4 stores the experts as 4-bit
 *   values with one 8-bit scale per 32 (OCP Microscaling Formats v1.0: block size 32, E8M0 scale = 4.25
 *   bits per weight) and everything else in bf16 (openai/gpt-oss README: "MXFP4 quantization of the MoE weights").
 */
import type { Dtype, ModelArchitecture, Quantization } from "./architecture";

const GiB = 1024 ** 3;

const DTYPE_BYTES: Record<Dtype, number> = { float32: 4, float16: 2, bfloat16: 2 };

/** Bits per MXFP4 weight: 32 four-bit values share one 8-bit exponent. */
export const MXFP4_BITS = 4 + 8 / 32;

/** vLLM's default `--gpu-memory-utilization`: the share of GPU memory it lets itself use. */
export const GPU_MEMORY_UTILIZATION = 0.9;

/** CUDA context, activations and allocator slack: measured vLLM footprints sit around 1–2 GiB. */
const DECODER_OVERHEAD_GiB = 1.5;
const ENCODER_OVERHEAD_GiB = 0.5;

export interface MemoryEstimate {
  readonly weightsGiB: number;
  readonly kvCacheGiB: number;
  readonly overheadGiB: number;
  readonly totalGiB: number;
}

export interface ServingShape {
  readonly dtype: Dtype;
  /** Tokens of context one sequence may use (`--max-model-len`). */
  readonly maxContextLength: number;
  /** Bits per weight when a quantized variant is served (4 for AWQ/GPTQ int4, 8 for FP8). */
  readonly quantizationBits?: number;
  /** Quantization the published weights already have (gpt-oss: MXFP4 experts). */
  readonly nativeQuantization?: Quantization;
}

/** Group-wise int4: an fp16 scale and a 4-bit zero point per 128 weights. */
export const INT4_GROUP_OVERHEAD_BITS = (16 + 4) / 128;

function weightBytes(arch: ModelArchitecture, shape: ServingShape): number {
  const params = arch.parametersB * 1e9;
  if (shape.quantizationBits) {
    const kept = Math.min(params, (arch.unquantizedParametersB ?? 0) * 1e9);
    const bits = shape.quantizationBits + (shape.quantizationBits === 4 ? INT4_GROUP_OVERHEAD_BITS : 0);
    return ((params - kept) * bits) / 8 + kept * 2;
  }
  if (shape.nativeQuantization === "mxfp4" && arch.expertParametersB) {
    const experts = arch.expertParametersB * 1e9;
    return (experts * MXFP4_BITS) / 8 + (params - experts) * DTYPE_BYTES[shape.dtype];
  }
  return params * DTYPE_BYTES[shape.dtype];
}

/** K and V bytes a sequence of `tokens` holds, layer by layer (sliding layers stop at their window). */
export function kvCacheBytes(arch: ModelArchitecture, dtype: Dtype, tokens: number): number {
  if (!arch.decoder) return 0;
  const perLayerToken = 2 * arch.kvHeads * arch.headDim * DTYPE_BYTES[dtype];
  const sliding = arch.slidingWindow ? Math.min(arch.slidingWindowLayers ?? 0, arch.layers) : 0;
  const full = arch.layers - sliding;
  return perLayerToken * (full * tokens + sliding * Math.min(tokens, arch.slidingWindow ?? tokens));
}

export function estimateServingMemory(arch: ModelArchitecture, shape: ServingShape): MemoryEstimate {
  const weightsGiB = weightBytes(arch, shape) / GiB;
  // The cache stays in the activation dtype whatever the weights' quantization.
  const kvCacheGiB = kvCacheBytes(arch, shape.dtype, shape.maxContextLength) / GiB;
  const overheadGiB = arch.decoder ? DECODER_OVERHEAD_GiB : ENCODER_OVERHEAD_GiB;
  return { weightsGiB, kvCacheGiB, overheadGiB, totalGiB: weightsGiB + kvCacheGiB + overheadGiB };
}

/** GPU memory a server may use across the GPUs it is given (tensor parallel). */
export function usableGpuMemoryGiB(gpuMemoryGiB: number, gpus: number): number {
  return gpuMemoryGiB * gpus * GPU_MEMORY_UTILIZATION;
}

/** bf16 needs compute capability >= 8.0; older GPUs (T4 = 7.5) serve bf16 weights as fp16. */
export function effectiveDtype(dtype: Dtype, computeCapability: number | undefined): Dtype {
  return dtype === "bfloat16" && computeCapability !== undefined && computeCapability < 8 ? "float16" : dtype;
}

export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
