/**
 * Stack config for the Kubernetes path: the `llmstack:kubernetes` key and each model's
 * `models[].kubernetes` placement, their cross-field rules (`checkKubernetesConfig`) and the
 * placement arithmetic the rules and the manifests share (`placeKubernetesModel`).
 *
 * Everything has a safe default: ClusterIP only, NetworkPolicies on, non-root, pinned images,
 * nothing optional (vector store, ingestion, UI) running unless asked for. The numbers that decide
 * whether a model fits a GPU come from the catalog (`catalog/instanceFamilies.ts` GPU specs,
 * `catalog/sizing.ts` memory estimate); none are restated here.
 */
import { z } from "zod";
import { INSTANCE_FAMILIES } from "../catalog/instanceFamilies";
import { GPU_MEMORY_UTILIZATION, round1, type MemoryEstimate } from "../catalog/sizing";
import { VLLM_CPU_IMAGE, VLLM_IMAGE } from "../catalog/vllm";
import type { Dtype } from "../catalog/models";
import { maxContextThatFits, resolveModel, servingDtype, servingMemory, type ResolvedModel } from "./resolve";
import type { ModelConfig, StackConfig } from "./schema";

// ---------------------------------------------------------------------------------------------
// Building blocks

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Object names of the platform a model's Kubernetes name must not take. */
export const RESERVED_NAMES: readonly string[] = ["chroma", "open-webui", "model-cache", "ingest", "ingest-config"];
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes quantity with a binary or decimal unit, e.g. `20Gi`, `512Mi`. */
const storageQuantity = z
  .string()
  .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)$/, { error: "must be a quantity with a unit, e.g. 20Gi or 512Mi" });

/** CPU as cores (`2`, `0.5`) or millicores (`500m`). */
const cpuQuantity = z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?m?$/, { error: "must be cores (2, 0.5) or millicores (500m)" })]);

const resourceListSchema = z.strictObject({
  /** CPU, cores or millicores. @default derived */
  cpu: cpuQuantity.optional(),
  /** Memory with a unit, e.g. `8Gi`. @default derived */
  memory: storageQuantity.optional(),
});

/** Container `resources`; unset fields are derived from the model's size. */
const resourcesSchema = z.strictObject({
  /** @default derived (see the component) */
  requests: resourceListSchema.optional(),
  /** @default derived; memory limit = memory request */
  limits: resourceListSchema.optional(),
});

const labelMap = z.record(z.string().min(1).max(316), z.string().max(63));

/** A pod toleration (Kubernetes `core/v1 Toleration`). */
export const tolerationSchema = z.strictObject({
  /** Taint key, e.g. `nvidia.com/gpu`; empty with operator Exists tolerates every taint. @default every key */
  key: z.string().optional(),
  /** @default "Exists" when no value is given, else "Equal" */
  operator: z.enum(["Exists", "Equal"]).optional(),
  /** Taint value (operator Equal). @default none */
  value: z.string().optional(),
  /** @default every effect */
  effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
  /** Seconds a NoExecute taint is tolerated. @default forever */
  tolerationSeconds: z.number().int().min(0).optional(),
});

/** One required node-affinity match expression (all expressions are ANDed). */
export const nodeAffinityExpressionSchema = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
  /** @default [] */
  values: z.array(z.string()).default([]),
});

/** A NetworkPolicy peer allowed to call the platform's services from outside its namespace. */
export const networkPeerSchema = z.strictObject({
  /** Namespaces whose labels match (e.g. `{kubernetes.io/metadata.name: ingress-nginx}`). @default any namespace when podSelector is set, else none */
  namespaceSelector: labelMap.optional(),
  /** Pods whose labels match. @default every pod of the selected namespaces */
  podSelector: labelMap.optional(),
  /** An IP range. @default none */
  ipBlock: z.strictObject({ cidr: z.string().min(1), except: z.array(z.string()).default([]) }).optional(),
});

/**
 * An image reference pinned to a version tag or digest. `latest` and untagged references move under
 * you (and production-stack's `:latest` + `Always` pull is one of the things this library fixes).
 */
export const pinnedImage = z
  .string()
  .min(1)
  .refine((ref) => imageIsPinned(ref), { error: "must be pinned to a version tag or digest (name:tag or name@sha256:…), not :latest or untagged" });

export function imageIsPinned(ref: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(ref)) return true;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", lastSlash + 1);
  if (colon < 0) return false;
  const tag = ref.slice(colon + 1);
  return tag.length > 0 && tag !== "latest";
}

// ---------------------------------------------------------------------------------------------
// GPU presets, from the catalog

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

