/**
 * One vLLM OpenAI-compatible server per model: Deployment, Service, PodDisruptionBudget.
 *
 * Non-root: the vllm/vllm-openai image runs as root by default, but serving needs none of root's
 * powers. It binds port 8000 (above 1024), reads the weights from a read-only volume, reaches the GPU
 * through the device nodes the NVIDIA device plugin injects (access is not tied to the UID), and
 * writes only caches: HOME, HF_HOME, VLLM_CACHE_ROOT, TRITON_CACHE_DIR, TORCHINDUCTOR_CACHE_DIR and
 * /tmp, which go to emptyDirs here. So it runs as UID/GID 10001 with fsGroup 10001 (the group that owns
 * the cache the download Job wrote), no capabilities, no privilege escalation and a read-only root.
 */
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IService } from "kubernetes-models/v1/Service";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IContainer } from "kubernetes-models/v1/Container";
import { VLLM_COMMAND, VLLM_EMBED_ARGS } from "../../../catalog/vllm";
import { AVX512_NODE_LABEL, quantityGiB, requiresAvx512 } from "../../../config/kubernetes";
import { downloadContainer } from "./modelCache";
import { type AppLabels, SCRATCH_MOUNT, TINY_RESOURCES, container, cores, emptyDir, imageVersion, labels, metadata, podBasics, podSecurityContext, requiredNodeAffinity, resources, scratchPath, scratchVolume, selector, tolerations } from "./common";
import { DONE_MARKER, MODELS_MOUNT, SECRETS, SERVER_PORT, type ModelPlan, type PlatformPlan } from "./plan";

/** The app labels of a model server. */
export function serverLabels(m: ModelPlan): AppLabels {
  return { name: "vllm", instance: m.name, component: m.task === "chat" ? "inference" : "embedding", version: imageVersion(m.image) };
}

export function serverSelector(m: ModelPlan) {
  return selector(serverLabels(m));
}

const HOME = "/home/vllm";

/** vLLM's `--dtype` spelling: a T4 (compute capability 7.5, no bf16) serves `half`. */
export function vllmDtype(m: ModelPlan): string {
  return { float16: "half", bfloat16: "bfloat16", float32: "float32" }[m.placement.dtype];
}

/** `vllm serve` arguments. */
export function serverArgs(m: ModelPlan): string[] {
  const p = m.placement;
  const args = [
    m.modelDir,
    "--served-model-name", m.name,
    "--host", "0.0.0.0",
    "--port", String(SERVER_PORT),
    "--dtype", vllmDtype(m),
    "--max-model-len", String(p.maxContextLength),
  ];
  if (p.device === "gpu") {
    args.push("--gpu-memory-utilization", String(p.gpuMemoryUtilization));
    if (p.gpus > 1) args.push("--tensor-parallel-size", String(p.gpus));
  }
  // Set by the config or by fitToGpu: quantize (the placement's resolved config carries it).
  if (p.resolved.config.quantization) args.push("--quantization", p.resolved.config.quantization);
  if (m.task === "embedding") args.push(...VLLM_EMBED_ARGS);
  args.push("--disable-uvicorn-access-log", ...p.k8s.extraArgs);
  return args;
}

/** Engine start-up (CUDA/compile/graphs) before weights load, seconds. */
export const STARTUP_BASE_SECS = 180;
/** Seconds to read one GiB of weights from network storage (~100 MiB/s). */
export const STARTUP_SECS_PER_GiB = 10;
export const STARTUP_MIN_SECS = 300;
export const PROBE_PERIOD_SECS = 10;

/** Startup-probe budget: twice the expected load time, from the weights' size. */
export function startupBudgetSecs(m: ModelPlan): number {
  const explicit = m.placement.k8s.startupBudgetSecs;
  const derived = 2 * (STARTUP_BASE_SECS + m.placement.memory.weightsGiB * STARTUP_SECS_PER_GiB);
  const secs = explicit ?? Math.max(STARTUP_MIN_SECS, derived);
  return Math.ceil(secs / PROBE_PERIOD_SECS) * PROBE_PERIOD_SECS;
}

export function shmSize(m: ModelPlan): string {
  return m.placement.k8s.shmSize ?? (m.placement.device === "gpu" ? "2Gi" : "1Gi");
}

