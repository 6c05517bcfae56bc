/**
 * The model cache: PVC(s) per the config, and the download that fills each model's directory from the
 * Hugging Face hub (or the configured mirror) at a pinned revision, then writes a done-marker. A second
 * run finds the marker and exits at once, so the download is idempotent.
 *
 * Where it runs (`modelCache.downloadIn`): with a ReadWriteMany cache, a CPU-only Job per model, and
 * the servers wait for its marker (init container). With ReadWriteOnce, a Job and the server would need
 * the same volume on two nodes at once (a Multi-Attach error, kubernetes.io/docs/concepts/storage/
 * persistent-volumes/#access-modes: every revision change and `kubectl apply` deadlock); there the
 * server's own pod downloads in an init container, so one pod holds the volume, and with
 * `WaitForFirstConsumer` the disk is provisioned in the GPU node's zone.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { type AppLabels, SCRATCH_MOUNT, container, imageVersion, labels, metadata, podBasics, podSecurityContext, scratchPath, scratchVolume, selector } from "./common";
import { DONE_MARKER, MODELS_MOUNT, SECRETS, type CachePlan, type ModelPlan, type PlatformPlan } from "./plan";

export function cachePvcManifest(plan: PlatformPlan, cache: CachePlan): IPersistentVolumeClaim {
  const mc = plan.k8s.modelCache;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: metadata(plan, cache.name, { name: "model-cache", instance: cache.name, component: "model-cache" }, { "llmstack.io/models": cache.models.join(",") }),
    spec: {
      accessModes: [mc.accessMode],
      volumeMode: "Filesystem",
      ...(mc.storageClassName ? { storageClassName: mc.storageClassName } : {}),
      resources: { requests: { storage: cache.size } },
    },
  };
}

/**
 * Runs in the download Job. Only `huggingface_hub` is needed: `snapshot_download` reads HF_TOKEN and
 * HF_ENDPOINT from the environment, resumes partial files, and with `local_dir` writes plain files
 * (no symlinked blob cache) that the servers load by path.
 */
export const DOWNLOAD_SCRIPT = `
import json, os, pathlib, sys
target = pathlib.Path(os.environ["MODEL_DIR"])
marker = target / "${DONE_MARKER}"
want = {"repo": os.environ["MODEL_REPO"], "revision": os.environ["MODEL_REVISION"]}
if marker.is_file():
    try:
        if json.loads(marker.read_text()) == want:
            print(f"{want['repo']}@{want['revision']} is already in {target}; nothing to do", flush=True)
            sys.exit(0)
    except ValueError:
        pass
    marker.unlink()
from huggingface_hub import snapshot_download
target.mkdir(parents=True, exist_ok=True)
ignore = json.loads(os.environ.get("MODEL_IGNORE_PATTERNS", "[]")) or None
snapshot_download(repo_id=want["repo"], revision=want["revision"], local_dir=str(target), ignore_patterns=ignore)
tmp = target / "${DONE_MARKER}.tmp"
tmp.write_text(json.dumps(want))
tmp.replace(marker)
print(f"downloaded {want['repo']}@{want['revision']} to {target}", flush=True)
`.trimStart();

/** Generous: a slow mirror at ~8 MiB/s moves a GiB in ~2 minutes. */
export function downloadDeadlineSecs(weightsGiB: number): number {
  return Math.ceil(1800 + weightsGiB * 120);
}

/**
 * Memory of the download. Without Xet, huggingface_hub streams each file to disk in 10 MB chunks
 * (`DOWNLOAD_CHUNK_SIZE`, huggingface_hub `constants.py`), so 2Gi is ample; with Xet, xet-core's
 * reconstruction buffer defaults to 8 GB (`HF_XET_RECONSTRUCTION_DOWNLOAD_BUFFER_SIZE`, xet-core
 * reconstruction config) and downloads under a 2Gi limit were OOM-killed (huggingface/huggingface_hub#3300).
 */
export function downloadResources(plan: PlatformPlan): { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } } {
  return plan.k8s.modelCache.xet
    ? { requests: { cpu: "250m", memory: "2Gi" }, limits: { cpu: "2", memory: "10Gi" } }
    : { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } };
}

