/**
 * Optional: the download and ingestion steps as Pachyderm pipeline specs (CreatePipelineRequest JSON,
 * field names of pachyderm/pachyderm `src/pps/pps.proto`), for users who already run Pachyderm, as
 * seed 004 does. The servers, Chroma and the UI stay Kubernetes objects.
 *
 * - Download: one pipeline per model, CPU only (seed 004 took a T4 for it), the cache PVC mounted
 *   through `pod_patch`, a weekly cron tick (`pachctl run cron <pipeline>` to run now); the done-marker
 *   makes every tick after the first a no-op.
 * - Ingestion: the documents repo (`pachctl put file documents@master: -r -f ./HPE_press_releases/`)
 *   as its input, so new documents trigger it; it waits for Chroma and the embedding server, ingests
 *   idempotently and writes its summary to /pfs/out.
 *
 * Pachyderm runs pipelines in its own namespace and a PVC mounts only in its namespace: deploy the
 * platform there (`kubernetes.namespace: <pachyderm's>`, `createNamespace: false`) and create the
 * Secrets there.
 */
import { cores, scratchPath } from "./common";
import type { StackConfig } from "../../../config/schema";
import { ingestConfig, ingestWaitUrls, INGEST_MAIN } from "./ingestion";
import { DOWNLOAD_SCRIPT, downloadEnvValues, downloadImage, downloadResources } from "./modelCache";
import { MODELS_MOUNT, SECRETS, planKubernetesPlatform, type ModelPlan, type PlatformPlan } from "./plan";

/** Where the pipeline writes the ingestion config in its container. */
const INGEST_CONFIG_PATH = scratchPath("ingest.json");

export interface PachydermOptions {
  /** Pachyderm project. @default `kubernetes.pachyderm.project`, else "llmstack" */
  readonly project?: string;
  /** Repo holding the documents path sources read. @default `kubernetes.pachyderm.documentsRepo`, else "documents" */
  readonly documentsRepo?: string;
  /** Whether the HF token Secret exists (in Pachyderm's namespace). @default true */
  readonly hfToken?: boolean;
}

/** A JSON Patch (RFC 6902) adding the model cache to the worker pod. */
function cachePodPatch(claimName: string): string {
  return JSON.stringify([
    { op: "add", path: "/volumes/-", value: { name: "model-cache", persistentVolumeClaim: { claimName } } },
    { op: "add", path: "/containers/0/volumeMounts/-", value: { name: "model-cache", mountPath: MODELS_MOUNT } },
  ]);
}

function downloadPipeline(plan: PlatformPlan, m: ModelPlan, project: string): object {
  const image = downloadImage(plan, m);
  const res = downloadResources(plan);
  return {
    pipeline: { name: `download-${m.name}`, project: { name: project } },
    description: `Download ${m.repo}@${m.revision} into the model cache (CPU only; idempotent through ${MODELS_MOUNT}/${m.name}/.llmstack-download.json)`,
    input: { cron: { name: "tick", spec: "@every 168h", overwrite: true } },
    transform: {
      image,
      cmd: ["python3", "-c", DOWNLOAD_SCRIPT],
      // The Kubernetes download's environment, but HOME and HF_HOME: Pachyderm workers have their own.
      env: Object.fromEntries(Object.entries(downloadEnvValues(plan, m)).filter(([k]) => k !== "HOME" && k !== "HF_HOME")),
      ...(plan.secrets.hfToken ? { secrets: [{ name: SECRETS.hfToken.name, key: SECRETS.hfToken.key, env_var: "HF_TOKEN" }] } : {}),
      ...(plan.k8s.images.pullSecrets.length > 0 ? { image_pull_secrets: [...plan.k8s.images.pullSecrets] } : {}),
    },
    resource_requests: { cpu: cores(res.requests.cpu), memory: res.requests.memory },
    resource_limits: { cpu: cores(res.limits.cpu), memory: res.limits.memory },
    datum_tries: 3,
    autoscaling: true,
    pod_patch: cachePodPatch(m.cacheClaim),
  };
}

function ingestPipeline(plan: PlatformPlan, project: string, documentsRepo: string): object {
  const ing = plan.k8s.ingestion!;
  const usesPaths = ing.sources.some((s) => s.path !== undefined);
  const cfg = { ...ingestConfig(plan), dataDir: `/pfs/${documentsRepo}` };
  const waits = ingestWaitUrls(plan);
  const timeout = String(ing.waitTimeoutSecs);
  return {
    pipeline: { name: "ingest", project: { name: project } },
    description: `Chunk, embed (${plan.embedding!.name}) and upsert the documents into Chroma collection ${plan.k8s.vectorStore.collection}, idempotently`,
    input: usesPaths ? { pfs: { name: documentsRepo, repo: documentsRepo, glob: "/" } } : { cron: { name: "tick", spec: "@every 24h", overwrite: true } },
    transform: {
      image: plan.k8s.images.ingest!,
      cmd: ["sh"],
      stdin: [
        "set -e",
        `cat > ${INGEST_CONFIG_PATH} <<'LLMSTACK_EOF'`,
        JSON.stringify(cfg),
        "LLMSTACK_EOF",
        `node ${INGEST_MAIN} wait --url ${waits.vectorStore} --timeout ${timeout}`,
        `node ${INGEST_MAIN} wait --url ${waits.embeddings} --timeout ${timeout}`,
        `node ${INGEST_MAIN} ingest --config ${INGEST_CONFIG_PATH} --summary /pfs/out/ingest-summary.json`,
      ],
      secrets: [{ name: SECRETS.apiKey.name, key: SECRETS.apiKey.key, env_var: "EMBEDDING_API_KEY" }],
      ...(plan.k8s.images.pullSecrets.length > 0 ? { image_pull_secrets: [...plan.k8s.images.pullSecrets] } : {}),
    },
    resource_requests: { cpu: 0.25, memory: "512Mi" },
    resource_limits: { cpu: 1, memory: "1Gi" },
    datum_tries: Math.max(1, ing.backoffLimit),
    autoscaling: true,
  };
}

/**
 * The download pipelines (one per model whose cache a Job fills) and, with ingestion, the ingestion
 * pipeline. With a ReadWriteOnce cache the servers download themselves (a pipeline worker would hold
 * the volume the server needs), so there is no download pipeline.
 */
export function renderPachydermPipelines(config: StackConfig, opts: PachydermOptions = {}): object[] {
  const plan = planKubernetesPlatform(config, { hfToken: opts.hfToken });
  const project = opts.project ?? plan.k8s.pachyderm?.project ?? "llmstack";
  return [
    ...plan.models.filter((m) => m.download === "job").map((m) => downloadPipeline(plan, m, project)),
    ...(plan.ingestion ? [ingestPipeline(plan, project, opts.documentsRepo ?? plan.k8s.pachyderm?.documentsRepo ?? "documents")] : []),
  ];
}