export type Toleration = z.output<typeof tolerationSchema>;
export type NodeAffinityExpression = z.output<typeof nodeAffinityExpressionSchema>;
export type NetworkPeer = z.output<typeof networkPeerSchema>;

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

const gpuPresetSchema = z.strictObject({
  /** A GPU the catalog knows (T4, A10G, A10, L4, A100); gives memory and compute capability. @default the built-in preset's of the same name */
  gpuModel: z.string().optional(),
  /** Memory per GPU in GiB. @default the catalog's, for gpuModel */
  memoryGiB: z.number().positive().optional(),
  /** Compute capability. @default the catalog's, for gpuModel */
  computeCapability: z.number().positive().optional(),
  /** GPUs per node. @default the catalog's largest count for gpuModel, else 1 */
  gpusPerNode: z.number().int().min(1).optional(),
  /** `nvidia.com/gpu.product` values. @default the built-in preset's */
  productLabels: z.array(z.string()).optional(),
  /** Node selector added for this preset. @default {} */
  nodeSelector: labelMap.default({}),
  /** Tolerations added for this preset. @default [] */
  tolerations: z.array(tolerationSchema).default([]),
});

const gpuSchema = z.strictObject({
  /** Extended resource the device plugin advertises. @default "nvidia.com/gpu" */
  resourceName: z.string().default("nvidia.com/gpu"),
  /**
   * Tolerations for every GPU pod, e.g. `[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]`
   * (`Exists` matches both the `=present` and `=true` taint variants). @default []
   */
  tolerations: z.array(tolerationSchema).default([]),
  /** Node selector for every GPU pod, e.g. `{cloud.google.com/gke-accelerator: nvidia-tesla-t4}`. @default {} */
  nodeSelector: labelMap.default({}),
  /** Required node-affinity expressions for every GPU pod. @default [] */
  nodeAffinity: z.array(nodeAffinityExpressionSchema).default([]),
  /**
   * Require the preset's GPU through the GPU Feature Discovery label `nvidia.com/gpu.product`
   * (installed by the NVIDIA GPU operator). @default false
   */
  selectByProductLabel: z.boolean().default(false),
  /** `runtimeClassName` of GPU pods (e.g. "nvidia" where the toolkit is not the default runtime). @default none */
  runtimeClassName: z.string().optional(),
  /** Presets by name, added to (or overriding) the built-in ones. @default {} */
  presets: z.record(z.string().regex(DNS1123_LABEL), gpuPresetSchema).default({}),
});

// ---------------------------------------------------------------------------------------------
// Images

const imagesSchema = z.strictObject({
  /** vLLM OpenAI-compatible server for GPUs. @default "vllm/vllm-openai:v0.11.0" (`VLLM_IMAGE`, catalog/vllm.ts: one pin for both platforms) */
  vllm: pinnedImage.default(VLLM_IMAGE),
  /** vLLM for CPU nodes (embedding models with `cpu: true`). @default "public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.11.0" (`VLLM_CPU_IMAGE`) */
  vllmCpu: pinnedImage.default(VLLM_CPU_IMAGE),
  /** Chroma 1.x server (Rust; data under `/data`). @default "chromadb/chroma:1.0.20" */
  chroma: pinnedImage.default("chromadb/chroma:1.0.20"),
  /** Open WebUI. @default "ghcr.io/open-webui/open-webui:v0.6.36" */
  openWebui: pinnedImage.default("ghcr.io/open-webui/open-webui:v0.6.36"),
  /**
   * Image with python3 and `huggingface_hub` for the model-download Job. The default is public and
   * has both; a ~150 MB one builds from `services/ingest/Dockerfile --target model-download`.
   * @default the vllmCpu image
   */
  modelDownload: pinnedImage.optional(),
  /** Ingestion Job image, built from `services/ingest/Dockerfile` and pushed to your registry. Required with ingestion. @default none */
  ingest: pinnedImage.optional(),
  /** imagePullPolicy of every container (pinned tags make `Always` unnecessary). @default "IfNotPresent" */
  pullPolicy: z.enum(["IfNotPresent", "Always", "Never"]).default("IfNotPresent"),
  /** Names of `kubernetes.io/dockerconfigjson` Secrets in the namespace, for private registries. @default [] */
  pullSecrets: z.array(z.string().regex(DNS1123_LABEL)).default([]),
});

// ---------------------------------------------------------------------------------------------
// Storage, security, network

const ACCESS_MODES = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod"] as const;

