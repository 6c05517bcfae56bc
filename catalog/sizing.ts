/**
 * Serving-memory estimate for a model: weights + KV cache for one full-length sequence + runtime
 * overhead. The same arithmetic decides whether a model fits a pool (config validation), a GPU
 * preset (Kubernetes path) and what the plan reports.
 */
import type { Dtype, ModelArchitecture } from "./models";

const GiB = 1024 ** 3;

const DTYPE_BYTES: Record<Dtype, number> = { float32: 4, float16: 2, bfloat16: 2 };

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
  /** Bits per weight when a quantized variant is served (4 for AWQ/GPTQ int4). */
  readonly quantizationBits?: number;
}

export function estimateServingMemory(arch: ModelArchitecture, shape: ServingShape): MemoryEstimate {
  const bytesPerWeight = shape.quantizationBits ? shape.quantizationBits / 8 : DTYPE_BYTES[shape.dtype];
  const weightsGiB = (arch.parametersB * 1e9 * bytesPerWeight) / GiB;
  // K and V, per layer, per KV head, per head dimension, per token; the cache stays in the activation dtype.
  const kvBytesPerToken = arch.decoder ? 2 * arch.layers * arch.kvHeads * arch.headDim * DTYPE_BYTES[shape.dtype] : 0;
  const kvCacheGiB = (kvBytesPerToken * shape.maxContextLength) / GiB;
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
