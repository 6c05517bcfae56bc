/**
 * The `llmstack:kubernetes` key and each model's `models[].kubernetes` placement.
 *
 * Everything has a safe default: ClusterIP only, NetworkPolicies on, non-root, pinned images,
 * nothing optional (vector store, ingestion, UI) running unless asked for.
 */
import { z } from "zod";
import { VLLM_CPU_IMAGE, VLLM_IMAGE } from "../../catalog/vllm";
import { gpuSchema } from "./gpuPresets";
import { CHROMA_IMAGE, OPEN_WEBUI_IMAGE } from "../../catalog/images";
import { ingestionSchema } from "./ingestionSchema";
import { DNS1123_LABEL, egressPeerSchema, ipBlockSchema, labelMap, networkPeerSchema, nodeAffinityExpressionSchema, pinnedImage, resourcesSchema, storageQuantity, tolerationSchema } from "./primitives";

// ---------------------------------------------------------------------------------------------
// Images

const imagesSchema = z.strictObject({
  vllm: pinnedImage.default(VLLM_IMAGE).describe(`vLLM OpenAI-compatible server for GPUs. @default "${VLLM_IMAGE}" (\`VLLM_IMAGE\`, catalog/vllm.ts: one pin for both platforms)`),
  vllmCpu: pinnedImage.default(VLLM_CPU_IMAGE).describe(`vLLM for CPU nodes (embedding models with \`cpu: true\`). @default "${VLLM_CPU_IMAGE}" (\`VLLM_CPU_IMAGE\`, catalog/vllm.ts)`),
  chroma: pinnedImage.default(CHROMA_IMAGE).describe(`Chroma 1.x server (Rust; data under \`/data\`). @default "${CHROMA_IMAGE}" (\`CHROMA_IMAGE\`, catalog/images.ts)`),
  openWebui: pinnedImage.default(OPEN_WEBUI_IMAGE).describe(`Open WebUI. @default "${OPEN_WEBUI_IMAGE}" (\`OPEN_WEBUI_IMAGE\`, catalog/images.ts)`),
  modelDownload: pinnedImage.optional().describe("Image with python3 and `huggingface_hub` for the model-download Job. The default is public and has both; a ~150 MB one builds from `services/ingest/Dockerfile --target model-download`. @default the vllmCpu image"),
  ingest: pinnedImage.optional().describe("Ingestion Job image, built from `services/ingest/Dockerfile` and pushed to your registry. Required with ingestion. @default none"),
  pullPolicy: z.enum(["IfNotPresent", "Always", "Never"]).default("IfNotPresent").describe("imagePullPolicy of every container (pinned tags make `Always` unnecessary). @default \"IfNotPresent\""),
  pullSecrets: z.array(z.string().regex(DNS1123_LABEL)).default([]).describe("Names of `kubernetes.io/dockerconfigjson` Secrets in the namespace, for private registries. @default []"),
});

// ---------------------------------------------------------------------------------------------
// Storage, security, network

const ACCESS_MODES = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod"] as const;

const modelCacheSchema = z.strictObject({
  storageClassName: z.string().optional().describe("StorageClass of the cache PVC(s). Name one explicitly in real stacks (the policy pack requires it). @default the cluster's default class"),
  size: storageQuantity.optional().describe("Size of the (shared) cache PVC. @default derived: 1.5 × the models' weights, at least 20Gi (per model with layout perModel)"),
  accessMode: z.enum(ACCESS_MODES).default("ReadWriteMany").describe("Access mode. ReadWriteMany (NFS, EFS, Filestore, CephFS, Azure Files) lets the download Job and every replica on any node mount it; ReadWriteOnce works for one pod per PVC only. @default \"ReadWriteMany\""),
  layout: z.enum(["shared", "perModel"]).default("shared").describe("One PVC shared by all models (seed 004's shared volume) or one per model. @default \"shared\""),
  downloadIn: z
    .enum(["job", "server"])
    .optional()
    .describe(
      "Where the weights are downloaded. `job`: a CPU-only download Job per model fills the cache and the servers wait for its marker (needs ReadWriteMany: the Job and the servers run on different nodes). " +
        "`server`: an init container of the model server's own pod downloads, so one pod holds the volume and a ReadWriteOnce disk is attached in the GPU node's zone; the server pod then needs the download egress. " +
        "@default \"job\" with ReadWriteMany, \"server\" otherwise",
    ),
  xet: z
    .boolean()
    .default(false)
    .describe(
      "Download through Hugging Face's Xet client (hf_xet). Off, `HF_HUB_DISABLE_XET=1` makes huggingface_hub stream files over plain HTTPS (the hub's Xet bridge), which keeps the download's memory small and honours HF_ENDPOINT and HTTPS_PROXY; " +
        "on, the download gets a 10Gi memory limit for hf_xet's reconstruction buffer (8 GB by default in xet-core; OOM kills reported in huggingface/huggingface_hub#3300). @default false",
    ),
});

