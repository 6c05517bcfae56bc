/**
 * What would fail on a real GPU cluster (the review's K findings), checked on the rendered manifests:
 * AVX-512 placement of the CPU image (K1), bounded download memory (K2), no ReadWriteOnce deadlock in
 * any layout (K3), mirrors and proxies reachable (K4), a USER for the non-root vLLM (K7), OpenMP
 * threads bound to the CPU limit (K8), Open WebUI's chunks inside the embedding model (K9), its PVC
 * not hiding the image's caches (K10).
 */
import { spawnSync } from "node:child_process";
import { renderKubernetesManifests } from "../../components/kubernetes/manifests";
import { CPU_BIND_SCRIPT } from "../../components/kubernetes/manifests/modelServer";
import { env, find, all, podSpecs, containersOf, type Obj } from "./support/manifests";
import { exampleConfig, kubernetesIssues, parseValid, rawStackConfig } from "./support/stack";

const TOLERATE = { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] };
const mistral = (extra: object = {}, k: object = {}) => ({ name: "MISTRAL", source: { huggingFaceId: "mistralai/Mistral-7B-Instruct-v0.1", ...extra }, kubernetes: { gpu: "l4", ...k } });
const minilm = (k: object = {}) => ({ name: "MINILM", source: { huggingFaceId: "sentence-transformers/all-MiniLM-L6-v2" }, kubernetes: { cpu: true, ...k } });
const render = (raw: object) => renderKubernetesManifests(parseValid(raw)) as Obj[];
const requiredExprs = (spec: Obj) => spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchExpressions ?? [];

describe("K1: the CPU vLLM image lands on nodes that can run it", () => {
  const avx512 = { key: "feature.node.kubernetes.io/cpu-cpuid.AVX512F", operator: "In", values: ["true"] };
  const cpuPod = (k8s: object) => find(render({ kubernetes: k8s, models: [minilm()] }), "Deployment", "minilm").spec.template.spec;

  test("a pre-v0.17.0 release image (AVX-512 only) requires the NFD AVX512F label; GPU pods do not get it", () => {
    expect(requiredExprs(cpuPod({ images: { vllmCpu: "public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.11.0" } }))).toEqual([avx512]);
    const gpu = find(render({ kubernetes: { gpu: TOLERATE }, models: [mistral()] }), "Deployment", "mistral").spec.template.spec;
    expect(requiredExprs(gpu)).not.toContainEqual(avx512);
  });

  test("a v0.17+ CPU image (AVX2 and AVX-512 in one build) or an explicit opt-out needs no AVX-512 node", () => {
    expect(cpuPod({ images: { vllmCpu: "vllm/vllm-openai-cpu:v0.17.0-x86_64" } }).affinity).toBeUndefined();
    expect(cpuPod({}).affinity).toBeUndefined(); // the catalog's pin (catalog/vllm.ts) is a v0.17+ release
    expect(cpuPod({ images: { vllmCpu: "public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.16.2" } }).affinity).toBeDefined();
    expect(cpuPod({ cpuNodes: { requireAvx512: false } }).affinity).toBeUndefined();
    // A custom build is assumed to be vLLM's default build target (AVX-512) unless said otherwise.
    expect(requiredExprs(cpuPod({ images: { vllmCpu: "registry.example.com/vllm-cpu:1.0" } }))).toEqual([avx512]);
  });
});

describe("K2: the download's memory is bounded", () => {
  const job = find(renderKubernetesManifests(exampleConfig()) as Obj[], "Job", /^download-mistral-/).spec.template.spec.containers[0];

  test("Xet is off by default (plain HTTPS streaming) and the download keeps its 2Gi limit", () => {
    expect(env(job, "HF_HUB_DISABLE_XET").value).toBe("1");
    expect(job.resources.limits.memory).toBe("2Gi");
  });

  test("with Xet on, the limit covers hf_xet's buffers", () => {
    const xet = find(render({ kubernetes: { gpu: TOLERATE, modelCache: { xet: true } }, models: [mistral()] }), "Job", /^download-mistral-/).spec.template.spec.containers[0];
    expect(env(xet, "HF_HUB_DISABLE_XET")).toBeUndefined();
    expect(xet.resources.limits.memory).toBe("10Gi");
  });
});

