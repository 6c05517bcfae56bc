/**
 * SPCS compute-pool instance families: the one place their size and credit rate live. The config's
 * fit check, the cost policies and the plan's cost all read them from here; GPUs come from `gpus.ts`.
 *
 * Sizes (vCPU, memory and GPUs available to containers):
 * - First-generation families (CPU_X64_*, HIGHMEM_X64_*, GPU_NV_*, GPU_GCP_NV_*): Snowflake's
 *   "CREATE COMPUTE POOL" reference, INSTANCE_FAMILY table
 *   (docs.snowflake.com/en/sql-reference/sql/create-compute-pool).
 * - Current-generation GPU families (GPU_L40S_G1_*, GPU_R6K_G1_*): the names are those of the Snowflake
 *   Terraform provider (snowflakedb/terraform-provider-snowflake v2.20.0, pkg/sdk/compute_pools_enums.go);
 *   the sizes are from `SHOW COMPUTE POOL INSTANCE FAMILIES` output that public projects committed
 *   (2026). Snowflake's sizing table for them could not be read here, so each such entry says where its
 *   size comes from (`sizeSource`), and only families whose size was found are listed (see
 *   UNSIZED_INSTANCE_FAMILIES).
 *
 * Credits per node-hour: the Snowflake Service Consumption Table
 * (www.snowflake.com/legal-files/CreditConsumptionTable.pdf, effective 2026-05-12): Table 1(f) for the
 * first generation (one rate for every cloud that offers a family), Table 1(g) for the current
 * generation (a rate per cloud). The PDF is not readable here; the values are the transcription in
 * sfc-gh-ldeleyritz/snowflake-sizing@a53e44a:scripts/verify-pricing-json.py, which agrees with the
 * two third-party transcriptions the project used before for Table 1(f).
 *
 * Confirm on an account with `SHOW COMPUTE POOL INSTANCE FAMILIES` (columns vcpu, memory_gib, gpu,
 * gpu_count, gpu_memory_gib; docs.snowflake.com/en/sql-reference/sql/show-compute-pool-instance-families):
 * availability varies by region.
 */
import { requireGpuProduct } from "./gpus";

export type Cloud = "aws" | "azure" | "gcp";

export interface InstanceFamilyGpu {
  /** Key into `GPU_PRODUCTS` (catalog/gpus.ts). */
  readonly product: string;
  /** GPU model as Snowflake prints it, e.g. "A10G". */
  readonly model: string;
  readonly count: number;
  /** Memory per GPU, GiB. */
  readonly memoryGiB: number;
  readonly computeCapability: number;
}

export interface InstanceFamily {
  /** The `INSTANCE_FAMILY` value. */
  readonly name: string;
  /** 1 = the CPU_X64, HIGHMEM_X64 and GPU_NV families (Table 1(f)); 2 = current generation (Table 1(g)). */
  readonly generation: 1 | 2;
  readonly vcpu: number;
  /** Memory available to containers, GiB (per cloud where it differs). */
  readonly memoryGiB: number;
  readonly memoryGiBByCloud?: Partial<Record<Cloud, number>>;
  /** GPUs of a node; undefined for CPU families. */
  readonly gpu?: InstanceFamilyGpu;
  /** Credits per node-hour on each cloud that offers the family (billed while IDLE/ACTIVE/STOPPING/RESIZING). */
  readonly creditsPerHourByCloud: Readonly<Partial<Record<Cloud, number>>>;
  /** Credits per node-hour where the cloud is not known: the highest of the clouds' rates. */
  readonly creditsPerHour: number;
  /** Clouds that offer the family. */
  readonly clouds: readonly Cloud[];
  /** Per-account node limit; undefined = on request or not documented. */
  readonly nodeLimit?: number;
  /** Where vCPU, memory and GPU count come from, when not Snowflake's CREATE COMPUTE POOL table. */
  readonly sizeSource?: string;
}

const ALL: readonly Cloud[] = ["aws", "azure", "gcp"];

function gpu(product: string, count: number): InstanceFamilyGpu {
  const p = requireGpuProduct(product);
  return { product: p.id, model: p.model, count, memoryGiB: p.memoryGiB, computeCapability: p.computeCapability };
}

type Row = Omit<InstanceFamily, "creditsPerHour" | "creditsPerHourByCloud" | "clouds" | "generation"> & { readonly credits: Readonly<Partial<Record<Cloud, number>>> };

