/**
 * GPU node presets: what the fit check and a GPU pod's scheduling need to know about a kind of GPU
 * node. The built-in ones come from the catalog's GPUs; none of their numbers are restated here.
 */
import { z } from "zod";
import { INSTANCE_FAMILIES } from "../../catalog/instanceFamilies";
import { DNS1123_LABEL, labelMap, nodeAffinityExpressionSchema, tolerationSchema, type Toleration } from "./primitives";

/** A kind of GPU node: what the fit check and the pod's scheduling need to know. */
export interface GpuPreset {
  /** GPU model, e.g. "T4". */
  readonly gpuModel: string;
  /** Memory per GPU, GiB (catalog). */
  readonly memoryGiB: number;
  /** CUDA compute capability (bf16 needs >= 8.0, so a T4 serves `--dtype half`). */
  readonly computeCapability: number;
  /** GPUs on one node of this kind: the most one pod can ask for. */
  readonly gpusPerNode: number;
  /** Values of the `nvidia.com/gpu.product` node label (GPU Feature Discovery) for this GPU. */
  readonly productLabels: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/** GFD product label values of the GPUs the catalog knows (they name SKUs, not sizes). */
const PRODUCT_LABELS: Record<string, Record<number, string[]>> = {
  T4: { 16: ["Tesla-T4"] },
  A10G: { 24: ["NVIDIA-A10G"] },
  A10: { 24: ["NVIDIA-A10"] },
  L4: { 24: ["NVIDIA-L4"] },
  A100: { 40: ["NVIDIA-A100-SXM4-40GB", "NVIDIA-A100-PCIE-40GB"], 80: ["NVIDIA-A100-SXM4-80GB", "NVIDIA-A100-80GB-PCIe"] },
};

function catalogGpus(): Map<string, { gpuModel: string; memoryGiB: number; computeCapability: number; gpusPerNode: number }> {
  const out = new Map<string, { gpuModel: string; memoryGiB: number; computeCapability: number; gpusPerNode: number }>();
  for (const fam of INSTANCE_FAMILIES.values()) {
    if (!fam.gpu) continue;
    const sameModel = [...INSTANCE_FAMILIES.values()].filter((f) => f.gpu?.model === fam.gpu!.model);
    const sizes = new Set(sameModel.map((f) => f.gpu!.memoryGiB));
    const name = sizes.size > 1 ? `${fam.gpu.model.toLowerCase()}-${fam.gpu.memoryGiB}gb` : fam.gpu.model.toLowerCase();
    const prev = out.get(name);
    out.set(name, {
      gpuModel: fam.gpu.model,
      memoryGiB: fam.gpu.memoryGiB,
      computeCapability: fam.gpu.computeCapability,
      gpusPerNode: Math.max(prev?.gpusPerNode ?? 0, fam.gpu.count),
    });
  }
  return out;
}

/**
 * Built-in presets, one per GPU in the catalog: `t4`, `a10g`, `a10`, `l4`, `a100-40gb`, `a100-80gb`.
 * They carry no scheduling of their own (no tolerations, no node selector): where GPU nodes are and
 * how they are tainted is cluster-specific, so it is configured (`kubernetes.gpu`), and a GPU model
 * with none of it is refused rather than left Pending.
 */
export const BUILTIN_GPU_PRESETS: ReadonlyMap<string, GpuPreset> = new Map(
  [...catalogGpus()].map(([name, g]) => [
    name,
    { ...g, productLabels: PRODUCT_LABELS[g.gpuModel]?.[g.memoryGiB] ?? [], nodeSelector: {}, tolerations: [] },
  ]),
);

export const gpuPresetSchema = z.strictObject({
  gpuModel: z.string().optional().describe("A GPU the catalog knows (T4, A10G, A10, L4, A100); gives memory and compute capability. @default the built-in preset's of the same name"),
  memoryGiB: z.number().positive().optional().describe("Memory per GPU in GiB. @default the catalog's, for gpuModel"),
  computeCapability: z.number().positive().optional().describe("Compute capability. @default the catalog's, for gpuModel"),
  gpusPerNode: z.number().int().min(1).optional().describe("GPUs per node. @default the catalog's largest count for gpuModel, else 1"),
  productLabels: z.array(z.string()).optional().describe("`nvidia.com/gpu.product` values. @default the built-in preset's"),
  nodeSelector: labelMap.default({}).describe("Node selector added for this preset. @default {}"),
  tolerations: z.array(tolerationSchema).default([]).describe("Tolerations added for this preset. @default []"),
});

export const gpuSchema = z.strictObject({
  resourceName: z.string().default("nvidia.com/gpu").describe("Extended resource the device plugin advertises. @default \"nvidia.com/gpu\""),
  tolerations: z.array(tolerationSchema).default([]).describe("Tolerations for every GPU pod, e.g. `[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]` (`Exists` matches both the `=present` and `=true` taint variants). @default []"),
  nodeSelector: labelMap.default({}).describe("Node selector for every GPU pod, e.g. `{cloud.google.com/gke-accelerator: nvidia-tesla-t4}`. @default {}"),
  nodeAffinity: z.array(nodeAffinityExpressionSchema).default([]).describe("Required node-affinity expressions for every GPU pod. @default []"),
  selectByProductLabel: z.boolean().default(false).describe("Require the preset's GPU through the GPU Feature Discovery label `nvidia.com/gpu.product` (installed by the NVIDIA GPU operator). @default false"),
  runtimeClassName: z.string().optional().describe("`runtimeClassName` of GPU pods (e.g. \"nvidia\" where the toolkit is not the default runtime). @default none"),
  presets: z.record(z.string().regex(DNS1123_LABEL), gpuPresetSchema.describe("One kind of GPU node, named as `models[].kubernetes.gpu` refers to it.")).default({}).describe("Presets by name, added to (or overriding) the built-in ones. @default {}"),
});

/** The `kubernetes.gpu` part of the config that {@link gpuPresets} reads. */
export type GpuConfig = z.output<typeof gpuSchema>;

export function gpuPresets(k8s: { readonly gpu: GpuConfig }): Map<string, GpuPreset> {
  const out = new Map(BUILTIN_GPU_PRESETS);
  for (const [name, p] of Object.entries(k8s.gpu.presets)) {
    const base = out.get(name) ?? (p.gpuModel ? [...BUILTIN_GPU_PRESETS.values()].find((b) => b.gpuModel.toLowerCase() === p.gpuModel!.toLowerCase()) : undefined);
    const memoryGiB = p.memoryGiB ?? base?.memoryGiB;
    const computeCapability = p.computeCapability ?? base?.computeCapability;
    if (memoryGiB === undefined || computeCapability === undefined) continue; // reported by the rules
    out.set(name, {
      gpuModel: p.gpuModel ?? base?.gpuModel ?? name,
      memoryGiB,
      computeCapability,
      gpusPerNode: p.gpusPerNode ?? base?.gpusPerNode ?? 1,
      productLabels: p.productLabels ?? base?.productLabels ?? [],
      nodeSelector: { ...(base?.nodeSelector ?? {}), ...p.nodeSelector },
      tolerations: [...(base?.tolerations ?? []), ...p.tolerations],
    });
  }
  return out;
}

