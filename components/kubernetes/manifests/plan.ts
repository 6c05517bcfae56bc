/**
 * The decisions every Kubernetes manifest shares, taken once from the validated stack config: object
 * names, service DNS names and ports, which model is where, which cache a model uses, which secrets
 * exist. Pure: no Pulumi, no I/O.
 */
import { createHash } from "node:crypto";
import {
  cacheSizeGiB,
  downloadMode,
  kubernetesDefaults,
  placeKubernetesModel,
  quantityGiB,
  RESERVED_NAMES,
  type KubernetesConfig,
  type KubernetesModelPlacement,
} from "../../../config/kubernetes";
import type { StackConfig } from "../../../config/schema";

/** Port every vLLM server and Chroma listen on; Open WebUI listens on UI_PORT. */
export const SERVER_PORT = 8000;
export const CHROMA_PORT = 8000;
export const UI_PORT = 8080;

/** Where the cache is mounted in the download Job and the servers. */
export const MODELS_MOUNT = "/models";
/** Written by the download Job once the files are complete; its content names what was downloaded. */
export const DONE_MARKER = ".llmstack-download.json";

/** The Secrets the platform reads, and their keys. Values come from Pulumi secrets only. */
export const SECRETS = {
  hfToken: { name: "llmstack-hf-token", key: "token", config: "llmstack:hfToken" },
  apiKey: { name: "llmstack-api-key", key: "api-key", config: "llmstack:apiKey" },
  /** The same key once per chat backend, `;`-joined, for Open WebUI's OPENAI_API_KEYS (a second key of the API-key Secret). */
  openaiApiKeys: { name: "llmstack-api-key", key: "openai-api-keys", config: "llmstack:apiKey" },
  webuiSecretKey: { name: "llmstack-webui-secret", key: "secret-key", config: "llmstack:webuiSecretKey" },
} as const;

export const SERVICE_ACCOUNT = "llmstack-workload";
export const INGEST_CONFIG_MOUNT = "/etc/llmstack";
export const INGEST_CONFIG_FILE = "ingest.json";


export interface ServiceEndpoint {
  /** Service name. */
  readonly name: string;
  readonly port: number;
  /** `<name>.<namespace>.svc.<clusterDomain>` */
  readonly dns: string;
  /** `http://<dns>:<port>` */
  readonly url: string;
}

export interface ModelPlan {
  readonly placement: KubernetesModelPlacement;
  /** `models[].name` as written. */
  readonly modelName: string;
  /** DNS-1035 name of its Deployment, Service and PDB; also the served model name. */
  readonly name: string;
  readonly task: "chat" | "embedding";
  readonly service: ServiceEndpoint;
  /** PVC the download Job fills and the server mounts read-only. */
  readonly cacheClaim: string;
  /** Directory of the model's files in the cache. */
  readonly modelDir: string;
  /** Repository and revision downloaded (the quantized variant when one is served). */
  readonly repo: string;
  readonly revision: string;
  readonly mirrorEndpoint?: string;
  /** Exact content of the done-marker the download Job writes. */
  readonly marker: string;
  /** Name of the download Job (`download: "job"`); its hash covers what is downloaded and how. */
  readonly downloadJobName: string;
  /** Where the weights are downloaded: a Job, or an init container of the server's pod (`modelCache.downloadIn`). */
  readonly download: "job" | "server";
  readonly image: string;
}

export interface CachePlan {
  readonly name: string;
  readonly sizeGiB: number;
  readonly size: string;
  readonly models: readonly string[];
}

export interface PlatformPlan {
  readonly config: StackConfig;
  readonly k8s: KubernetesConfig;
  readonly namespace: string;
  readonly models: readonly ModelPlan[];
  readonly caches: readonly CachePlan[];
  readonly chroma?: ServiceEndpoint;
  /** The embedding model the ingestion Job and the UI's RAG use. */
  readonly embedding?: ModelPlan;
  readonly ingestion: boolean;
  readonly ui?: { readonly service: ServiceEndpoint; readonly chatModels: readonly ModelPlan[] };
  /** Secrets that will exist (hfToken only when set). */
  readonly secrets: { readonly hfToken: boolean };
}

export function shortHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 8);
}

export function endpoint(name: string, namespace: string, port: number, clusterDomain: string): ServiceEndpoint {
  const dns = `${name}.${namespace}.svc.${clusterDomain}`;
  return { name, port, dns, url: `http://${dns}:${port}` };
}

