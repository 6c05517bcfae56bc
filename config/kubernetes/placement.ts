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

/** Where a model's weights are downloaded (`modelCache.downloadIn`, derived from the access mode). */
export function downloadMode(k8s: Pick<KubernetesConfig, "modelCache">): "job" | "server" {
  return k8s.modelCache.downloadIn ?? (k8s.modelCache.accessMode === "ReadWriteMany" ? "job" : "server");
}

/**
 * vLLM's CPU release images are built for AVX-512 before v0.17.0 (they die with SIGILL elsewhere:
 * vllm-project/vllm#18660; the Dockerfile.cpu default is `VLLM_CPU_DISABLE_AVX512=false`); from v0.17.0
 * one build dispatches between AVX2 and AVX-512 (vllm-project/vllm#35466; docs
 * getting_started/installation/cpu.x86.inc.md: "Pre-built vLLM wheels for x86 with AVX512/AVX2 are
 * available since version 0.17.0"). An image that is neither is assumed to need AVX-512, vLLM's
 * default build target.
 */
export const AVX2_CPU_RELEASE = [0, 17, 0] as const;

/** Whether the CPU model servers must land on AVX-512 nodes (`cpuNodes.requireAvx512`, derived from the CPU image). */
export function requiresAvx512(k8s: Pick<KubernetesConfig, "cpuNodes" | "images">): boolean {
  if (k8s.cpuNodes.requireAvx512 !== undefined) return k8s.cpuNodes.requireAvx512;
  const m = /(?:vllm-cpu-release-repo|vllm-openai-cpu):v(\d+)\.(\d+)\.(\d+)/.exec(k8s.images.vllmCpu);
  if (!m) return true;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  const newer = v[0] !== AVX2_CPU_RELEASE[0] ? v[0] > AVX2_CPU_RELEASE[0] : v[1] !== AVX2_CPU_RELEASE[1] ? v[1] > AVX2_CPU_RELEASE[1] : v[2] >= AVX2_CPU_RELEASE[2];
  return !newer;
}

/** The Node Feature Discovery label of AVX-512 Foundation (kubernetes-sigs/node-feature-discovery, "Feature labels": `cpu-cpuid.<flag>` = "true"). */
export const AVX512_NODE_LABEL = "feature.node.kubernetes.io/cpu-cpuid.AVX512F";

/**
 * Characters per token assumed when a character budget must stay inside a token limit (Open WebUI's
 * character splitter feeding a 256-token embedding model). English averages about 4 characters per
 * token; 3 leaves room for text that tokenizes denser (numbers, names, code).
 */
export const CHARS_PER_TOKEN = 3;

/**
 * Open WebUI's CHUNK_SIZE and CHUNK_OVERLAP (characters) for an embedding model reading `maxTokens`:
 * the configured ones, else the ingestion's chunk size capped at {@link CHARS_PER_TOKEN} per token.
 * (Open WebUI's own default, CHUNK_SIZE 1000, is in open-webui `backend/open_webui/config.py`; its
 * default splitter counts characters. vLLM answers 400 to an embedding input longer than
 * `--max-model-len`, and Open WebUI does not ask it to truncate.)
 */
export function uiChunking(k8s: Pick<KubernetesConfig, "ui" | "ingestion">, maxTokens: number): { size: number; overlap: number } {
  const size = k8s.ui.chunkSize ?? Math.min(k8s.ingestion?.chunkSize ?? Infinity, maxTokens * CHARS_PER_TOKEN);
  const overlap = k8s.ui.chunkOverlap ?? k8s.ingestion?.chunkOverlap ?? Math.floor(size / 10);
  return { size, overlap };
}