const securitySchema = z.strictObject({
  runAsUser: z.number().int().min(1).default(10001).describe("UID of every container (above 9999, clear of host users). @default 10001"),
  runAsGroup: z.number().int().min(1).default(10001).describe("GID of every container. @default 10001"),
  fsGroup: z.number().int().min(1).default(10001).describe("fsGroup: volumes are group-owned by it, so the download Job and the servers share the cache. @default 10001"),
  readOnlyRootFilesystem: z.boolean().default(true).describe("Read-only root filesystems; writable paths are emptyDirs. @default true"),
  podSecurityLevel: z.enum(["restricted", "baseline", "privileged"]).default("restricted").describe("Pod Security Admission level enforced on the namespace (when it is created here). @default \"restricted\""),
});

const defaultInternetEgress = {
  cidr: "0.0.0.0/0",
  // Cluster-internal ranges and the link-local metadata endpoint stay closed.
  except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
};

const networkPolicySchema = z.strictObject({
  enabled: z.boolean().default(true).describe("Default-deny NetworkPolicy in the namespace plus the platform's allowed flows. @default true"),
  ingressFrom: z.array(networkPeerSchema).default([]).describe("Peers outside the namespace allowed to call the model servers and the UI (ingress controller, apps). @default []"),
  internetEgress: z
    .array(ipBlockSchema)
    .default([defaultInternetEgress])
    .describe(
      "IP ranges the downloads (and URL ingestion) may reach on 443 and 80. The default excludes private, CGNAT and link-local ranges, so a mirror or proxy inside your network is NOT reachable through it: add it with `downloadEgress`. " +
        "@default [{cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, 169.254.0.0/16]}]",
    ),
  downloadEgress: z
    .array(egressPeerSchema)
    .default([])
    .describe(
      "Further destinations of the downloads (and URL ingestion), each a peer and its ports: a private model mirror (`source.mirrorEndpoint`), an HTTPS proxy (`kubernetes.proxy`), an in-cluster mirror Service (its pods' `podSelector` and `namespaceSelector`). @default []",
    ),
});

const proxySchema = z.strictObject({
  httpsProxy: z.url({ protocol: /^https?$/ }).optional().describe("HTTPS_PROXY of the downloads, e.g. `http://proxy.corp:3128`. Its host must be reachable through `networkPolicy.downloadEgress`. @default none"),
  httpProxy: z.url({ protocol: /^https?$/ }).optional().describe("HTTP_PROXY of the downloads. @default none"),
  noProxy: z.array(z.string().min(1)).default([]).describe("NO_PROXY: hosts the downloads reach directly. @default []"),
});

const cpuNodesSchema = z.strictObject({
  requireAvx512: z
    .boolean()
    .optional()
    .describe(
      "Schedule CPU model servers only on nodes with AVX-512 (the Node Feature Discovery label `feature.node.kubernetes.io/cpu-cpuid.AVX512F=true`; the NVIDIA GPU operator installs NFD). vLLM's prebuilt CPU images before v0.17.0 are built for AVX-512 and die with SIGILL elsewhere (vllm-project/vllm#18660). " +
        "@default true unless images.vllmCpu is a vLLM CPU release of v0.17.0 or later (AVX2 and AVX-512 in one build: vllm-project/vllm#35466)",
    ),
});

// ---------------------------------------------------------------------------------------------
// Vector store, ingestion, UI

const vectorStoreSchema = z.strictObject({
  enabled: z.boolean().default(false).describe("Run Chroma (one-replica StatefulSet). @default false"),
  storageClassName: z.string().optional().describe("StorageClass of Chroma's PVC (ReadWriteOnce). @default the cluster's default class"),
  size: storageQuantity.default("10Gi").describe("Size of Chroma's PVC. @default \"10Gi\""),
  tenant: z.string().min(1).default("default_tenant").describe("Tenant. @default \"default_tenant\""),
  database: z.string().min(1).default("default_database").describe("Database. @default \"default_database\""),
  collection: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$/, { error: "3-512 characters: letters, digits, . _ -, starting and ending with a letter or digit" }).default("llmstack").describe("Collection the ingestion Job writes. @default \"llmstack\""),
  resources: resourcesSchema.optional().describe("Chroma's container resources. @default requests 250m / 512Mi, limits 1 / 2Gi"),
});