/** What the download script writes into the marker (Python's json.dumps with default separators). */
export function markerContent(repo: string, revision: string): string {
  return `{"repo": ${JSON.stringify(repo)}, "revision": ${JSON.stringify(revision)}}`;
}

export interface PlanOptions {
  /** Whether an HF token secret will be provided. @default true (references it, optionally) */
  readonly hfToken?: boolean;
}

/**
 * Plan the Kubernetes platform of a validated stack config. Throws on what validation refuses
 * (`checkKubernetesConfig`), so it never renders a platform the rules would reject.
 */
export function planKubernetesPlatform(config: StackConfig, opts: PlanOptions = {}): PlatformPlan {
  const k8s = config.kubernetes ?? kubernetesDefaults();
  const ns = k8s.namespace;
  const ep = (name: string, port: number) => endpoint(name, ns, port, k8s.clusterDomain);

  const placements = config.models
    .map((m, i) => placeKubernetesModel(m, i, k8s))
    .filter((p): p is KubernetesModelPlacement => p !== undefined);

  const shared = k8s.modelCache.layout === "shared";
  const models: ModelPlan[] = placements.map((p) => {
    const model = config.models[p.index];
    const name = p.resolved.k8sName;
    if (RESERVED_NAMES.includes(name)) throw new Error(`models[${p.index}].name: ${name} is reserved for a platform object; rename the model`);
    const repo = p.resolved.servedId;
    const revision = model.source.revision;
    const image = p.device === "gpu" ? k8s.images.vllm : k8s.images.vllmCpu;
    const download = downloadMode(k8s);
    const job = { repo, revision, mirror: model.source.mirrorEndpoint, ignore: p.k8s.downloadIgnorePatterns, image: k8s.images.modelDownload ?? k8s.images.vllmCpu, xet: k8s.modelCache.xet, proxy: k8s.proxy ?? null };
    return {
      placement: p,
      modelName: model.name,
      name,
      task: p.resolved.task,
      service: ep(name, SERVER_PORT),
      cacheClaim: shared ? "model-cache" : `model-cache-${name}`,
      modelDir: `${MODELS_MOUNT}/${name}`,
      repo,
      revision,
      mirrorEndpoint: model.source.mirrorEndpoint,
      marker: markerContent(repo, revision),
      downloadJobName: `download-${name}-${shortHash(job)}`,
      download,
      image,
    };
  });

  const caches: CachePlan[] = shared
    ? models.length > 0
      ? [cachePlan("model-cache", models, k8s)]
      : []
    : models.map((m) => cachePlan(m.cacheClaim, [m], k8s));

  const embeddingModels = models.filter((m) => m.task === "embedding");
  const ing = k8s.ingestion;
  const embedding = ing?.embeddingModel
    ? models.find((m) => m.modelName.toUpperCase() === ing.embeddingModel!.toUpperCase())
    : embeddingModels.length === 1
      ? embeddingModels[0]
      : undefined;
  if (ing && (!embedding || embedding.task !== "embedding")) throw new Error("kubernetes.ingestion: no embedding model on Kubernetes to embed with (see checkKubernetesConfig)");
  if (ing && !k8s.vectorStore.enabled) throw new Error("kubernetes.ingestion needs kubernetes.vectorStore.enabled");
  if (ing && !k8s.images.ingest) throw new Error("kubernetes.ingestion needs kubernetes.images.ingest");

  const chatModels = models.filter((m) => m.task === "chat" && (!k8s.ui.models || k8s.ui.models.some((n) => n.toUpperCase() === m.modelName.toUpperCase())));
  if (k8s.ui.enabled && chatModels.length === 0) throw new Error("kubernetes.ui needs a chat model on Kubernetes");

  return {
    config,
    k8s,
    namespace: ns,
    models,
    caches,
    chroma: k8s.vectorStore.enabled ? ep("chroma", CHROMA_PORT) : undefined,
    embedding: embedding?.task === "embedding" ? embedding : undefined,
    ingestion: ing !== undefined,
    ui: k8s.ui.enabled ? { service: ep("open-webui", UI_PORT), chatModels } : undefined,
    secrets: { hfToken: opts.hfToken ?? true },
  };
}

function cachePlan(name: string, models: readonly ModelPlan[], k8s: KubernetesConfig): CachePlan {
  if (k8s.modelCache.size) {
    return { name, size: k8s.modelCache.size, sizeGiB: quantityGiB(k8s.modelCache.size), models: models.map((m) => m.name) };
  }
  const gib = cacheSizeGiB(models.map((m) => m.placement));
  return { name, sizeGiB: gib, size: `${gib}Gi`, models: models.map((m) => m.name) };
}