describe("K3: no ReadWriteOnce deadlock in any layout", () => {
  /** Every (PVC, workload) mounting relation of a rendered platform. */
  function claimUsers(objs: Obj[]): Map<string, string[]> {
    const users = new Map<string, string[]>();
    for (const { owner, spec } of podSpecs(objs)) {
      for (const v of spec.volumes ?? []) {
        const claim = v.persistentVolumeClaim?.claimName;
        if (claim) users.set(claim, [...(users.get(claim) ?? []), owner]);
      }
    }
    return users;
  }

  const layouts = [
    ["ReadWriteOnce", "perModel", [mistral(), minilm()]],
    ["ReadWriteOnce", "shared", [mistral()]],
    ["ReadWriteOncePod", "perModel", [mistral(), minilm()]],
    ["ReadWriteMany", "shared", [mistral({}, { replicas: 2 }), minilm()]],
  ] as const;

  test.each(layouts)("%s cache, %s layout: a single-node claim is mounted by exactly one pod", (accessMode, layout, models) => {
    const objs = render({ kubernetes: { gpu: TOLERATE, modelCache: { accessMode, layout, storageClassName: "disk" } }, models });
    const pvcs = all(objs, "PersistentVolumeClaim").filter((p) => p.metadata.labels["app.kubernetes.io/component"] === "model-cache");
    expect(pvcs.length).toBeGreaterThan(0);
    for (const pvc of pvcs) {
      const users = claimUsers(objs).get(pvc.metadata.name) ?? [];
      if (accessMode === "ReadWriteMany") {
        expect(users.some((u) => u.startsWith("Job/download-"))).toBe(true);
        continue;
      }
      // One Deployment with one replica, and no download Job, mounts it.
      expect([pvc.metadata.name, users]).toEqual([pvc.metadata.name, [expect.stringMatching(/^Deployment\//)]]);
      const dep = find(objs, "Deployment", users[0].split("/")[1]);
      expect(dep.spec.replicas).toBe(1);
      // The old pod releases the disk before the new one starts (no surge).
      expect(dep.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    }
    if (accessMode !== "ReadWriteMany") expect(all(objs, "Job").filter((j) => j.metadata.name.startsWith("download-"))).toEqual([]);
  });

  test("on a ReadWriteOnce cache the server's own pod downloads: the same script, writable there, read-only for vLLM", () => {
    const rwo = render({ kubernetes: { gpu: TOLERATE, modelCache: { accessMode: "ReadWriteOnce", layout: "perModel" } }, models: [mistral()] });
    const rwx = render({ kubernetes: { gpu: TOLERATE }, models: [mistral()] });
    const pod = find(rwo, "Deployment", "mistral").spec.template.spec;
    const [init] = pod.initContainers;
    const job = find(rwx, "Job", /^download-mistral-/).spec.template.spec.containers[0];
    expect(init.name).toBe("download");
    expect(init.command).toEqual(job.command);
    for (const name of ["MODEL_REPO", "MODEL_REVISION", "MODEL_DIR", "HF_HUB_DISABLE_XET"]) expect([name, env(init, name)]).toEqual([name, env(job, name)]);
    // The server image is already on the GPU node: no multi-GB CPU image is pulled for the download.
    expect(init.image).toBe(pod.containers[0].image);
    expect(init.volumeMounts).toContainEqual({ name: "model-cache", mountPath: "/models" });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "model-cache", mountPath: "/models", readOnly: true });
    expect(pod.volumes.find((v: Obj) => v.name === "model-cache").persistentVolumeClaim.readOnly).toBe(false);
    // NetworkPolicies select pods, so the downloading server pod gets the download egress.
    const np = find(rwo, "NetworkPolicy", "download-mistral");
    expect(np.spec.podSelector.matchLabels).toEqual({ "app.kubernetes.io/name": "vllm", "app.kubernetes.io/instance": "mistral" });
  });
});

describe("K4: the downloads reach the mirror or proxy they are given", () => {
  test("a private mirror listed in downloadEgress is accepted, and the NetworkPolicy opens exactly it", () => {
    const raw = {
      kubernetes: { gpu: TOLERATE, networkPolicy: { downloadEgress: [{ ipBlock: { cidr: "10.20.30.40/32" }, ports: [8443] }] } },
      models: [mistral({ mirrorEndpoint: "https://10.20.30.40:8443" })],
    };
    expect(kubernetesIssues(raw)).toEqual([]);
    const np = find(render(raw), "NetworkPolicy", "download-mistral");
    expect(np.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: "10.20.30.40/32" } }], ports: [{ protocol: "TCP", port: 8443 }] });
    const job = find(render(raw), "Job", /^download-mistral-/).spec.template.spec.containers[0];
    expect(env(job, "HF_ENDPOINT").value).toBe("https://10.20.30.40:8443");
  });

  test("an in-cluster mirror is reached through a pod selector; a public mirror on 443 needs nothing", () => {
    expect(
      kubernetesIssues({
        kubernetes: { gpu: TOLERATE, networkPolicy: { downloadEgress: [{ namespaceSelector: { "kubernetes.io/metadata.name": "mirrors" }, podSelector: { app: "hf-mirror" }, ports: [8080] }] } },
        models: [mistral({ mirrorEndpoint: "https://hf-mirror.mirrors.svc.cluster.local" })],
      }),
    ).toEqual([]);
    expect(kubernetesIssues({ kubernetes: { gpu: TOLERATE }, models: [mistral({ mirrorEndpoint: "https://hf-mirror.com" })] })).toEqual([]);
  });

  test("HTTPS_PROXY, HTTP_PROXY and NO_PROXY reach the download, and the proxy is allowed on its port", () => {
    const raw = {
      kubernetes: {
        gpu: TOLERATE,
        proxy: { httpsProxy: "http://10.0.0.5:3128", httpProxy: "http://10.0.0.5:3128", noProxy: [".svc", "10.0.0.0/8"] },
        networkPolicy: { internetEgress: [], downloadEgress: [{ ipBlock: { cidr: "10.0.0.5/32" }, ports: [3128] }] },
      },
      models: [mistral()],
    };
    expect(kubernetesIssues(raw)).toEqual([]);
    const objs = render(raw);
    const job = find(objs, "Job", /^download-mistral-/).spec.template.spec.containers[0];
    expect([env(job, "HTTPS_PROXY").value, env(job, "HTTP_PROXY").value, env(job, "NO_PROXY").value]).toEqual(["http://10.0.0.5:3128", "http://10.0.0.5:3128", ".svc,10.0.0.0/8"]);
    // Only the proxy: with internetEgress emptied, nothing else is open.
    expect(find(objs, "NetworkPolicy", "download-mistral").spec.egress).toEqual([{ to: [{ ipBlock: { cidr: "10.0.0.5/32" } }], ports: [{ protocol: "TCP", port: 3128 }] }]);
  });

  test("with NetworkPolicies off nothing is blocked, so nothing is refused", () => {
    expect(kubernetesIssues({ kubernetes: { gpu: TOLERATE, networkPolicy: { enabled: false } }, models: [mistral({ mirrorEndpoint: "https://10.1.1.1" })] })).toEqual([]);
  });
});