const modelCacheSchema = z.strictObject({
  /** StorageClass of the cache PVC(s). Name one explicitly in real stacks (the policy pack requires it). @default the cluster's default class */
  storageClassName: z.string().optional(),
  /** Size of the (shared) cache PVC. @default derived: 1.5 × the models' weights, at least 20Gi (per model with layout perModel) */
  size: storageQuantity.optional(),
  /**
   * Access mode. ReadWriteMany (NFS, EFS, Filestore, CephFS, Azure Files) lets the download Job and
   * every replica on any node mount it; ReadWriteOnce works for one pod per PVC only.
   * @default "ReadWriteMany"
   */
  accessMode: z.enum(ACCESS_MODES).default("ReadWriteMany"),
  /** One PVC shared by all models (seed 004's shared volume) or one per model. @default "shared" */
  layout: z.enum(["shared", "perModel"]).default("shared"),
});

const securitySchema = z.strictObject({
  /** UID of every container (above 9999, clear of host users). @default 10001 */
  runAsUser: z.number().int().min(1).default(10001),
  /** GID of every container. @default 10001 */
  runAsGroup: z.number().int().min(1).default(10001),
  /** fsGroup: volumes are group-owned by it, so the download Job and the servers share the cache. @default 10001 */
  fsGroup: z.number().int().min(1).default(10001),
  /** Read-only root filesystems; writable paths are emptyDirs. @default true */
  readOnlyRootFilesystem: z.boolean().default(true),
  /** Pod Security Admission level enforced on the namespace (when it is created here). @default "restricted" */
  podSecurityLevel: z.enum(["restricted", "baseline", "privileged"]).default("restricted"),
});

const defaultInternetEgress = {
  cidr: "0.0.0.0/0",
  // Cluster-internal ranges and the link-local metadata endpoint stay closed.
  except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
};

const networkPolicySchema = z.strictObject({
  /** Default-deny NetworkPolicy in the namespace plus the platform's allowed flows. @default true */
  enabled: z.boolean().default(true),
  /** Peers outside the namespace allowed to call the model servers and the UI (ingress controller, apps). @default [] */
  ingressFrom: z.array(networkPeerSchema).default([]),
  /** Where the download Job (and URL ingestion) may connect on 80/443. @default 0.0.0.0/0 except private, CGNAT and link-local ranges */
  internetEgress: z
    .array(z.strictObject({ cidr: z.string().min(1), except: z.array(z.string()).default([]) }))
    .default([defaultInternetEgress]),
});

// ---------------------------------------------------------------------------------------------
// Vector store, ingestion, UI

const vectorStoreSchema = z.strictObject({
  /** Run Chroma (one-replica StatefulSet). @default false */
  enabled: z.boolean().default(false),
  /** StorageClass of Chroma's PVC (ReadWriteOnce). @default the cluster's default class */
  storageClassName: z.string().optional(),
  /** Size of Chroma's PVC. @default "10Gi" */
  size: storageQuantity.default("10Gi"),
  /** Tenant. @default "default_tenant" */
  tenant: z.string().min(1).default("default_tenant"),
  /** Database. @default "default_database" */
  database: z.string().min(1).default("default_database"),
  /** Collection the ingestion Job writes. @default "llmstack" */
  collection: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/, { error: "3-512 characters: letters, digits, . _ -, starting and ending with a letter or digit" }).default("llmstack"),
  /** @default requests 250m / 512Mi, limits 1 / 2Gi */
  resources: resourcesSchema.optional(),
});

const sourceLocation = {
  /** http(s) URL of the file. One of url and path. @default none */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Path under the data volume (`ingestion.data`), mounted read-only at /data; a directory is read recursively. One of url and path. @default none */
  path: z.string().regex(/^[^/]/, { error: "is relative to the data volume (no leading /)" }).optional(),
};

/** seed 004: the press releases as one CSV (Title, Date, Summary, Content, URL). */
const csvSourceSchema = z.strictObject({
  type: z.literal("csv"),
  ...sourceLocation,
  /** Columns joined into the text. @default ["Title", "Summary", "Content"] */
  textColumns: z.array(z.string()).min(1).default(["Title", "Summary", "Content"]),
  /** @default "Title" */
  titleColumn: z.string().default("Title"),
  /** Column holding each row's own URL (kept as metadata and in the chunk id). @default "URL" */
  urlColumn: z.string().default("URL"),
  /** @default "Date" */
  dateColumn: z.string().default("Date"),
});

/** seed 004: the press releases as AEM `.content.xml` pages (HTML inside `textOnly` attributes). */
const xmlSourceSchema = z.strictObject({
  type: z.literal("xml"),
  ...sourceLocation,
  /** Attributes whose (HTML) values are the text; none found → all element text. @default ["textOnly"] */
  textAttributes: z.array(z.string()).default(["textOnly"]),
  /** @default "jcr:title" */
  titleAttribute: z.string().default("jcr:title"),
  /** @default "displayDate" */
  dateAttribute: z.string().default("displayDate"),
});

