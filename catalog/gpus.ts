/**
 * GPU products: the one place their memory and compute capability live. The SPCS instance families
 * (`instanceFamilies.ts`), the Kubernetes GPU presets and the fit checks read them from here.
 *
 * Compute capability: NVIDIA's "CUDA GPU Compute Capability" list, https://developer.nvidia.com/cuda-gpus
 * (the table the CUDA Programming Guide §5.1.1 points to). It decides what the GPU can run: bf16 needs
 * >= 8.0 (a T4 serves bf16 weights as fp16), FP8 tensor cores need >= 8.9 (Ada, Hopper, Blackwell).
 *
 * Memory: the vendor's product page or datasheet, cited per entry. Vendors state "GB"; the memory is
 * built from binary-sized parts, so the figure is taken as GiB. The driver reports a little less (ECC
 * and reserved pages: e.g. a T4 shows 15360 MiB, an A10G 23028 MiB in GPU Feature Discovery's
 * `nvidia.com/gpu.memory` label), which the fit checks leave to vLLM's `--gpu-memory-utilization`
 * headroom (0.9 by default).
 */

/** NVIDIA GPU architecture (generation). */
export type GpuArchitecture = "Turing" | "Ampere" | "Ada Lovelace" | "Hopper" | "Blackwell";

export interface GpuProduct {
  /** Key used by presets and config (`gpuModel`), lower-case: "t4", "a100-80gb". */
  readonly id: string;
  /** Product name as vendors and Snowflake print it, e.g. "A10G", "A100". */
  readonly model: string;
  /** Memory per GPU, GiB (vendor-stated GB; see the file comment). */
  readonly memoryGiB: number;
  /** CUDA compute capability, major.minor. */
  readonly computeCapability: number;
  readonly architecture: GpuArchitecture;
  /** Where the memory figure comes from. */
  readonly memorySource: string;
}

/** Where every compute capability below comes from. */
export const COMPUTE_CAPABILITY_SOURCE = "https://developer.nvidia.com/cuda-gpus";

const products: GpuProduct[] = [
  {
    id: "t4", model: "T4", memoryGiB: 16, computeCapability: 7.5, architecture: "Turing",
    memorySource: "https://www.nvidia.com/en-us/data-center/tesla-t4/ (16 GB GDDR6)",
  },
  {
    id: "a10g", model: "A10G", memoryGiB: 24, computeCapability: 8.6, architecture: "Ampere",
    // AWS-only variant of the A10 (EC2 G5); NVIDIA's list files it with the A10 (GA102, 8.6).
    memorySource: "https://aws.amazon.com/ec2/instance-types/g5/ (NVIDIA A10G, 24 GB per GPU)",
  },
  {
    id: "a10", model: "A10", memoryGiB: 24, computeCapability: 8.6, architecture: "Ampere",
    memorySource: "https://www.nvidia.com/en-us/data-center/products/a10-gpu/ (24 GB GDDR6)",
  },
  {
    id: "l4", model: "L4", memoryGiB: 24, computeCapability: 8.9, architecture: "Ada Lovelace",
    memorySource: "https://www.nvidia.com/en-us/data-center/l4/ (24 GB GDDR6)",
  },
  {
    id: "l40s", model: "L40S", memoryGiB: 48, computeCapability: 8.9, architecture: "Ada Lovelace",
    memorySource: "https://www.nvidia.com/en-us/data-center/l40s/ (48 GB GDDR6 with ECC)",
  },
  {
    id: "a100-40gb", model: "A100", memoryGiB: 40, computeCapability: 8.0, architecture: "Ampere",
    memorySource: "https://www.nvidia.com/en-us/data-center/a100/ (A100 40GB PCIe/SXM, HBM2)",
  },
  {
    id: "a100-80gb", model: "A100", memoryGiB: 80, computeCapability: 8.0, architecture: "Ampere",
    memorySource: "https://www.nvidia.com/en-us/data-center/a100/ (A100 80GB PCIe/SXM, HBM2e)",
  },
  {
    id: "h100-80gb", model: "H100", memoryGiB: 80, computeCapability: 9.0, architecture: "Hopper",
    // The H100 NVL variant has 94 GB; the SXM and PCIe boards have 80 GB.
    memorySource: "https://www.nvidia.com/en-us/data-center/h100/ (H100 SXM and PCIe, 80 GB HBM3/HBM2e)",
  },
  {
    id: "h200", model: "H200", memoryGiB: 141, computeCapability: 9.0, architecture: "Hopper",
    memorySource: "https://www.nvidia.com/en-us/data-center/h200/ (141 GB HBM3e)",
  },
  {
    // Snowflake's GPU_R6K_G1_* families (AWS) carry this board.
    id: "rtx-pro-6000", model: "RTX PRO 6000", memoryGiB: 96, computeCapability: 12.0, architecture: "Blackwell",
    memorySource: "https://www.nvidia.com/en-us/data-center/rtx-pro-6000-blackwell-server-edition/ (96 GB GDDR7 with ECC)",
  },
];

/** Every GPU product the catalog knows, by id. */
export const GPU_PRODUCTS: ReadonlyMap<string, GpuProduct> = new Map(products.map((p) => [p.id, p]));

/** Ids in catalog order (for error messages and docs). */
export const GPU_PRODUCT_IDS: readonly string[] = products.map((p) => p.id);

/** Case-insensitive lookup by id ("A100-80GB" works). */
export function gpuProduct(id: string): GpuProduct | undefined {
  return typeof id === "string" ? GPU_PRODUCTS.get(id.toLowerCase()) : undefined;
}

/** Lookup that throws: for the catalog's own tables, where a missing id is a programming error. */
export function requireGpuProduct(id: string): GpuProduct {
  const p = gpuProduct(id);
  if (!p) throw new Error(`unknown GPU product ${id}; known: ${GPU_PRODUCT_IDS.join(", ")}`);
  return p;
}

/** bf16 arithmetic needs compute capability 8.0 (Ampere) or newer. */
export function supportsBf16(computeCapability: number): boolean {
  return computeCapability >= 8.0;
}

/** FP8 tensor cores: compute capability 8.9 (Ada) or newer. */
export function hasFp8TensorCores(computeCapability: number): boolean {
  return computeCapability >= 8.9;
}