/**
 * Derived requests: host memory for the process, shm (counted in the pod's memory), a share of the
 * weights being mapped. On a GPU the CPU is not limited: the API server and the tokenizer run on the
 * CPU, and a CFS quota throttles them under load (without a limit a container may use the node's idle
 * CPU: kubernetes.io/docs/tasks/configure-pod-container/assign-cpu-resource/#if-you-do-not-specify-a-cpu-limit).
 * On CPU the limit stays, and the OpenMP threads follow it ({@link cpuThreads}).
 */
export function serverResources(plan: PlatformPlan, m: ModelPlan) {
  const p = m.placement;
  const shm = quantityGiB(shmSize(m));
  const gpu = p.device === "gpu";
  const memGiB = gpu ? Math.ceil(6 + shm + 0.25 * p.memory.weightsGiB) : Math.ceil(3 + shm + 2 * p.memory.weightsGiB);
  return resources(
    {
      cpu: gpu ? "4" : "2",
      cpuLimit: gpu ? undefined : "4",
      memory: `${memGiB}Gi`,
      // GPUs are not overcommitted: requests = limits.
      extended: gpu ? { [plan.k8s.gpu.resourceName]: p.gpus } : undefined,
    },
    p.k8s.resources,
  );
}

/**
 * OpenMP threads of a CPU server: the CPU limit's whole cores, less one for the API server and the
 * tokenizer (vLLM's CPU guide: "reserve 1-2 CPU cores for the serving framework"), at least one. vLLM
 * binds one thread per CPU listed in VLLM_CPU_OMP_THREADS_BIND; its `auto` default takes every core of a
 * NUMA node, far more than a pod's quota, and the threads get throttled.
 */
export function cpuThreads(plan: PlatformPlan, m: ModelPlan): number {
  const limit = serverResources(plan, m).limits?.cpu;
  const whole = Math.floor(cores(String(limit ?? "1")));
  return Math.max(1, whole > 1 ? whole - 1 : whole);
}

/**
 * Starts `vllm serve` with its OpenMP threads bound to the first N CPUs this container may run on
 * (`os.sched_getaffinity`: the cpuset the kubelet gave it, whatever the CPU manager policy), N from
 * LLMSTACK_OMP_THREADS. VLLM_CPU_OMP_THREADS_BIND takes a CPU list ("0-31", "0,1,2": vllm `envs.py`);
 * an explicit list is honoured by every release, unlike the `auto`/`nobind`/`all` spellings.
 */
export const CPU_BIND_SCRIPT = [
  "import os, sys",
  'n = int(os.environ["LLMSTACK_OMP_THREADS"])',
  "cpus = sorted(os.sched_getaffinity(0))[:n]",
  'os.environ["VLLM_CPU_OMP_THREADS_BIND"] = ",".join(str(c) for c in cpus)',
  'os.environ["OMP_NUM_THREADS"] = str(len(cpus))',
  "os.execvp(sys.argv[1], sys.argv[1:])",
].join("\n");

/** The server container's command: `vllm serve`, on CPU behind the thread-binding wrapper. */
export function serverCommand(m: ModelPlan): string[] {
  return m.placement.device === "cpu" ? ["python3", "-c", CPU_BIND_SCRIPT, ...VLLM_COMMAND] : [...VLLM_COMMAND];
}