/** seed 001: a text file of HTML links, one per line (or the links inline); pages are fetched and their tags stripped. */
const htmlLinksSourceSchema = z.strictObject({
  type: z.literal("htmlLinks"),
  ...sourceLocation,
  /** Links given inline instead of in a file. @default [] */
  links: z.array(z.url({ protocol: /^https?$/ })).default([]),
});

export const ingestionSourceSchema = z.discriminatedUnion("type", [csvSourceSchema, xmlSourceSchema, htmlLinksSourceSchema]);

const ingestionSchema = z.strictObject({
  /** The embedding model (a `models[].name` placed on Kubernetes). @default the only Kubernetes embedding model */
  embeddingModel: z.string().optional(),
  /** What to read. */
  sources: z.array(ingestionSourceSchema).min(1),
  /** Volume with the files `path` sources name, mounted read-only at /data (fill it like seed 004's `pachctl put file`). @default none */
  data: z
    .strictObject({
      /** An existing PVC. @default none */
      persistentVolumeClaim: z.string().regex(DNS1123_LABEL).optional(),
      /** An existing ConfigMap (small corpora). @default none */
      configMap: z.string().regex(DNS1123_LABEL).optional(),
    })
    .optional(),
  /** Characters per chunk (all-MiniLM-L6-v2 reads 256 tokens, about 1,000 characters of English). @default 800 */
  chunkSize: z.number().int().min(50).default(800),
  /** Characters shared by consecutive chunks. @default 100 */
  chunkOverlap: z.number().int().min(0).default(100),
  /** Chunks per embeddings request and per Chroma upsert. @default 64 */
  batchSize: z.number().int().min(1).max(1024).default(64),
  /** Delete chunks of a source that no longer exist (the source shrank). @default true */
  prune: z.boolean().default(true),
  /** Seconds the Job waits for Chroma and the embedding server before failing. @default 1800 */
  waitTimeoutSecs: z.number().int().min(10).default(1800),
  /** Job retries. @default 3 */
  backoffLimit: z.number().int().min(0).default(3),
  /** @default requests 250m / 512Mi, limits 1 / 1Gi */
  resources: resourcesSchema.optional(),
});

