/**
 * The `llmstack:kubernetes` key and each model's `models[].kubernetes` placement.
 *
 * Everything has a safe default: ClusterIP only, NetworkPolicies on, non-root, pinned images,
 * nothing optional (vector store, ingestion, UI) running unless asked for.
 */
import { z } from "zod";
import { VLLM_CPU_IMAGE, VLLM_IMAGE } from "../../catalog/vllm";
import { gpuSchema } from "./gpuPresets";
import { ingestionSchema } from "./ingestionSchema";
import { DNS1123_LABEL, labelMap, networkPeerSchema, nodeAffinityExpressionSchema, pinnedImage, resourcesSchema, storageQuantity, tolerationSchema } from "./primitives";

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

/** The Kubernetes section with every default filled in (when the stack sets none). */
export function kubernetesDefaults(): KubernetesConfig {
  return kubernetesSchema.parse({});
}
