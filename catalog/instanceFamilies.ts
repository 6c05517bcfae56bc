/**
 * SPCS compute-pool instance families: the one place their size and credit rate live.
 *
 * Sizes are the user-accessible capacity from Snowflake's "CREATE COMPUTE POOL" reference
 * (docs.snowflake.com/en/sql-reference/sql/create-compute-pool, INSTANCE_FAMILY table).
 * Credits per hour are from the Snowflake Service Consumption Table
 * (www.snowflake.com/legal-files/CreditConsumptionTable.pdf, tables 1(e)–(g), "Snowpark Container
 * Services"); the table gives one rate per family for every cloud that offers it, so there is no
 * per-cloud split here. The clouds that offer each family are listed instead. Confirm the live list
 * on an account with `SHOW COMPUTE POOL INSTANCE FAMILIES`.
 */

export type Cloud = "aws" | "azure" | "gcp";

export interface InstanceFamily {
  /** The `INSTANCE_FAMILY` value. */
  readonly name: string;
  readonly vcpu: number;
  /** Memory available to containers, GiB (per cloud where it differs). */
  readonly memoryGiB: number;
  readonly memoryGiBByCloud?: Partial<Record<Cloud, number>>;
  /** GPU model, e.g. "A10G"; undefined for CPU families. */
  readonly gpu?: { readonly model: string; readonly count: number; readonly memoryGiB: number; readonly computeCapability: number };
  /** Credits per node-hour while the pool is IDLE or ACTIVE (billed states). */
  readonly creditsPerHour: number;
  /** Clouds that offer the family. */
  readonly clouds: readonly Cloud[];
  /** Per-account node limit; undefined = on request. */
  readonly nodeLimit?: number;
}

const ALL: readonly Cloud[] = ["aws", "azure", "gcp"];

// Compute capability decides bf16 support (>= 8.0): T4 = 7.5, A10/A10G = 8.6, A100 = 8.0, L4 = 8.9.
const A10G = { model: "A10G", memoryGiB: 24, computeCapability: 8.6 };
const A10 = { model: "A10", memoryGiB: 24, computeCapability: 8.6 };
const T4 = { model: "T4", memoryGiB: 16, computeCapability: 7.5 };
const L4 = { model: "L4", memoryGiB: 24, computeCapability: 8.9 };
const A100_40 = { model: "A100", memoryGiB: 40, computeCapability: 8.0 };
const A100_80 = { model: "A100", memoryGiB: 80, computeCapability: 8.0 };

const families: InstanceFamily[] = [
  { name: "CPU_X64_XS", vcpu: 1, memoryGiB: 6, creditsPerHour: 0.06, clouds: ALL, nodeLimit: 150 },
  { name: "CPU_X64_S", vcpu: 3, memoryGiB: 13, creditsPerHour: 0.11, clouds: ALL, nodeLimit: 150 },
  { name: "CPU_X64_M", vcpu: 6, memoryGiB: 28, creditsPerHour: 0.22, clouds: ALL, nodeLimit: 150 },
  { name: "CPU_X64_SL", vcpu: 14, memoryGiB: 54, creditsPerHour: 0.41, clouds: ALL, nodeLimit: 150 },
  { name: "CPU_X64_L", vcpu: 28, memoryGiB: 116, creditsPerHour: 0.83, clouds: ALL, nodeLimit: 150 },
  { name: "HIGHMEM_X64_S", vcpu: 6, memoryGiB: 58, creditsPerHour: 0.28, clouds: ALL, nodeLimit: 150 },
  { name: "HIGHMEM_X64_M", vcpu: 28, memoryGiB: 240, memoryGiBByCloud: { azure: 244, gcp: 244 }, creditsPerHour: 1.11, clouds: ALL, nodeLimit: 150 },
  { name: "HIGHMEM_X64_SL", vcpu: 92, memoryGiB: 654, creditsPerHour: 2.93, clouds: ["azure", "gcp"], nodeLimit: 20 },
  { name: "HIGHMEM_X64_L", vcpu: 124, memoryGiB: 984, creditsPerHour: 4.44, clouds: ["aws"], nodeLimit: 150 },
  { name: "GPU_NV_S", vcpu: 6, memoryGiB: 27, gpu: { ...A10G, count: 1 }, creditsPerHour: 0.57, clouds: ["aws"], nodeLimit: 150 },
  { name: "GPU_NV_M", vcpu: 44, memoryGiB: 178, gpu: { ...A10G, count: 4 }, creditsPerHour: 2.68, clouds: ["aws"], nodeLimit: 10 },
  { name: "GPU_NV_L", vcpu: 92, memoryGiB: 1112, gpu: { ...A100_40, count: 8 }, creditsPerHour: 14.12, clouds: ["aws"] },
  { name: "GPU_NV_XS", vcpu: 3, memoryGiB: 26, gpu: { ...T4, count: 1 }, creditsPerHour: 0.25, clouds: ["azure"], nodeLimit: 10 },
  { name: "GPU_NV_SM", vcpu: 32, memoryGiB: 424, gpu: { ...A10, count: 1 }, creditsPerHour: 1.7, clouds: ["azure"], nodeLimit: 10 },
  { name: "GPU_NV_2M", vcpu: 68, memoryGiB: 858, gpu: { ...A10, count: 2 }, creditsPerHour: 3.5, clouds: ["azure"], nodeLimit: 5 },
  { name: "GPU_NV_3M", vcpu: 44, memoryGiB: 424, gpu: { ...A100_80, count: 2 }, creditsPerHour: 3.55, clouds: ["azure"] },
  { name: "GPU_NV_SL", vcpu: 92, memoryGiB: 858, gpu: { ...A100_80, count: 4 }, creditsPerHour: 13.5, clouds: ["azure"] },
  { name: "GPU_GCP_NV_L4_1_24G", vcpu: 6, memoryGiB: 28, gpu: { ...L4, count: 1 }, creditsPerHour: 0.43, clouds: ["gcp"], nodeLimit: 10 },
  { name: "GPU_GCP_NV_L4_4_24G", vcpu: 44, memoryGiB: 178, gpu: { ...L4, count: 4 }, creditsPerHour: 1.94, clouds: ["gcp"], nodeLimit: 10 },
  { name: "GPU_GCP_NV_A100_8_40G", vcpu: 92, memoryGiB: 654, gpu: { ...A100_40, count: 8 }, creditsPerHour: 11.68, clouds: ["gcp"] },
];

export const INSTANCE_FAMILIES: ReadonlyMap<string, InstanceFamily> = new Map(families.map((f) => [f.name, f]));

export const INSTANCE_FAMILY_NAMES: readonly string[] = families.map((f) => f.name);

export function instanceFamily(name: string): InstanceFamily | undefined {
  return typeof name === "string" ? INSTANCE_FAMILIES.get(name.toUpperCase()) : undefined;
}

export function isGpuFamily(name: string): boolean {
  return instanceFamily(name)?.gpu !== undefined;
}

/** Credits per hour of a pool at a node count (SPCS bills per node in IDLE/ACTIVE/STOPPING/RESIZING). */
export function poolCreditsPerHour(familyName: string, nodes: number): number {
  const f = instanceFamily(familyName);
  if (!f) throw new Error(`unknown instance family ${familyName}`);
  return f.creditsPerHour * nodes;
}
