/**
 * The SPCS spec of a model service, as a pure function of the resolved model and its pool: a vLLM
 * OpenAI-compatible server (port 8000) plus the gateway sidecar (port 8001) that serves the SQL
 * service function. Pure so that tests and the offline plan render exactly what is deployed.
 */
import type { InstanceFamily } from "../../catalog/instanceFamilies";
import { round1 } from "../../catalog/sizing";
import { VLLM_COMMAND, VLLM_EMBED_ARGS } from "../../catalog/vllm";
import { embedInputLimit, servingDtype, servingMemory, type ResolvedModel } from "../../config/resolve";
import type { ServiceSpecification, SpecContainer, SpecEndpoint, SpecVolume } from "../../provider/resources";
import { GATEWAY_DEFAULT_PORT, GATEWAY_ROUTES } from "../../services/gateway/src/limits";

export const MODEL_PORT = 8000;
export const MODEL_ENDPOINT = "api";
export const SQL_ENDPOINT = "sql";
/** Where weights are cached: a block volume survives container restarts, unlike the container's disk. */
export const MODEL_CACHE_PATH = "/models";

export interface ModelSpecInput {
  readonly model: ResolvedModel;
  readonly family: InstanceFamily;
  /** GPUs per instance (tensor parallel size). */
  readonly gpus: number;
  /** `/db/schema/repo/image:tag` of the vLLM server in the account repository. */
  readonly modelImage: string;
  /** `/db/schema/repo/image:tag` of the gateway; omitted = no SQL function endpoint. */
  readonly gatewayImage?: string;
  /** Fully qualified Snowflake secret holding the Hugging Face token (gated models). */
  readonly hfTokenSecret?: string;
  readonly publicEndpoint: boolean;
  /**
   * Keep Snowflake's snapshot of the weight cache when the service is dropped (blockConfig.snapshotOnDelete,
   * default true for services since bundle 2026_01, kept 7 days and billed: bcr-bundles/2026_01/bcr-2206).
   * The weights are re-downloadable. @default false
   */
  readonly snapshotWeightsOnDelete?: boolean;
  readonly resources?: { requests?: { cpu?: string | number; memory?: string }; limits?: { cpu?: string | number; memory?: string } };
}

/** The name vLLM serves the model under (`--served-model-name`) and the gateway asks for. */
export function servedModelName(model: ResolvedModel): string {
  return model.k8sName;
}

/** Memory and CPU for the model container: enough host RAM to load the weights, leaving room for the sidecar. */
function modelResources(input: ModelSpecInput): SpecContainer["resources"] {
  const { family, gpus } = input;
  const weights = servingMemory(input.model, family.gpu?.computeCapability).weightsGiB;
  const memGiB = Math.max(2, Math.min(Math.floor(family.memoryGiB * 0.8), Math.ceil(weights + 2)));
  const cpu = Math.max(0.5, Math.min(Math.floor(family.vcpu * 0.75 * 2) / 2, 4));
  const requests: NonNullable<SpecContainer["resources"]>["requests"] = { cpu, memory: `${memGiB}Gi`, ...input.resources?.requests };
  const limits: NonNullable<SpecContainer["resources"]>["limits"] = { ...input.resources?.limits };
  if (gpus > 0) {
    // SPCS requires the GPU request to equal the limit.
    requests["nvidia.com/gpu"] = gpus;
    limits["nvidia.com/gpu"] = gpus;
  }
  return Object.keys(limits).length > 0 ? { requests, limits } : { requests };
}

function vllmArgs(input: ModelSpecInput): string[] {
  const { model, family, gpus } = input;
  const args = [
    model.servedId,
    "--revision", model.config.source.revision,
    "--served-model-name", servedModelName(model),
    "--download-dir", MODEL_CACHE_PATH,
    "--max-model-len", String(model.maxContextLength),
    "--host", "0.0.0.0",
    "--port", String(MODEL_PORT),
  ];
  if (model.task === "embedding") args.push(...VLLM_EMBED_ARGS);
  if (gpus > 0) {
    args.push("--dtype", servingDtype(model, family.gpu?.computeCapability) === "bfloat16" ? "bfloat16" : "half");
    if (gpus > 1) args.push("--tensor-parallel-size", String(gpus));
  } else {
    args.push("--dtype", "float32");
  }
  if (model.config.quantization) args.push("--quantization", model.config.quantization);
  return args;
}