/** The download's environment as name → value (secrets excepted), for Kubernetes and Pachyderm alike. */
export function downloadEnvValues(plan: PlatformPlan, m: ModelPlan): Record<string, string> {
  const proxy = plan.k8s.proxy;
  return {
    MODEL_REPO: m.repo,
    MODEL_REVISION: m.revision,
    MODEL_DIR: m.modelDir,
    MODEL_IGNORE_PATTERNS: JSON.stringify(m.placement.k8s.downloadIgnorePatterns),
    ...(m.mirrorEndpoint ? { HF_ENDPOINT: m.mirrorEndpoint } : {}),
    HOME: scratchPath("home"),
    HF_HOME: scratchPath("hf"),
    // Without Xet, files stream over plain HTTPS (the hub's Xet bridge): bounded memory, and every request
    // goes to HF_ENDPOINT and through HTTPS_PROXY (huggingface_hub `constants.py`: HF_HUB_DISABLE_XET;
    // the maintainers' remedy for OOM-killed downloads in huggingface/huggingface_hub#3300).
    ...(plan.k8s.modelCache.xet ? {} : { HF_HUB_DISABLE_XET: "1" }),
    // The Xet chunk cache would default to 10 GB under HF_HOME, on a size-limited emptyDir.
    HF_XET_CHUNK_CACHE_SIZE_BYTES: "0",
    HF_HUB_DISABLE_TELEMETRY: "1",
    PYTHONUNBUFFERED: "1",
    ...(proxy?.httpsProxy ? { HTTPS_PROXY: proxy.httpsProxy } : {}),
    ...(proxy?.httpProxy ? { HTTP_PROXY: proxy.httpProxy } : {}),
    ...(proxy && proxy.noProxy.length > 0 ? { NO_PROXY: proxy.noProxy.join(",") } : {}),
  };
}

/** The image that runs the download: the configured one, else the server's own image in the server's pod, else the CPU image. */
export function downloadImage(plan: PlatformPlan, m: ModelPlan): string {
  return plan.k8s.images.modelDownload ?? (m.download === "server" ? m.image : plan.k8s.images.vllmCpu);
}

/** The container that downloads a model into the cache (the Job's, or the server pod's init container). */
export function downloadContainer(plan: PlatformPlan, m: ModelPlan): IContainer {
  const env: IEnvVar[] = [
    ...Object.entries(downloadEnvValues(plan, m)).map(([name, value]) => ({ name, value })),
    ...(plan.secrets.hfToken ? [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: SECRETS.hfToken.name, key: SECRETS.hfToken.key, optional: true } } }] : []),
  ];
  return container(plan, {
    name: "download",
    image: downloadImage(plan, m),
    command: ["python3", "-c", DOWNLOAD_SCRIPT],
    env,
    resources: downloadResources(plan),
    volumeMounts: [{ name: "model-cache", mountPath: MODELS_MOUNT }, SCRATCH_MOUNT],
  });
}

/** The download pods' app labels: the Job's own, or (downloading in the server's pod) the server's. */
export function downloadLabels(m: ModelPlan, image: string): AppLabels {
  return { name: "model-download", instance: m.name, component: "model-download", version: imageVersion(image) };
}

export function downloadJobManifest(plan: PlatformPlan, m: ModelPlan): IJob {
  const l = downloadLabels(m, downloadImage(plan, m));
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadata(plan, m.downloadJobName, l, { "llmstack.io/repo": m.repo, "llmstack.io/revision": m.revision }),
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: downloadDeadlineSecs(m.placement.memory.weightsGiB),
      template: {
        metadata: { labels: labels(plan, l) },
        spec: {
          ...podBasics(plan),
          restartPolicy: "Never",
          securityContext: podSecurityContext(plan),
          // CPU only: downloading needs no GPU (seed 004 took a T4 for it).
          containers: [downloadContainer(plan, m)],
          volumes: [{ name: "model-cache", persistentVolumeClaim: { claimName: m.cacheClaim } }, scratchVolume("4Gi")],
        },
      },
    },
  };
}

/** Labels that select a model's download Job pods (NetworkPolicy). */
export function downloadSelector(m: ModelPlan) {
  return selector({ name: "model-download", instance: m.name });
}