const uiSchema = z.strictObject({
  enabled: z.boolean().default(false).describe("Run Open WebUI. @default false"),
  models: z.array(z.string()).optional().describe("Chat models it offers (`models[].name`). @default every Kubernetes chat model"),
  storageClassName: z.string().optional().describe("StorageClass of its data PVC (SQLite, uploads). @default the cluster's default class"),
  size: storageQuantity.default("5Gi").describe("Size of its data PVC."),
  auth: z.boolean().default(true).describe("WEBUI_AUTH: require sign-in. @default true"),
  runAsNonRoot: z.boolean().default(true).describe("Run non-root (UID `security.runAsUser`, supplemental group 0, as OpenShift does). Open WebUI's image defaults to root and its non-root support has regressed between releases; false runs it as root and lowers the namespace's Pod Security level to baseline. @default true"),
  resources: resourcesSchema.optional().describe("Open WebUI's container resources. @default requests 250m / 1Gi, limits 2 / 2Gi"),
  chunkSize: z
    .number()
    .int()
    .min(50)
    .optional()
    .describe("CHUNK_SIZE of Open WebUI's uploads, in characters (its default, 1000, overflows a 256-token embedding model). @default the ingestion's chunkSize, at most 3 characters per token of the embedding model's context"),
  chunkOverlap: z.number().int().min(0).optional().describe("CHUNK_OVERLAP, in characters. @default the ingestion's chunkOverlap, else a tenth of chunkSize"),
});

const pachydermSchema = z.strictObject({
  project: z.string().regex(DNS1123_LABEL).default("llmstack").describe("Pachyderm project of the pipelines. @default \"llmstack\""),
  documentsRepo: z.string().regex(DNS1123_LABEL).default("documents").describe("Pachyderm repo holding the documents `path` sources read (`pachctl put file documents@master: -r -f ./docs/`). @default \"documents\""),
});

// ---------------------------------------------------------------------------------------------
// The `llmstack:kubernetes` key

export const kubernetesSchema = z.strictObject({
  namespace: z.string().regex(DNS1123_LABEL).max(63).default("llmstack").describe("Namespace everything is created in. @default \"llmstack\""),
  createNamespace: z.boolean().default(true).describe("Create the namespace (false: it exists and is managed elsewhere). @default true"),
  clusterDomain: z.string().min(1).default("cluster.local").describe("Cluster DNS domain, for the service URLs. @default \"cluster.local\""),
  labels: labelMap.default({}).describe("Extra labels on every object. @default {}"),
  modelCache: modelCacheSchema.prefault({}).describe("The model cache the download Jobs fill and the servers read. @default every field's default"),
  gpu: gpuSchema.prefault({}).describe("GPU scheduling shared by every GPU model, and presets. @default no scheduling, built-in presets"),
  images: imagesSchema.prefault({}).describe("Container images, all pinned. @default the pinned versions below"),
  security: securitySchema.prefault({}).describe("Pod and container security contexts. @default UID/GID/fsGroup 10001, read-only root, PSA restricted"),
  vectorStore: vectorStoreSchema.prefault({}).describe("Chroma. @default disabled"),
  ingestion: ingestionSchema.optional().describe("The ingestion Job; present = enabled. @default none"),
  ui: uiSchema.prefault({}).describe("Open WebUI. @default disabled"),
  networkPolicy: networkPolicySchema.prefault({}).describe("NetworkPolicies. @default enabled"),
  proxy: proxySchema.optional().describe("An HTTP(S) proxy for the downloads (HTTPS_PROXY, HTTP_PROXY, NO_PROXY). @default none"),
  cpuNodes: cpuNodesSchema.prefault({}).describe("Placement of the CPU model servers. @default AVX-512 nodes while the CPU image needs them"),
  pachyderm: pachydermSchema
    .optional()
    .describe(
      "Run the download and ingestion steps as Pachyderm pipelines too (seed 004): `npm run plan -- --out DIR` then writes DIR/pachyderm/*.json for `pachctl create pipeline -f`. Present = asked for. @default none",
    ),
});

// ---------------------------------------------------------------------------------------------
// `models[].kubernetes`