export function modelServiceSpec(input: ModelSpecInput): ServiceSpecification {
  const { model, family, gpus } = input;
  const mem = servingMemory(model, family.gpu?.computeCapability);
  const env: Record<string, string> = {
    HF_HOME: MODEL_CACHE_PATH,
    // Telemetry would need egress we do not allow.
    VLLM_NO_USAGE_STATS: "1",
    DO_NOT_TRACK: "1",
    // What is served, for the policy pack and for people reading `DESC SERVICE`.
    LLMSTACK_MODEL_ID: model.servedId,
    LLMSTACK_MODEL_TASK: model.task,
    LLMSTACK_MODEL_PARAMETERS_B: String(model.arch.parametersB),
  };
  if (model.config.source.mirrorEndpoint) env.HF_ENDPOINT = model.config.source.mirrorEndpoint;
  // vLLM's CPU backend reserves VLLM_CPU_KVCACHE_SPACE GiB (default 4) up front: size it to the model,
  // or a 6 GiB CPU_X64_XS node cannot start it.
  if (gpus === 0) env.VLLM_CPU_KVCACHE_SPACE = String(Math.max(1, Math.ceil(mem.kvCacheGiB)));

  const modelContainer: SpecContainer = {
    name: "model",
    image: input.modelImage,
    command: [...VLLM_COMMAND],
    args: vllmArgs(input),
    env,
    readinessProbe: { port: MODEL_PORT, path: "/health" },
    volumeMounts: [
      { name: "models", mountPath: MODEL_CACHE_PATH },
      { name: "dshm", mountPath: "/dev/shm" },
    ],
    resources: modelResources(input),
    ...(input.hfTokenSecret
      ? { secrets: [{ snowflakeSecret: { objectName: input.hfTokenSecret }, envVarName: "HF_TOKEN", secretKeyRef: "secret_string" as const }] }
      : {}),
  };

  const containers: SpecContainer[] = [modelContainer];
  const endpoints: SpecEndpoint[] = [{ name: MODEL_ENDPOINT, port: MODEL_PORT, public: input.publicEndpoint, protocol: "HTTP" }];
  if (input.gatewayImage) {
    containers.push({
      name: "gateway",
      image: input.gatewayImage,
      env: {
        GATEWAY_PORT: String(GATEWAY_DEFAULT_PORT),
        UPSTREAM_BASE_URL: `http://localhost:${MODEL_PORT}`,
        UPSTREAM_MODEL: servedModelName(model),
        // Embedding inputs past the model's limit are truncated by vLLM instead of refused (a NULL row).
        ...(model.task === "embedding" ? { GATEWAY_EMBED_MAX_INPUT_TOKENS: String(embedInputLimit(model)) } : {}),
      },
      readinessProbe: { port: GATEWAY_DEFAULT_PORT, path: GATEWAY_ROUTES.health },
      resources: { requests: { cpu: 0.5, memory: "512Mi" }, limits: { cpu: 1, memory: "1Gi" } },
    });
    endpoints.push({ name: SQL_ENDPOINT, port: GATEWAY_DEFAULT_PORT, public: false, protocol: "HTTP" });
  }

  // Cache room: the weights, the tokenizer and a re-download's temporary copy.
  const cacheGiB = Math.ceil(mem.weightsGiB * 1.25 + 5);
  const shmGiB = Math.max(1, Math.min(8, Math.floor(family.memoryGiB / 8)));
  const volumes: SpecVolume[] = [
    input.snapshotWeightsOnDelete
      ? { name: "models", source: "block", size: `${cacheGiB}Gi` }
      : { name: "models", source: "block", size: `${cacheGiB}Gi`, blockConfig: { snapshotOnDelete: false } },
    { name: "dshm", source: "memory", size: `${shmGiB}Gi` },
  ];
  return { spec: { containers, endpoints, volumes, logExporters: { eventTableConfig: { logLevel: "INFO" } } } };
}

/** One line for humans: what the spec asks of the pool. */
export function describeModelFit(model: ResolvedModel, family: InstanceFamily, gpus: number): string {
  const mem = servingMemory(model, family.gpu?.computeCapability);
  const where = family.gpu ? `${gpus}×${family.gpu.model}` : `${family.name} CPU`;
  return `${model.servedId} on ${where}: ~${round1(mem.totalGiB)} GiB (weights ${round1(mem.weightsGiB)}, KV ${round1(mem.kvCacheGiB)} for ${model.maxContextLength} tokens)`;
}
