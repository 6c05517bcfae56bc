/**
 * Placement: what a model placed on Kubernetes runs on and whether it fits, and the model cache's
 * derived size. Shared by the rules and the manifests. The numbers that decide whether a model fits
 * a GPU come from the catalog (`catalog/sizing.ts` memory estimate, the presets' GPU specs).
 */
import { GPU_MEMORY_UTILIZATION, type MemoryEstimate } from "../../catalog/sizing";
import type { Dtype } from "../../catalog/models";
import { maxContextThatFits, resolveModel, servingDtype, servingMemory, type ResolvedModel } from "../resolve";
import type { ModelConfig } from "../schema";
import { gpuPresets, type GpuPreset } from "./gpuPresets";
import type { KubernetesConfig, ModelKubernetesConfig } from "./schema";

export interface KubernetesModelPlacement {
  /** Index in `models[]`. */
  readonly index: number;
  readonly k8s: ModelKubernetesConfig;
  /** The model as it is served, after an opted-in quantization or context cut. */
  readonly resolved: ResolvedModel;
  readonly device: "gpu" | "cpu";
  readonly presetName?: string;
  readonly preset?: GpuPreset;
  readonly gpus: number;
  readonly dtype: Dtype;
  readonly maxContextLength: number;
  readonly gpuMemoryUtilization: number;
  readonly memory: MemoryEstimate;
  /** GPU memory vLLM may use across the pod's GPUs; undefined on CPU. */
  readonly usableGiB?: number;
  readonly fits: boolean;
  /** What was changed to make it fit (opted in with fitToGpu). */
  readonly adjustments: readonly string[];
}

/** Where and how a model placed on Kubernetes runs; undefined when it is not placed there or is unknown. */
export function placeKubernetesModel(model: ModelConfig, index: number, k8s: KubernetesConfig): KubernetesModelPlacement | undefined {
  const mk = model.kubernetes;
  if (!mk) return undefined;
  const base = resolveModel(model);
  if (!base) return undefined;
  const device = mk.gpu !== undefined ? "gpu" : "cpu";
  const preset = mk.gpu !== undefined ? gpuPresets(k8s).get(mk.gpu) : undefined;
  const gpuMemoryUtilization = mk.gpuMemoryUtilization ?? GPU_MEMORY_UTILIZATION;
  const gpus = device === "gpu" ? mk.gpus : 0;
  const cc = preset?.computeCapability;
  const usableGiB = preset ? preset.memoryGiB * gpus * gpuMemoryUtilization : undefined;

  const shape = (resolved: ResolvedModel, adjustments: string[]): KubernetesModelPlacement => {
    const memory = servingMemory(resolved, cc);
    return {
      index,
      k8s: mk,
      resolved,
      device,
      presetName: mk.gpu,
      preset,
      gpus,
      dtype: servingDtype(resolved, cc),
      maxContextLength: resolved.maxContextLength,
      gpuMemoryUtilization,
      memory,
      usableGiB,
      fits: usableGiB === undefined || memory.totalGiB <= usableGiB,
      adjustments,
    };
  };

  const first = shape(base, []);
  if (first.fits || usableGiB === undefined) return first;
  if (mk.fitToGpu === "quantize" && !model.quantization) {
    const variant = base.catalog?.quantizedVariants?.[0];
    if (variant) {
      const q = resolveModel({ ...model, quantization: variant.quantization });
      if (q) {
        const placed = shape(q, [`serving the catalog's ${variant.bits}-bit ${variant.quantization.toUpperCase()} variant ${variant.id} (fitToGpu: quantize)`]);
        if (placed.fits) return placed;
      }
    }
  }
  if (mk.fitToGpu === "shortenContext") {
    const fit = maxContextThatFits(base, usableGiB, cc);
    if (fit > 0) {
      const s = resolveModel({ ...model, maxContextLength: fit });
      if (s) return shape(s, [`--max-model-len cut from ${base.maxContextLength} to ${fit} tokens to fit (fitToGpu: shortenContext)`]);
    }
  }
  return first;
}

/** Smallest model cache that holds the weights (with room for tokenizer files and re-downloads). */
export const CACHE_HEADROOM = 1.5;
export const MIN_CACHE_GiB = 20;

export function cacheSizeGiB(placements: readonly KubernetesModelPlacement[]): number {
  const weights = placements.reduce((s, p) => s + p.memory.weightsGiB, 0);
  return Math.max(MIN_CACHE_GiB, Math.ceil(weights * CACHE_HEADROOM));
}