export const modelKubernetesSchema = z.strictObject({
  replicas: z.number().int().min(1).default(1).describe("Deployment replicas (more than 1 needs a ReadWriteMany cache). @default 1"),
  gpu: z.string().optional().describe("GPU preset: built-in, one per catalog GPU (t4, a10g, a10, l4, l40s, a100-40gb, a100-80gb, h100-80gb, h200, rtx-pro-6000) or from `kubernetes.gpu.presets`. Exactly one of gpu and cpu. @default none"),
  cpu: z.boolean().default(false).describe("Serve on CPU nodes with the vLLM CPU image (meant for embedding models). Exactly one of gpu and cpu. @default false"),
  gpus: z.number().int().min(1).default(1).describe("GPUs per pod (`nvidia.com/gpu`, tensor parallel). @default 1"),
  fitToGpu: z.enum(["refuse", "quantize", "shortenContext"]).default("refuse").describe("What to do when the model does not fit the preset's GPU memory: refuse (with the numbers), serve the catalog's quantized variant, or serve the longest context that fits. @default \"refuse\""),
  gpuMemoryUtilization: z.number().gt(0).max(1).optional().describe("vLLM `--gpu-memory-utilization`. @default the catalog's (0.9)"),
  shmSize: storageQuantity.optional().describe("Size of the memory-backed /dev/shm (counts toward the memory limit). @default \"2Gi\" on GPU, \"1Gi\" on CPU"),
  resources: resourcesSchema.optional().describe("Container resources. @default derived from the model's size"),
  tolerations: z.array(tolerationSchema).optional().describe("Tolerations; replace `kubernetes.gpu.tolerations` and the preset's. @default the shared ones"),
  nodeSelector: labelMap.default({}).describe("Node selector merged over the shared and preset ones. @default {}"),
  nodeAffinity: z.array(nodeAffinityExpressionSchema).default([]).describe("Required node-affinity expressions added to the shared ones. @default []"),
  priorityClassName: z.string().optional().describe("priorityClassName. @default none"),
  startupBudgetSecs: z.number().int().min(30).optional().describe("Seconds the startup probe allows for loading. @default derived from the weights' size"),
  preStopSleepSecs: z.number().int().min(0).max(600).default(30).describe("Seconds to keep serving after removal from the Service before SIGTERM (preStop). @default 30"),
  drainSecs: z.number().int().min(1).max(3600).default(90).describe("Seconds vLLM gets after SIGTERM to finish in-flight requests. @default 90"),
  downloadIgnorePatterns: z
    .array(z.string())
    .default(["*.bin", "*.pt", "*.pth", "*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "openvino/*", "tf_model*", "flax_model*", "rust_model*", "*.gguf"]).describe("Files the download skips (the servers read safetensors). @default non-safetensors weights and ONNX/OpenVINO/TF/Flax exports"),
  extraArgs: z.array(z.string()).default([]).describe("Extra `vllm serve` arguments. @default []"),
});

// ---------------------------------------------------------------------------------------------
// `llmstack:cost.kubernetes`: what the offline plan prices the Kubernetes path at

export const kubernetesCostSchema = z.strictObject({
  gpuHourPrices: z
    .record(z.string().min(1), z.number().nonnegative())
    .default({})
    .describe(
      "Price of one GPU-hour, in `llmstack:cost.currency`, per GPU node type: a preset name (`models[].kubernetes.gpu`: t4, l4, a100-80gb, or one of `kubernetes.gpu.presets`) or a GPU model (L4, A100). " +
        "@default the SPCS list rate of the same GPU (catalog/instanceFamilies.ts, Snowflake's consumption table) × creditPrice, as a stand-in for your cloud's price; none for GPUs SPCS does not offer (the plan then says the model is unpriced)",
    ),
  cpuHourPrice: z
    .number()
    .nonnegative()
    .optional()
    .describe("Price of one requested vCPU-hour of pods without a GPU (CPU model servers, Chroma, Open WebUI). @default the cheapest SPCS CPU family's rate per vCPU × creditPrice"),
});

export type KubernetesCostConfig = z.output<typeof kubernetesCostSchema>;

export type KubernetesConfig = z.output<typeof kubernetesSchema>;
export type ModelKubernetesConfig = z.output<typeof modelKubernetesSchema>;

/** The Kubernetes section with every default filled in (when the stack sets none). */
export function kubernetesDefaults(): KubernetesConfig {
  return kubernetesSchema.parse({});
}