/** First generation: one Table 1(f) rate for every cloud listed. */
function gen1(row: Omit<Row, "credits"> & { readonly credits: number; readonly clouds: readonly Cloud[] }): InstanceFamily {
  const byCloud = Object.fromEntries(row.clouds.map((c) => [c, row.credits])) as Partial<Record<Cloud, number>>;
  const { credits, clouds, ...rest } = row;
  return { ...rest, generation: 1, clouds, creditsPerHourByCloud: byCloud, creditsPerHour: credits };
}

/** Current generation: Table 1(g) rates per cloud; the clouds are those with a rate. */
function gen2(row: Row): InstanceFamily {
  const { credits, ...rest } = row;
  const clouds = ALL.filter((c) => credits[c] !== undefined);
  return { ...rest, generation: 2, clouds, creditsPerHourByCloud: credits, creditsPerHour: Math.max(...clouds.map((c) => credits[c]!)) };
}

// Sizes of current-generation families as `SHOW COMPUTE POOL INSTANCE FAMILIES` printed them on accounts
// whose owners committed the output (third-party, 2026): a table "queried live from the account"
// (GPU_L40S_G1_16, GPU_R6K_G1_16, GPU_R6K_G1_48) and an SQL comment on a verified pool (GPU_L40S_G1_8).
const SHOWN_ON_AN_ACCOUNT = "SHOW COMPUTE POOL INSTANCE FAMILIES output committed by public projects (2026); not in Snowflake's docs table read here";

const families: InstanceFamily[] = [
  gen1({ name: "CPU_X64_XS", vcpu: 1, memoryGiB: 6, credits: 0.06, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "CPU_X64_S", vcpu: 3, memoryGiB: 13, credits: 0.11, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "CPU_X64_M", vcpu: 6, memoryGiB: 28, credits: 0.22, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "CPU_X64_SL", vcpu: 14, memoryGiB: 54, credits: 0.41, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "CPU_X64_L", vcpu: 28, memoryGiB: 116, credits: 0.83, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "HIGHMEM_X64_S", vcpu: 6, memoryGiB: 58, credits: 0.28, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "HIGHMEM_X64_M", vcpu: 28, memoryGiB: 240, memoryGiBByCloud: { azure: 244, gcp: 244 }, credits: 1.11, clouds: ALL, nodeLimit: 150 }),
  gen1({ name: "HIGHMEM_X64_SL", vcpu: 92, memoryGiB: 654, credits: 2.93, clouds: ["azure", "gcp"], nodeLimit: 20 }),
  gen1({ name: "HIGHMEM_X64_L", vcpu: 124, memoryGiB: 984, credits: 4.44, clouds: ["aws"], nodeLimit: 150 }),
  gen1({ name: "GPU_NV_S", vcpu: 6, memoryGiB: 27, gpu: gpu("a10g", 1), credits: 0.57, clouds: ["aws"], nodeLimit: 150 }),
  gen1({ name: "GPU_NV_M", vcpu: 44, memoryGiB: 178, gpu: gpu("a10g", 4), credits: 2.68, clouds: ["aws"], nodeLimit: 10 }),
  gen1({ name: "GPU_NV_L", vcpu: 92, memoryGiB: 1112, gpu: gpu("a100-40gb", 8), credits: 14.12, clouds: ["aws"] }),
  gen1({ name: "GPU_NV_XS", vcpu: 3, memoryGiB: 26, gpu: gpu("t4", 1), credits: 0.25, clouds: ["azure"], nodeLimit: 10 }),
  gen1({ name: "GPU_NV_SM", vcpu: 32, memoryGiB: 424, gpu: gpu("a10", 1), credits: 1.7, clouds: ["azure"], nodeLimit: 10 }),
  gen1({ name: "GPU_NV_2M", vcpu: 68, memoryGiB: 858, gpu: gpu("a10", 2), credits: 3.5, clouds: ["azure"], nodeLimit: 5 }),
  gen1({ name: "GPU_NV_3M", vcpu: 44, memoryGiB: 424, gpu: gpu("a100-80gb", 2), credits: 3.55, clouds: ["azure"] }),
  gen1({ name: "GPU_NV_SL", vcpu: 92, memoryGiB: 858, gpu: gpu("a100-80gb", 4), credits: 13.5, clouds: ["azure"] }),
  gen1({ name: "GPU_GCP_NV_L4_1_24G", vcpu: 6, memoryGiB: 28, gpu: gpu("l4", 1), credits: 0.43, clouds: ["gcp"], nodeLimit: 10 }),
  gen1({ name: "GPU_GCP_NV_L4_4_24G", vcpu: 44, memoryGiB: 178, gpu: gpu("l4", 4), credits: 1.94, clouds: ["gcp"], nodeLimit: 10 }),
  gen1({ name: "GPU_GCP_NV_A100_8_40G", vcpu: 92, memoryGiB: 654, gpu: gpu("a100-40gb", 8), credits: 11.68, clouds: ["gcp"] }),
  gen2({ name: "GPU_L40S_G1_8", vcpu: 6, memoryGiB: 58, gpu: gpu("l40s", 1), credits: { aws: 1.58 }, sizeSource: SHOWN_ON_AN_ACCOUNT }),
  gen2({ name: "GPU_L40S_G1_16", vcpu: 14, memoryGiB: 116, gpu: gpu("l40s", 1), credits: { aws: 3.16 }, sizeSource: SHOWN_ON_AN_ACCOUNT }),
  gen2({ name: "GPU_R6K_G1_16", vcpu: 14, memoryGiB: 116, gpu: gpu("rtx-pro-6000", 1), credits: { aws: 5.074 }, sizeSource: SHOWN_ON_AN_ACCOUNT }),
  gen2({ name: "GPU_R6K_G1_48", vcpu: 44, memoryGiB: 490, gpu: gpu("rtx-pro-6000", 2), credits: { aws: 15.222 }, sizeSource: SHOWN_ON_AN_ACCOUNT }),
];

