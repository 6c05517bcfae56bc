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
    quantizationBits: model.quantization ? (variant?.bits ?? 4) : undefined,
  };
}

export function servingDtype(model: ResolvedModel, computeCapability?: number): Dtype {
  return effectiveDtype(model.config.dtype ?? model.catalog?.dtype ?? "float16", computeCapability);
}

export function servingMemory(model: ResolvedModel, computeCapability?: number, maxContextLength = model.maxContextLength): MemoryEstimate {
  return estimateServingMemory(model.arch, {
    dtype: servingDtype(model, computeCapability),
    maxContextLength,
    quantizationBits: model.quantizationBits,
  });
}

/** Longest context that still fits in `usableGiB`, or 0 when not even the weights fit. */
export function maxContextThatFits(model: ResolvedModel, usableGiB: number, computeCapability?: number): number {
  const base = servingMemory(model, computeCapability, 0);
  const perToken = servingMemory(model, computeCapability, 1).kvCacheGiB;
  if (base.totalGiB > usableGiB) return 0;
  if (perToken === 0) return model.arch.maxContextLength;
  return Math.min(model.arch.maxContextLength, Math.floor((usableGiB - base.totalGiB) / perToken));
}