function serverEnv(plan: PlatformPlan, m: ModelPlan): IEnvVar[] {
  return [
    { name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: SECRETS.apiKey.name, key: SECRETS.apiKey.key } } },
    // Weights come from the cache only; nothing is fetched at start.
    { name: "HF_HUB_OFFLINE", value: "1" },
    { name: "TRANSFORMERS_OFFLINE", value: "1" },
    { name: "HOME", value: HOME },
    // UID 10001 has no /etc/passwd entry: Python's getpass.getuser() (called by torch) reads USER first and
    // raises KeyError without it (docs.python.org/3/library/getpass.html#getpass.getuser).
    { name: "USER", value: "vllm" },
    { name: "HF_HOME", value: `${HOME}/.cache/huggingface` },
    { name: "XDG_CACHE_HOME", value: `${HOME}/.cache` },
    { name: "XDG_CONFIG_HOME", value: `${HOME}/.config` },
    { name: "VLLM_CACHE_ROOT", value: `${HOME}/.cache/vllm` },
    { name: "TRITON_CACHE_DIR", value: `${HOME}/.triton` },
    { name: "TORCHINDUCTOR_CACHE_DIR", value: scratchPath("torchinductor") },
    { name: "VLLM_NO_USAGE_STATS", value: "1" },
    { name: "DO_NOT_TRACK", value: "1" },
    ...(m.placement.device === "cpu"
      ? [
          { name: "VLLM_CPU_KVCACHE_SPACE", value: "1" },
          { name: "LLMSTACK_OMP_THREADS", value: String(cpuThreads(plan, m)) },
        ]
      : []),
  ];
}

/** Waits for the download Job's marker, so the server never starts on a partial cache (also when applied without Pulumi's ordering). */
export function waitForModelContainer(plan: PlatformPlan, m: ModelPlan): IContainer {
  return container(plan, {
    name: "wait-for-model",
    image: m.image,
    command: [
      "sh",
      "-c",
      'until [ "$(cat "$MARKER" 2>/dev/null)" = "$EXPECTED" ]; do echo "waiting for $MARKER ($EXPECTED)"; sleep 10; done',
    ],
    env: [
      { name: "MARKER", value: `${m.modelDir}/${DONE_MARKER}` },
      { name: "EXPECTED", value: m.marker },
    ],
    resources: TINY_RESOURCES,
    volumeMounts: [{ name: "model-cache", mountPath: MODELS_MOUNT, readOnly: true }],
  });
}

/**
 * What the Deployment serves and on which GPU, for readers of the object (and the offline plan, which
 * costs and diffs GPUs from the recorded objects alone): the GPU node preset, its GPU model and memory.
 */
export const SERVER_ANNOTATIONS = {
  servedModel: "llmstack.io/served-model",
  revision: "llmstack.io/revision",
  gpuPreset: "llmstack.io/gpu-preset",
  gpuModel: "llmstack.io/gpu-model",
  gpuMemoryGiB: "llmstack.io/gpu-memory-gib",
} as const;

export function deploymentAnnotations(m: ModelPlan): Record<string, string> {
  const p = m.placement;
  const a = SERVER_ANNOTATIONS;
  return {
    [a.servedModel]: m.repo,
    [a.revision]: m.revision,
    ...(p.device === "gpu" && p.preset ? { [a.gpuPreset]: p.presetName ?? "", [a.gpuModel]: p.preset.gpuModel, [a.gpuMemoryGiB]: String(p.preset.memoryGiB) } : {}),
  };
}