describe("K7, K8: the vLLM processes as they start", () => {
  const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
  const gpu = find(objs, "Deployment", "mistral").spec.template.spec.containers[0];
  const cpu = find(objs, "Deployment", "minilm").spec.template.spec.containers[0];

  test("K7: USER is set for the UID without a passwd entry (getpass.getuser)", () => {
    for (const c of [gpu, cpu]) expect(env(c, "USER").value).toBe("vllm");
  });

  test("K8: the CPU server binds limit − 1 OpenMP threads (one core left to the API server), following the configured limit", () => {
    expect(cpu.resources.limits.cpu).toBe("4");
    expect(env(cpu, "LLMSTACK_OMP_THREADS").value).toBe("3");
    expect(cpu.command.slice(0, 3)).toEqual(["python3", "-c", CPU_BIND_SCRIPT]);
    expect(cpu.command.slice(3)).toEqual(["vllm", "serve"]);
    const eight = find(render({ kubernetes: {}, models: [minilm({ resources: { limits: { cpu: "8" } } })] }), "Deployment", "minilm").spec.template.spec.containers[0];
    expect(env(eight, "LLMSTACK_OMP_THREADS").value).toBe("7");
    const half = find(render({ kubernetes: {}, models: [minilm({ resources: { limits: { cpu: "500m" } } })] }), "Deployment", "minilm").spec.template.spec.containers[0];
    expect(env(half, "LLMSTACK_OMP_THREADS").value).toBe("1");
  });

  test("K8: the wrapper binds that many CPUs of the container's own cpuset and execs the command", () => {
    const run = (threads: string) =>
      spawnSync("python3", ["-c", CPU_BIND_SCRIPT, "sh", "-c", 'echo "$VLLM_CPU_OMP_THREADS_BIND|$OMP_NUM_THREADS"'], { env: { PATH: process.env.PATH, LLMSTACK_OMP_THREADS: threads }, encoding: "utf8" });
    const allowed = spawnSync("python3", ["-c", "import os; print(','.join(map(str, sorted(os.sched_getaffinity(0)))))"], { encoding: "utf8" }).stdout.trim().split(",");
    const one = run("1");
    expect([one.status, one.stdout.trim()]).toEqual([0, `${allowed[0]}|1`]);
    const many = run("64");
    expect(many.stdout.trim()).toBe(`${allowed.join(",")}|${allowed.length}`);
  });
});