const uiSchema = z.strictObject({
  /** Run Open WebUI. @default false */
  enabled: z.boolean().default(false),
  /** Chat models it offers (`models[].name`). @default every Kubernetes chat model */
  models: z.array(z.string()).optional(),
  /** StorageClass of its data PVC (SQLite, uploads). @default the cluster's default class */
  storageClassName: z.string().optional(),
  /** @default "5Gi" */
  size: storageQuantity.default("5Gi"),
  /** WEBUI_AUTH: require sign-in. @default true */
  auth: z.boolean().default(true),
  /**
   * Run non-root (UID `security.runAsUser`, supplemental group 0, as OpenShift does). Open WebUI's image
   * defaults to root and its non-root support has regressed between releases; false runs it as root
   * and lowers the namespace's Pod Security level to baseline. @default true
   */
  runAsNonRoot: z.boolean().default(true),
  /** @default requests 250m / 1Gi, limits 2 / 2Gi */
  resources: resourcesSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// The `llmstack:kubernetes` key

export const kubernetesSchema = z.strictObject({
  /** Namespace everything is created in. @default "llmstack" */
  namespace: z.string().regex(DNS1123_LABEL).max(63).default("llmstack"),
  /** Create the namespace (false: it exists and is managed elsewhere). @default true */
  createNamespace: z.boolean().default(true),
  /** Cluster DNS domain, for the service URLs. @default "cluster.local" */
  clusterDomain: z.string().min(1).default("cluster.local"),
  /** Extra labels on every object. @default {} */
  labels: labelMap.default({}),
  /** The model cache the download Jobs fill and the servers read. @default every field's default */
  modelCache: modelCacheSchema.prefault({}),
  /** GPU scheduling shared by every GPU model, and presets. @default no scheduling, built-in presets */
  gpu: gpuSchema.prefault({}),
  /** Container images, all pinned. @default the pinned versions below */
  images: imagesSchema.prefault({}),
  /** Pod and container security contexts. @default UID/GID/fsGroup 10001, read-only root, PSA restricted */
  security: securitySchema.prefault({}),
  /** Chroma. @default disabled */
  vectorStore: vectorStoreSchema.prefault({}),
  /** The ingestion Job; present = enabled. @default none */
  ingestion: ingestionSchema.optional(),
  /** Open WebUI. @default disabled */
  ui: uiSchema.prefault({}),
  /** NetworkPolicies. @default enabled */
  networkPolicy: networkPolicySchema.prefault({}),
});

// ---------------------------------------------------------------------------------------------
// `models[].kubernetes`

export const modelKubernetesSchema = z.strictObject({
  /** Deployment replicas (more than 1 needs a ReadWriteMany cache). @default 1 */
  replicas: z.number().int().min(1).default(1),
  /** GPU preset: built-in (t4, a10g, a10, l4, a100-40gb, a100-80gb) or from `kubernetes.gpu.presets`. Exactly one of gpu and cpu. @default none */
  gpu: z.string().optional(),
  /** Serve on CPU nodes with the vLLM CPU image (meant for embedding models). Exactly one of gpu and cpu. @default false */
  cpu: z.boolean().default(false),
  /** GPUs per pod (`nvidia.com/gpu`, tensor parallel). @default 1 */
  gpus: z.number().int().min(1).default(1),
  /**
   * What to do when the model does not fit the preset's GPU memory: refuse (with the numbers), serve the
   * catalog's quantized variant, or serve the longest context that fits. @default "refuse"
   */
  fitToGpu: z.enum(["refuse", "quantize", "shortenContext"]).default("refuse"),
  /** vLLM `--gpu-memory-utilization`. @default the catalog's (0.9) */
  gpuMemoryUtilization: z.number().gt(0).max(1).optional(),
  /** Size of the memory-backed /dev/shm (counts toward the memory limit). @default "2Gi" on GPU, "1Gi" on CPU */
  shmSize: storageQuantity.optional(),
  /** Container resources. @default derived from the model's size */
  resources: resourcesSchema.optional(),
  /** Tolerations; replace `kubernetes.gpu.tolerations` and the preset's. @default the shared ones */
  tolerations: z.array(tolerationSchema).optional(),
  /** Node selector merged over the shared and preset ones. @default {} */
  nodeSelector: labelMap.default({}),
  /** Required node-affinity expressions added to the shared ones. @default [] */
  nodeAffinity: z.array(nodeAffinityExpressionSchema).default([]),
  /** priorityClassName. @default none */
  priorityClassName: z.string().optional(),
  /** Seconds the startup probe allows for loading. @default derived from the weights' size */
  startupBudgetSecs: z.number().int().min(30).optional(),
  /** Seconds to keep serving after removal from the Service before SIGTERM (preStop). @default 30 */
  preStopSleepSecs: z.number().int().min(0).max(600).default(30),
  /** Seconds vLLM gets after SIGTERM to finish in-flight requests. @default 90 */
  drainSecs: z.number().int().min(1).max(3600).default(90),
  /** Files the download skips (the servers read safetensors). @default non-safetensors weights and ONNX/OpenVINO/TF/Flax exports */
  downloadIgnorePatterns: z
    .array(z.string())
    .default(["*.bin", "*.pt", "*.pth", "*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "openvino/*", "tf_model*", "flax_model*", "rust_model*", "*.gguf"]),
  /** Extra `vllm serve` arguments. @default [] */
  extraArgs: z.array(z.string()).default([]),
});

export type KubernetesConfig = z.output<typeof kubernetesSchema>;
export type ModelKubernetesConfig = z.output<typeof modelKubernetesSchema>;
export type IngestionSource = z.output<typeof ingestionSourceSchema>;
export type IngestionConfig = z.output<typeof ingestionSchema>;

/** The Kubernetes section with every default filled in (when the stack sets none). */
export function kubernetesDefaults(): KubernetesConfig {
  return kubernetesSchema.parse({});
}

// ---------------------------------------------------------------------------------------------
// Placement: what a model runs on and whether it fits. Shared by the rules and the manifests.

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

export function gpuPresets(k8s: KubernetesConfig): Map<string, GpuPreset> {
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

// ---------------------------------------------------------------------------------------------
// Derived sizes

const GiB_UNITS: Record<string, number> = {
  Ki: 1 / 1024 ** 2, Mi: 1 / 1024, Gi: 1, Ti: 1024, Pi: 1024 ** 2,
  k: 1e3 / 1024 ** 3, M: 1e6 / 1024 ** 3, G: 1e9 / 1024 ** 3, T: 1e12 / 1024 ** 3, P: 1e15 / 1024 ** 3,
};

/** A quantity (`20Gi`, `512Mi`, `10G`) in GiB. */
export function quantityGiB(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTP]i|[kMGTP])?$/.exec(q);
  if (!m) throw new Error(`not a quantity: ${q}`);
  return Number(m[1]) * (m[2] ? GiB_UNITS[m[2]] : 1 / 1024 ** 3);
}

/** Smallest model cache that holds the weights (with room for tokenizer files and re-downloads). */
export const CACHE_HEADROOM = 1.5;
export const MIN_CACHE_GiB = 20;

export function cacheSizeGiB(placements: readonly KubernetesModelPlacement[]): number {
  const weights = placements.reduce((s, p) => s + p.memory.weightsGiB, 0);
  return Math.max(MIN_CACHE_GiB, Math.ceil(weights * CACHE_HEADROOM));
}

// ---------------------------------------------------------------------------------------------
// Cross-field rules

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function report(ctx: Ctx, path: Path, message: string, hint?: string): void {
  ctx.addIssue({ code: "custom", path, message, params: hint ? { hint } : undefined });
}

/** Run a rule on possibly malformed data; a throw means a field-level issue already covers it. */
function guard(rule: () => void): void {
  try {
    rule();
  } catch {
    /* reported by the schema */
  }
}

const GPU_TOLERATION_HINT =
  "add kubernetes.gpu.tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}] and a node selector for your GPU pool, " +
  "e.g. kubernetes.gpu.nodeSelector: {cloud.google.com/gke-accelerator: nvidia-tesla-t4}, or kubernetes.gpu.selectByProductLabel: true with the NVIDIA GPU operator";

/**
 * Cross-field rules of the Kubernetes path; call from the stack's superRefine (config/rules.ts).
 * Reports with paths like `models[1].kubernetes.gpu` and a hint each. Never throws: on data the
 * schema already rejected, the affected rules are skipped (their field issues explain it).
 */
export function checkKubernetesConfig(cfg: StackConfig, ctx: Ctx): void {
  guard(() => checkKubernetes(cfg, ctx));
}

function checkKubernetes(cfg: StackConfig, ctx: Ctx): void {
  const models = Array.isArray(cfg.models) ? cfg.models : [];
  const placedIdx = models.map((m, i) => (m?.kubernetes ? i : -1)).filter((i) => i >= 0);
  const k8s = cfg.kubernetes ?? (placedIdx.length > 0 ? kubernetesDefaults() : undefined);
  if (!k8s) return;
  const kp: Path = ["kubernetes"];
  const presets = gpuPresets(k8s);
  const placements: KubernetesModelPlacement[] = [];
  const k8sNames = new Map<string, number>();

  // Presets that cannot be sized
  guard(() => {
    for (const name of Object.keys(k8s.gpu.presets)) {
      if (!presets.has(name)) {
        report(ctx, [...kp, "gpu", "presets", name], `preset ${name} has no memory size or compute capability`, `set gpuModel to one the catalog knows (${[...new Set([...BUILTIN_GPU_PRESETS.values()].map((b) => b.gpuModel))].join(", ")}) or give memoryGiB and computeCapability`);
      }
    }
  });

  for (const i of placedIdx) {
    guard(() => {
      const model = models[i];
      const mk = model.kubernetes!;
      const mp: Path = ["models", i, "kubernetes"];
      const resolved = resolveModel(model);
      if (!resolved) return; // the stack rules report the unknown size

      if (!DNS1035_LABEL.test(resolved.k8sName) || resolved.k8sName.length > 40) {
        report(ctx, ["models", i, "name"], `${model.name} gives the Kubernetes name ${resolved.k8sName}, which is not a DNS-1035 label`, "use letters and digits, with single _ between them");
      }
      if (RESERVED_NAMES.includes(resolved.k8sName)) {
        report(ctx, ["models", i, "name"], `${model.name} would name its Kubernetes objects ${resolved.k8sName}, which the platform uses`, `rename the model (reserved: ${RESERVED_NAMES.join(", ")})`);
      }
      const dup = k8sNames.get(resolved.k8sName);
      if (dup !== undefined) report(ctx, ["models", i, "name"], `Kubernetes name ${resolved.k8sName} is also used by models[${dup}]`, "rename one of the models");
      k8sNames.set(resolved.k8sName, i);

      // Device
      if (mk.gpu !== undefined && mk.cpu) {
        report(ctx, [...mp, "cpu"], "a model runs either on a GPU preset or on CPU, not both", "remove cpu: true or gpu");
        return;
      }
      if (mk.gpu === undefined && !mk.cpu) {
        report(ctx, [...mp, "gpu"], "no device chosen", `set gpu to a preset (${[...presets.keys()].sort().join(", ")}) or cpu: true (embedding models)`);
        return;
      }
      if (mk.cpu) {
        if (model.quantization) {
          report(ctx, ["models", i, "quantization"], `${model.quantization.toUpperCase()} kernels need a GPU; the CPU server cannot load the quantized variant`, "remove quantization or place the model on a GPU preset");
        }
        if (resolved.task === "chat" && resolved.arch.parametersB > 3) {
          report(ctx, [...mp, "cpu"], `${model.source.huggingFaceId} has ${resolved.arch.parametersB}B parameters; serving it on CPU is impractically slow`, "place it on a GPU preset (gpu: t4, l4, a10g, …)");
        }
      }

      const placed = placeKubernetesModel(model, i, k8s);
      if (!placed) return;
      placements.push(placed);

      if (placed.device === "gpu") {
        const preset = placed.preset;
        if (!preset) {
          report(ctx, [...mp, "gpu"], `GPU preset ${mk.gpu} is not defined`, `use one of: ${[...presets.keys()].sort().join(", ")}, or define it under kubernetes.gpu.presets`);
          return;
        }
        // Scheduling: a GPU pod needs to tolerate the GPU taint and/or be steered to GPU nodes.
        const tolerations = mk.tolerations ?? [...k8s.gpu.tolerations, ...preset.tolerations];
        const selects =
          Object.keys({ ...k8s.gpu.nodeSelector, ...preset.nodeSelector, ...mk.nodeSelector }).length > 0 ||
          k8s.gpu.nodeAffinity.length + mk.nodeAffinity.length > 0 ||
          (k8s.gpu.selectByProductLabel && preset.productLabels.length > 0);
        if (tolerations.length === 0 && !selects) {
          report(ctx, [...mp, "gpu"], `${model.name} asks for a ${preset.gpuModel} GPU but no GPU tolerations or node selector are configured: the pod would stay Pending on tainted GPU nodes or land on the wrong ones`, GPU_TOLERATION_HINT);
        }
        if (k8s.gpu.selectByProductLabel && preset.productLabels.length === 0 && Object.keys(preset.nodeSelector).length === 0) {
          report(ctx, ["kubernetes", "gpu", "selectByProductLabel"], `preset ${mk.gpu} has no nvidia.com/gpu.product values to select by`, `set kubernetes.gpu.presets.${mk.gpu}.productLabels`);
        }
        if (mk.gpus > preset.gpusPerNode) {
          report(ctx, [...mp, "gpus"], `${preset.gpuModel} nodes have ${preset.gpusPerNode} GPU(s); ${mk.gpus} asked for`, `use at most ${preset.gpusPerNode} or a preset with more GPUs per node`);
        }
        if (!placed.fits) {
          const m = placed.memory;
          const fitCtx = maxContextThatFits(placed.resolved, placed.usableGiB!, preset.computeCapability);
          const variant = placed.resolved.catalog?.quantizedVariants?.[0];
          const options = [
            variant && !model.quantization ? `models[${i}].quantization: ${variant.quantization} (serves ${variant.id})` : undefined,
            variant && !model.quantization ? `models[${i}].kubernetes.fitToGpu: quantize` : undefined,
            fitCtx > 0 ? `models[${i}].maxContextLength: ${fitCtx} (or models[${i}].kubernetes.fitToGpu: shortenContext)` : undefined,
            "a preset with more GPU memory, or more gpus",
          ].filter(Boolean);
          report(
            ctx,
            [...mp, "gpu"],
            `${placed.resolved.servedId} in ${placed.dtype} needs about ${round1(m.totalGiB)} GiB (weights ${round1(m.weightsGiB)} + KV cache ${round1(m.kvCacheGiB)} for ${placed.maxContextLength} tokens + ${m.overheadGiB} overhead) ` +
              `but ${mk.gpus}×${preset.gpuModel} ${preset.memoryGiB} GiB at --gpu-memory-utilization ${placed.gpuMemoryUtilization} leaves ${round1(placed.usableGiB!)} GiB`,
            `use ${options.join("; or ")}`,
          );
        }
      }

      if (mk.replicas > 1 && k8s.modelCache.accessMode !== "ReadWriteMany") {
        report(ctx, [...mp, "replicas"], `${mk.replicas} replicas cannot all mount a ${k8s.modelCache.accessMode} model cache (Multi-Attach error on a second node)`, "set kubernetes.modelCache.accessMode: ReadWriteMany with an RWX storage class (NFS, EFS, Filestore, CephFS, Azure Files), or replicas: 1");
      }
    });
  }

  // The cache
  guard(() => {
    const mc = k8s.modelCache;
    if (mc.layout === "shared" && placements.length > 1 && mc.accessMode !== "ReadWriteMany") {
      report(ctx, [...kp, "modelCache", "accessMode"], `${placements.length} models share one ${mc.accessMode} cache, but their pods (and download Jobs) run on different nodes`, "set accessMode: ReadWriteMany with an RWX storage class, or layout: perModel");
    }
    if (mc.size !== undefined && placements.length > 0) {
      const have = quantityGiB(mc.size);
      const groups = mc.layout === "perModel" ? placements.map((p) => [p]) : [placements];
      for (const group of groups) {
        const weights = group.reduce((s, p) => s + p.memory.weightsGiB, 0);
        const need = Math.ceil(weights * CACHE_HEADROOM);
        if (need > have) {
          report(
            ctx,
            [...kp, "modelCache", "size"],
            `${mc.size} is too small for ${group.map((p) => `${p.resolved.servedId} (${round1(p.memory.weightsGiB)} GiB of weights)`).join(" + ")}`,
            `use at least ${need}Gi${mc.layout === "perModel" ? " (per model)" : ""}, or leave size unset to derive it`,
          );
        }
      }
    }
  });

  const embedding = placements.filter((p) => p.resolved.task === "embedding");
  const chat = placements.filter((p) => p.resolved.task === "chat");

  // Ingestion
  guard(() => {
    const ing = k8s.ingestion;
    if (!ing) return;
    const ip: Path = [...kp, "ingestion"];
    let emb: KubernetesModelPlacement | undefined;
    if (ing.embeddingModel !== undefined) {
      emb = placements.find((p) => models[p.index].name.toUpperCase() === ing.embeddingModel!.toUpperCase());
      if (!emb) report(ctx, [...ip, "embeddingModel"], `${ing.embeddingModel} is not a model placed on Kubernetes`, `use one of: ${embedding.map((p) => models[p.index].name).join(", ") || "none (add an embedding model with kubernetes.cpu: true)"}`);
      else if (emb.resolved.task !== "embedding") report(ctx, [...ip, "embeddingModel"], `${ing.embeddingModel} is a ${emb.resolved.task} model, not an embedding model`, `use one of: ${embedding.map((p) => models[p.index].name).join(", ") || "none"}`);
    } else if (embedding.length === 0) {
      report(ctx, [...ip, "embeddingModel"], "ingestion needs an embedding model on Kubernetes and there is none", "add one to models[] (e.g. sentence-transformers/all-MiniLM-L6-v2 with kubernetes: {cpu: true})");
    } else if (embedding.length > 1) {
      report(ctx, [...ip, "embeddingModel"], `several embedding models are placed on Kubernetes (${embedding.map((p) => models[p.index].name).join(", ")})`, "name the one ingestion uses with ingestion.embeddingModel");
    }
    if (!k8s.vectorStore.enabled) report(ctx, [...kp, "vectorStore", "enabled"], "ingestion writes to the vector store, which is disabled", "set kubernetes.vectorStore.enabled: true");
    if (!k8s.images.ingest) report(ctx, [...kp, "images", "ingest"], "ingestion needs its image", "build services/ingest/Dockerfile, push it to your registry and set kubernetes.images.ingest to it (pinned tag)");
    if (ing.chunkOverlap >= ing.chunkSize) report(ctx, [...ip, "chunkOverlap"], `overlap ${ing.chunkOverlap} must be smaller than chunkSize ${ing.chunkSize}`, "lower chunkOverlap");
    for (const [j, s] of ing.sources.entries()) {
      const sp: Path = [...ip, "sources", j];
      const inline = s.type === "htmlLinks" && s.links.length > 0;
      const n = [s.url, s.path, inline ? "links" : undefined].filter(Boolean).length;
      if (n !== 1) report(ctx, sp, `a ${s.type} source needs exactly one of url or path${s.type === "htmlLinks" ? " or links" : ""}`, "give one location per source");
      if (s.path !== undefined && !ing.data?.persistentVolumeClaim && !ing.data?.configMap) {
        report(ctx, [...sp, "path"], `path ${s.path} needs a data volume to read from`, "set ingestion.data.persistentVolumeClaim (or configMap) holding the files");
      }
    }
    if (ing.data?.persistentVolumeClaim && ing.data.configMap) report(ctx, [...ip, "data"], "give one of persistentVolumeClaim and configMap", "keep one");
  });

  // UI
  guard(() => {
    const ui = k8s.ui;
    if (!ui.enabled) return;
    if (chat.length === 0) report(ctx, [...kp, "ui", "enabled"], "the UI needs a chat model on Kubernetes and there is none", "place a chat model with models[].kubernetes.gpu");
    for (const [j, name] of (ui.models ?? []).entries()) {
      const p = placements.find((x) => models[x.index].name.toUpperCase() === name.toUpperCase());
      if (!p || p.resolved.task !== "chat") report(ctx, [...kp, "ui", "models", j], `${name} is not a chat model placed on Kubernetes`, `use one of: ${chat.map((c) => models[c.index].name).join(", ") || "none"}`);
    }
  });
}