export function deploymentManifest(plan: PlatformPlan, m: ModelPlan): IDeployment {
  const p = m.placement;
  const l = serverLabels(m);
  const gpu = p.device === "gpu";
  const k8s = plan.k8s;
  const preset = p.preset;
  const tol = gpu ? (p.k8s.tolerations ?? [...k8s.gpu.tolerations, ...(preset?.tolerations ?? [])]) : (p.k8s.tolerations ?? []);
  const nodeSelector = gpu ? { ...k8s.gpu.nodeSelector, ...(preset?.nodeSelector ?? {}), ...p.k8s.nodeSelector } : { ...p.k8s.nodeSelector };
  const affinityExprs = [
    ...(gpu ? k8s.gpu.nodeAffinity : []),
    ...(!gpu && requiresAvx512(k8s) ? [{ key: AVX512_NODE_LABEL, operator: "In" as const, values: ["true"] }] : []),
    ...(gpu && k8s.gpu.selectByProductLabel && preset && preset.productLabels.length > 0
      ? [{ key: "nvidia.com/gpu.product", operator: "In" as const, values: [...preset.productLabels] }]
      : []),
    ...p.k8s.nodeAffinity,
  ];
  const affinity = requiredNodeAffinity(affinityExprs);
  const preStop = p.k8s.preStopSleepSecs;
  const startup = startupBudgetSecs(m);
  const inPod = m.download === "server";
  // A ReadWriteOnce cache mounts on one node: the old pod goes before the new one starts.
  const surge = gpu || k8s.modelCache.accessMode !== "ReadWriteMany" ? { maxSurge: 0, maxUnavailable: 1 } : { maxSurge: 1, maxUnavailable: 0 };

  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: metadata(plan, m.name, l, deploymentAnnotations(m)),
    spec: {
      replicas: p.k8s.replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: serverSelector(m) },
      // A surge pod needs a spare GPU, which a small pool does not have: replace in place instead.
      strategy: { type: "RollingUpdate", rollingUpdate: surge },
      template: {
        metadata: { labels: labels(plan, l), annotations: { "llmstack.io/model-marker": m.marker } },
        spec: {
          ...podBasics(plan),
          securityContext: podSecurityContext(plan),
          // preStop keeps serving while endpoints drain, then vLLM gets drainSecs for in-flight requests.
          terminationGracePeriodSeconds: preStop + p.k8s.drainSecs,
          ...(gpu && k8s.gpu.runtimeClassName ? { runtimeClassName: k8s.gpu.runtimeClassName } : {}),
          ...(p.k8s.priorityClassName ? { priorityClassName: p.k8s.priorityClassName } : {}),
          ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
          ...(tol.length > 0 ? { tolerations: tolerations(tol) } : {}),
          ...(affinity ? { affinity } : {}),
          ...(p.k8s.replicas > 1
            ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: serverSelector(m) } }] }
            : {}),
          // The download (in this pod, with a ReadWriteOnce cache) or the wait for the download Job's marker.
          initContainers: [inPod ? downloadContainer(plan, m) : waitForModelContainer(plan, m)],
          containers: [
            container(plan, {
              name: "vllm",
              image: m.image,
              command: serverCommand(m),
              args: serverArgs(m),
              env: serverEnv(plan, m),
              ports: [{ name: "http", containerPort: SERVER_PORT, protocol: "TCP" }],
              resources: serverResources(plan, m),
              // vLLM binds HTTP only once the engine is up, so /health failing means "still loading" until the budget is spent.
              startupProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: PROBE_PERIOD_SECS, timeoutSeconds: 5, failureThreshold: startup / PROBE_PERIOD_SECS },
              readinessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 3 },
              livenessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 5 },
              ...(preStop > 0 ? { lifecycle: { preStop: { exec: { command: ["sleep", String(preStop)] } } } } : {}),
              volumeMounts: [
                { name: "model-cache", mountPath: MODELS_MOUNT, readOnly: true },
                { name: "dshm", mountPath: "/dev/shm" },
                { name: "home", mountPath: HOME },
                SCRATCH_MOUNT,
              ],
            }),
          ],
          volumes: [
            // Read-only for the server container (its mount); writable only for the download in this pod.
            { name: "model-cache", persistentVolumeClaim: { claimName: m.cacheClaim, readOnly: !inPod } },
            // PyTorch shares tensors between processes through /dev/shm; the runtime's 64 MiB default is too small.
            emptyDir("dshm", shmSize(m), "Memory"),
            emptyDir("home", "8Gi"),
            // The download's HF_HOME lives here too when it runs in this pod.
            scratchVolume("8Gi"),
          ],
        },
      },
    },
  };
}

export function serviceManifest(plan: PlatformPlan, m: ModelPlan): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metadata(plan, m.service.name, serverLabels(m)),
    spec: {
      type: "ClusterIP",
      selector: serverSelector(m),
      ports: [{ name: "http", port: m.service.port, targetPort: "http", protocol: "TCP", appProtocol: "http" }],
    },
  };
}

/**
 * maxUnavailable 1 with unhealthyPodEvictionPolicy AlwaysAllow: with two or more replicas a drain
 * takes one at a time; with one it never blocks a drain (minAvailable: 1 would), and a crash-looping
 * pod can always be evicted.
 */
export function pdbManifest(plan: PlatformPlan, name: string, l: AppLabels, matchLabels: Record<string, string>): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(plan, name, l),
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels } },
  };
}

export function serverPdbManifest(plan: PlatformPlan, m: ModelPlan): IPodDisruptionBudget {
  return pdbManifest(plan, m.name, serverLabels(m), serverSelector(m));
}
