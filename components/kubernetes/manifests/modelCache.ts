/**
 * The model cache: PVC(s) per the config, and one CPU-only download Job per model that fills its
 * directory from the Hugging Face hub (or the configured mirror) at a pinned revision, then writes a
 * done-marker. A second run finds the marker and exits at once, so the Job is idempotent; the servers
 * wait for the marker (init container) and then read the files offline.
 */
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { SCRATCH_MOUNT, container, imageVersion, labels, metadata, podBasics, podSecurityContext, scratchPath, scratchVolume, selector } from "./common";
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

export function downloadJobManifest(plan: PlatformPlan, m: ModelPlan): IJob {
  const image = plan.k8s.images.modelDownload ?? plan.k8s.images.vllmCpu;
  const l = { name: "model-download", instance: m.name, component: "model-download", version: imageVersion(image) };
  const env: IEnvVar[] = [
    { name: "MODEL_REPO", value: m.repo },
    { name: "MODEL_REVISION", value: m.revision },
    { name: "MODEL_DIR", value: m.modelDir },
    { name: "MODEL_IGNORE_PATTERNS", value: JSON.stringify(m.placement.k8s.downloadIgnorePatterns) },
    ...(m.mirrorEndpoint ? [{ name: "HF_ENDPOINT", value: m.mirrorEndpoint }] : []),
    ...(plan.secrets.hfToken ? [{ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: SECRETS.hfToken.name, key: SECRETS.hfToken.key, optional: true } } }] : []),
    { name: "HOME", value: scratchPath("home") },
    { name: "HF_HOME", value: scratchPath("hf") },
    // The Xet chunk cache would default to 10 GB under HF_HOME, on a size-limited emptyDir.
    { name: "HF_XET_CHUNK_CACHE_SIZE_BYTES", value: "0" },
    { name: "HF_HUB_DISABLE_TELEMETRY", value: "1" },
    { name: "PYTHONUNBUFFERED", value: "1" },
  ];
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
          containers: [
            container(plan, {
              name: "download",
              image,
              command: ["python3", "-c", DOWNLOAD_SCRIPT],
              env,
              resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
              volumeMounts: [
                { name: "model-cache", mountPath: MODELS_MOUNT },
                SCRATCH_MOUNT,
              ],
            }),
          ],
          volumes: [{ name: "model-cache", persistentVolumeClaim: { claimName: m.cacheClaim } }, scratchVolume("4Gi")],
        },
      },
    },
  };
}

/** Labels that select a model's download pods (NetworkPolicy). */
export function downloadSelector(m: ModelPlan) {
  return selector({ name: "model-download", instance: m.name });
}
