/**
 * Derived facts about a configured model: its catalog entry, task, dtype on a given GPU, the id
 * actually served (a quantized variant when asked) and its memory estimate. Pure; used by the
 * config rules, the components of both platforms and the plan.
 */
import { catalogModel, type CatalogModel, type Dtype, type ModelArchitecture, type ModelTask } from "../catalog/models";
import { effectiveDtype, estimateServingMemory, type MemoryEstimate } from "../catalog/sizing";
import type { ModelConfig } from "./schema";

/** Context length served when the config does not say: long contexts cost KV-cache memory. */
export const DEFAULT_MAX_CONTEXT = 8192;

export interface ResolvedModel {
  readonly config: ModelConfig;
  readonly catalog?: CatalogModel;
  readonly arch: ModelArchitecture;
  readonly task: ModelTask;
  /** Upper-case Snowflake form of the name, e.g. QWEN. */
  readonly sfName: string;
  /** DNS-1123 form of the name, e.g. qwen. */
  readonly k8sName: string;
  /** Repository id that is downloaded and served. */
  readonly servedId: string;
  readonly maxContextLength: number;
  readonly quantizationBits?: number;
}

/** undefined when the model is neither in the catalog nor described by `architecture`. */
export function resolveModel(model: ModelConfig): ResolvedModel | undefined {
  const catalog = catalogModel(model.source.huggingFaceId);
  const arch = model.architecture ?? catalog;
  const task = model.task ?? catalog?.task;
  if (!arch || !task) return undefined;
  const variant = model.quantization ? catalog?.quantizedVariants?.find((v) => v.quantization === model.quantization) : undefined;
  return {
    config: model,
    catalog,
    arch,
    task,
    sfName: model.name.toUpperCase(),
    k8sName: model.name.toLowerCase().replace(/_/g, "-"),
    servedId: variant?.id ?? model.source.huggingFaceId,
    // A malformed maxContextLength is reported by the schema; rules reading partial data see the default.
    maxContextLength: typeof model.maxContextLength === "number" ? model.maxContextLength : Math.min(arch.maxContextLength, DEFAULT_MAX_CONTEXT),
    quantizationBits: model.quantization ? (variant?.bits ?? (model.quantization === "fp8" ? 8 : 4)) : undefined,
  };
}

/**
 * The activation dtype vLLM serves the model in. AWQ and GPTQ kernels compute in float16 only (vLLM
 * refuses otherwise: "torch.bfloat16 is not supported for quantization method awq. Supported dtypes:
 * [torch.float16]", `AWQConfig.get_supported_act_dtypes` in vllm/model_executor/layers/quantization/awq.py),
 * so a quantized variant of a bf16 model is served as float16.
 */
export function servingDtype(model: ResolvedModel, computeCapability?: number): Dtype {
  if (model.config.quantization === "awq" || model.config.quantization === "gptq") return "float16";
  return effectiveDtype(model.config.dtype ?? model.catalog?.dtype ?? "float16", computeCapability);
}

export function servingMemory(model: ResolvedModel, computeCapability?: number, maxContextLength = model.maxContextLength): MemoryEstimate {
  return estimateServingMemory(model.arch, {
    dtype: servingDtype(model, computeCapability),
    maxContextLength,
    quantizationBits: model.quantizationBits,
    ...(model.quantizationBits === undefined && model.catalog?.nativeQuantization ? { nativeQuantization: model.catalog.nativeQuantization } : {}),
  });
}

/** Longest context that still fits in `usableGiB`, or 0 when not even the weights fit. */
export function maxContextThatFits(model: ResolvedModel, usableGiB: number, computeCapability?: number): number {
  const fits = (tokens: number) => servingMemory(model, computeCapability, tokens).totalGiB <= usableGiB;
  if (!fits(0)) return 0;
  if (fits(model.arch.maxContextLength)) return model.arch.maxContextLength;
  // Memory grows with context (more slowly past a sliding window), so the largest fitting length is a bisection.
  let lo = 0;
  let hi = model.arch.maxContextLength;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Most tokens one embedding input may have: the catalog's limit for the model, never more than the context the
 * server is started with (`--max-model-len`), which vLLM's `truncate_prompt_tokens` may not exceed.
 */
export function embedInputLimit(model: ResolvedModel): number {
  return Math.min(model.catalog?.embedding?.maxInputTokens ?? model.maxContextLength, model.maxContextLength);
}

/** Size of the model's vectors (`VECTOR(FLOAT, n)`), when the catalog knows it. */
export function embeddingDimension(model: ResolvedModel): number | undefined {
  return model.catalog?.embedding?.dimension;
}
