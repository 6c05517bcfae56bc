/**
 * GPU node presets: what the fit check and a GPU pod's scheduling need to know about a kind of GPU
 * node. The built-in ones come from the catalog's GPUs; none of their numbers are restated here.
 */
import { z } from "zod";
import { GPU_PRODUCT_IDS, GPU_PRODUCTS, gpuProduct, type GpuProduct } from "../../catalog/gpus";
import { INSTANCE_FAMILIES } from "../../catalog/instanceFamilies";
import { DNS1123_LABEL, labelMap, nodeAffinityExpressionSchema, tolerationSchema, type Toleration } from "./primitives";

/** A kind of GPU node: what the fit check and the pod's scheduling need to know. */
export interface GpuPreset {
  /** GPU model as vendors print it, e.g. "L4" (catalog/gpus.ts `model`). */
  readonly gpuModel: string;
  /** The catalog's GPU product id (catalog/gpus.ts), when the preset is one the catalog knows. */
  readonly product?: string;
  /** Memory per GPU, GiB (catalog). */
  readonly memoryGiB: number;
  /** CUDA compute capability (bf16 needs >= 8.0, so a T4 serves `--dtype half`). */
  readonly computeCapability: number;
  /** GPUs on one node of this kind: the most one pod can ask for; undefined = not known, not checked. */
  readonly gpusPerNode?: number;
  /** Values of the `nvidia.com/gpu.product` node label (GPU Feature Discovery) for this GPU. */
  readonly productLabels: readonly string[];
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
}

/**
 * `nvidia.com/gpu.product` values GPU Feature Discovery sets for each catalog GPU: the driver's product
 * name with spaces as dashes (NVIDIA/k8s-device-plugin, gpu-feature-discovery), as seen on nodes:
 * `Tesla-T4`, `NVIDIA-A10G`, `NVIDIA-L4`, `NVIDIA-L40S`, `NVIDIA-A100-SXM4-80GB`, `NVIDIA-H100-80GB-HBM3`,
 * `NVIDIA-H200`. They name boards, not sizes: a PCIe board reports another name than the SXM one. A GPU
 * whose board names were not found here has none; give them in `kubernetes.gpu.presets.<name>.productLabels`.
 */
const PRODUCT_LABELS: Readonly<Record<string, readonly string[]>> = {
  t4: ["Tesla-T4"],
  a10g: ["NVIDIA-A10G"],
  a10: ["NVIDIA-A10"],
  l4: ["NVIDIA-L4"],
  l40s: ["NVIDIA-L40S"],
  "a100-40gb": ["NVIDIA-A100-SXM4-40GB", "NVIDIA-A100-PCIE-40GB"],
  "a100-80gb": ["NVIDIA-A100-SXM4-80GB", "NVIDIA-A100-80GB-PCIe"],
  "h100-80gb": ["NVIDIA-H100-80GB-HBM3"],
  h200: ["NVIDIA-H200"],
};

/** The most GPUs of a product on one node of an SPCS family (catalog/instanceFamilies.ts); undefined when no family has it. */
function gpusPerNodeOf(product: string): number | undefined {
  const counts = [...INSTANCE_FAMILIES.values()].filter((f) => f.gpu?.product === product).map((f) => f.gpu!.count);
  return counts.length > 0 ? Math.max(...counts) : undefined;
}

function presetOf(p: GpuProduct): GpuPreset {
  const perNode = gpusPerNodeOf(p.id);
  return {
    gpuModel: p.model,
    product: p.id,
    memoryGiB: p.memoryGiB,
    computeCapability: p.computeCapability,
    ...(perNode !== undefined ? { gpusPerNode: perNode } : {}),
    productLabels: PRODUCT_LABELS[p.id] ?? [],
    nodeSelector: {},
    tolerations: [],
  };
}

/**
 * Built-in presets, one per GPU product of the catalog (catalog/gpus.ts: memory and compute capability
 * from the vendors' pages, cited there), named by product id: `t4`, `a10g`, `a10`, `l4`, `l40s`,
 * `a100-40gb`, `a100-80gb`, `h100-80gb`, `h200`, `rtx-pro-6000`. GPUs per node come from the SPCS
 * families that carry the GPU (unknown, and unchecked, for the others). They carry no scheduling of
 * their own (no tolerations, no node selector): where GPU nodes are and how they are tainted is
 * cluster-specific, so it is configured (`kubernetes.gpu`), and a GPU model with none of it is refused
 * rather than left Pending.
 */
export const BUILTIN_GPU_PRESETS: ReadonlyMap<string, GpuPreset> = new Map(GPU_PRODUCT_IDS.map((id) => [id, presetOf(GPU_PRODUCTS.get(id)!)]));

/**
 * The catalog product a custom preset's `gpuModel` names: a product id (`a100-80gb`) or a model
 * (`A100`), narrowed by `memoryGiB` when several products share the model.
 */
export function productFor(gpuModel: string, memoryGiB?: number): GpuProduct | undefined {
  const byId = gpuProduct(gpuModel);
  if (byId) return byId;
  const same = [...GPU_PRODUCTS.values()].filter((p) => p.model.toLowerCase() === gpuModel.toLowerCase());
  return same.find((p) => memoryGiB === undefined || p.memoryGiB === memoryGiB) ?? (memoryGiB === undefined ? same[0] : undefined);
}

export const gpuPresetSchema = z.strictObject({
  gpuModel: z.string().optional().describe("A GPU the catalog knows, by product id (t4, a10g, a10, l4, l40s, a100-40gb, a100-80gb, h100-80gb, h200, rtx-pro-6000) or model (L4, A100 with memoryGiB); gives memory and compute capability. @default the built-in preset's of the same name"),
  memoryGiB: z.number().positive().optional().describe("Memory per GPU in GiB. @default the catalog's, for gpuModel"),
  computeCapability: z.number().positive().optional().describe("Compute capability. @default the catalog's, for gpuModel"),
  gpusPerNode: z.number().int().min(1).optional().describe("GPUs per node: the most one pod may ask for. @default the largest count of an SPCS family with that GPU, else not checked"),
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
    const product = p.gpuModel ? productFor(p.gpuModel, p.memoryGiB) : undefined;
    const base = out.get(name) ?? (product ? BUILTIN_GPU_PRESETS.get(product.id) : undefined);
    const memoryGiB = p.memoryGiB ?? base?.memoryGiB;
    const computeCapability = p.computeCapability ?? base?.computeCapability;
    if (memoryGiB === undefined || computeCapability === undefined) continue; // reported by the rules
    const gpusPerNode = p.gpusPerNode ?? base?.gpusPerNode;
    out.set(name, {
      gpuModel: base?.gpuModel ?? p.gpuModel ?? name,
      ...(base?.product ? { product: base.product } : {}),
      memoryGiB,
      computeCapability,
      ...(gpusPerNode !== undefined ? { gpusPerNode } : {}),
      productLabels: p.productLabels ?? base?.productLabels ?? [],
      nodeSelector: { ...(base?.nodeSelector ?? {}), ...p.nodeSelector },
      tolerations: [...(base?.tolerations ?? []), ...p.tolerations],
    });
  }
  return out;
}