/**
 * Current-generation families Snowflake offers (Terraform provider enum; Table 1(g) rates) whose vCPU,
 * memory and GPU count no readable source gave. They are refused by name with that reason rather than
 * guessed; add one to `families` above once `SHOW COMPUTE POOL INSTANCE FAMILIES` shows its size.
 */
export const UNSIZED_INSTANCE_FAMILIES: ReadonlyMap<string, Readonly<Partial<Record<Cloud, number>>>> = new Map<string, Partial<Record<Cloud, number>>>([
  ["GPU_L40S_G1_48", { aws: 9.48 }],
  ["GPU_L40S_G1_192", { aws: 37.92 }],
  ["GPU_R6K_G1_8", { aws: 2.537 }],
  ["GPU_R6K_G1_32", { aws: 10.148 }],
  ["GPU_R6K_G1_96", { aws: 30.444 }],
  ["GPU_R6K_G1_192", { aws: 60.888 }],
  ["GPU_A100_G1_12", { gcp: 5.051 }],
  ["GPU_A100_G1_48", { gcp: 20.204 }],
  ["GEN_ARM_G1_2", { aws: 0.084 }],
  ["GEN_ARM_G1_4", { aws: 0.168 }],
  ["GEN_ARM_G1_8", { aws: 0.336 }],
  ["GEN_ARM_G1_16", { aws: 0.672 }],
  ["GEN_ARM_G1_32", { aws: 1.344 }],
  ["GEN_X64_G2_2", { aws: 0.092, azure: 0.086 }],
  ["GEN_X64_G2_4", { aws: 0.184, azure: 0.172 }],
  ["GEN_X64_G2_8", { aws: 0.368, azure: 0.344 }],
  ["GEN_X64_G2_16", { azure: 0.688 }],
  ["GEN_X64_G2_32", { aws: 1.472, azure: 1.376 }],
  ["MEM_X64_G2_8", { aws: 0.392, azure: 0.311 }],
  ["MEM_X64_G2_32", { aws: 1.568, azure: 1.244 }],
  ["MEM_X64_G2_64", { aws: 3.136, azure: 2.486 }],
  ["MEM_X64_G2_96", { azure: 3.732 }],
  ["MEM_X64_G2_192", { aws: 9.408 }],
]);

export const INSTANCE_FAMILIES: ReadonlyMap<string, InstanceFamily> = new Map(families.map((f) => [f.name, f]));

export const INSTANCE_FAMILY_NAMES: readonly string[] = families.map((f) => f.name);

export function instanceFamily(name: string): InstanceFamily | undefined {
  return typeof name === "string" ? INSTANCE_FAMILIES.get(name.toUpperCase()) : undefined;
}

export function isGpuFamily(name: string): boolean {
  return instanceFamily(name)?.gpu !== undefined;
}

/** Credits per node-hour of a family on a cloud; without a cloud (or one that lacks the family), the highest rate. */
export function familyCreditsPerHour(family: InstanceFamily, cloud?: Cloud): number {
  return (cloud !== undefined ? family.creditsPerHourByCloud[cloud] : undefined) ?? family.creditsPerHour;
}

/** Credits per hour of a pool at a node count (SPCS bills per node in IDLE/ACTIVE/STOPPING/RESIZING). */
export function poolCreditsPerHour(familyName: string, nodes: number, cloud?: Cloud): number {
  const f = instanceFamily(familyName);
  if (!f) throw new Error(`unknown instance family ${familyName}`);
  return familyCreditsPerHour(f, cloud) * nodes;
}