describe("K9, K10: Open WebUI", () => {
  const objs = renderKubernetesManifests(exampleConfig()) as Obj[];
  const pod = find(objs, "Deployment", "open-webui").spec.template.spec;
  const ui = pod.containers[0];

  test("K9: uploads are chunked inside MiniLM's 256 tokens (3 characters per token at most)", () => {
    expect(Number(env(ui, "CHUNK_SIZE").value)).toBe(768);
    expect(Number(env(ui, "CHUNK_OVERLAP").value)).toBe(100);
    const raw = rawStackConfig() as Obj;
    raw.kubernetes.ui.chunkSize = 600;
    const custom = find(renderKubernetesManifests(parseValid(raw)) as Obj[], "Deployment", "open-webui").spec.template.spec.containers[0];
    expect(env(custom, "CHUNK_SIZE").value).toBe("600");
  });

  test("K10: the data PVC is mounted outside the image's /app/backend/data, whose baked caches stay visible", () => {
    const data = ui.volumeMounts.find((m: Obj) => m.name === "data");
    expect(env(ui, "DATA_DIR").value).toBe(data.mountPath);
    const baked = "/app/backend/data/cache";
    // No mount at, above or inside the baked cache directory.
    for (const m of ui.volumeMounts) expect([m.mountPath, `${baked}/`.startsWith(`${m.mountPath}/`) || m.mountPath.startsWith(`${baked}/`)]).toEqual([m.mountPath, false]);
  });
});

test("every container still runs with the restricted security context after these changes", () => {
  const objs = render({ kubernetes: { gpu: TOLERATE, modelCache: { accessMode: "ReadWriteOnce", layout: "perModel" }, ui: { enabled: true }, vectorStore: { enabled: true } }, models: [mistral(), minilm()] });
  for (const { spec } of podSpecs(objs)) for (const c of containersOf(spec)) expect([c.name, c.securityContext?.allowPrivilegeEscalation, c.securityContext?.capabilities?.drop]).toEqual([c.name, false, ["ALL"]]);
});
